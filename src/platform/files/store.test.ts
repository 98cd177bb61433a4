import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buffer, text } from "node:stream/consumers";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { cryptoSuite, DecryptionError, keyId, setRetiredKeys } from "../crypto.ts";
import { AppError } from "../errors.ts";
import { pdfBytes } from "./fixtures.ts";
import { fileStoreFor, findFile, getFile, pathIn, recordFile, storeRoot } from "./store.ts";

const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

/** Every file under a folder, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const personalDataKey = randomBytes(32);

describe("the file store on disk", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tongban-files-"));
  const store = fileStoreFor({ dataDir, personalDataKey });

  it("stores content under files/<aa>/<bb>/<sha256> and reads it back", async () => {
    const content = Buffer.from("%PDF-1.7 a material");
    const stored = await store.put(content);
    const id = sha256(content);
    expect(stored).toEqual({ sha256: id, size: content.length });
    expect(filesUnder(join(dataDir, "files"))).toContain(join(id.slice(0, 2), id.slice(2, 4), id));
    expect((await store.read(id)).equals(content)).toBe(true);
    expect(await text(store.stream(id))).toBe(content.toString());
    expect(await store.exists(id)).toBe(true);
  });

  it("stores the same content twice, or twice at once, as one file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tongban-files-"));
    const twice = fileStoreFor({ dataDir: dir, personalDataKey });
    const content = Buffer.from("the same scan, uploaded for two applications");
    const [a, b] = await Promise.all([twice.put(content), twice.put(content)]);
    await twice.put(content);
    expect(a).toEqual(b);
    expect(filesUnder(join(dir, "files"))).toHaveLength(1);
  });

  it("never counts a half-written temporary file as the file", async () => {
    const content = Buffer.from("written after a crash");
    const id = sha256(content);
    const folder = join(dataDir, "files", id.slice(0, 2), id.slice(2, 4));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${id}.0123456789ab.tmp`), content.subarray(0, 5));
    expect(await store.exists(id)).toBe(false);
    await store.put(content);
    expect((await store.read(id)).equals(content)).toBe(true);
  });

  it("refuses ids that are not a SHA-256 before touching the disk: no ../ can get through", async () => {
    const tricks = [
      `../../../etc/passwd`,
      `../${"a".repeat(61)}`,
      `${"a".repeat(62)}/.`,
      "A".repeat(64),
      `${"a".repeat(63)}\0`,
      "",
    ];
    for (const id of tricks) {
      expect(await refusal(() => store.read(id))).toMatchObject({ code: "not_found", status: 404 });
      expect(await refusal(() => store.exists(id))).toMatchObject({ code: "not_found" });
      expect(() => store.stream(id)).toThrow(AppError);
    }
  });

  it("answers not found for a well-formed id with no file, also from the stream", async () => {
    const id = sha256("never stored");
    expect(await store.exists(id)).toBe(false);
    expect(await refusal(() => store.read(id))).toMatchObject({ code: "not_found", status: 404 });
    expect(await refusal(() => text(store.stream(id)))).toMatchObject({ code: "not_found" });
  });
});

/** Every stream's bytes until it fails: what a client would have been sent. */
async function sentBefore(stream: NodeJS.ReadableStream): Promise<{ sent: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { sent: Buffer.concat(chunks), error: undefined };
  } catch (error) {
    return { sent: Buffer.concat(chunks), error };
  }
}

describe("files sealed at rest", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tongban-sealed-"));
  const store = fileStoreFor({ dataDir, personalDataKey });
  const pathOf = (id: string) => pathIn(storeRoot({ dataDir }), id);
  const MARKER = "居民身份证 330102199001011234 TONGBAN-MATERIAL-MARKER";
  /** A scan of some 200 KB: four chunks, the last one short. */
  const scan = () =>
    pdfBytes({
      objects: [Buffer.from(`4 0 obj\n(${MARKER})\n${randomBytes(100_000).toString("hex")}\nendobj\n`)],
    });

  it("holds no plaintext on disk, says which key and scheme sealed it, and reads and streams it back", async () => {
    const content = scan();
    const { sha256: id, size } = await store.put(content);
    expect(id).toBe(sha256(content));
    expect(size).toBe(content.length);
    const raw = readFileSync(pathOf(id));
    expect(raw.includes(Buffer.from(MARKER))).toBe(false);
    expect(raw.includes(Buffer.from("%PDF"))).toBe(false);
    expect(raw.subarray(0, 8).toString("latin1")).toBe("\x89TBSEAL\n");
    expect(raw.subarray(8, 10).toString()).toBe(cryptoSuite() === "national" ? "n1" : "a1");
    expect(raw.subarray(10, 18).toString()).toBe(keyId(personalDataKey));
    expect((await store.read(id)).equals(content)).toBe(true);
    expect((await buffer(store.stream(id))).equals(content)).toBe(true);
    const small = Buffer.from("%PDF-1.7 short");
    const stored = await store.put(small);
    expect((await buffer(store.stream(stored.sha256))).equals(small)).toBe(true);
  });

  it("refuses a file changed on disk: read fails, and the stream sends no byte that was not sealed", async () => {
    const content = scan();
    const { sha256: id } = await store.put(content);
    const sealed = readFileSync(pathOf(id));
    const changed = Buffer.from(sealed);
    // A byte of the third chunk.
    changed[34 + 2 * 65_600 + 10] = (changed[34 + 2 * 65_600 + 10] as number) ^ 1;
    writeFileSync(pathOf(id), changed);
    await expect(store.read(id)).rejects.toThrow(DecryptionError);
    await expect(store.read(id)).rejects.toThrow(
      new RegExp(`the stored file ${id} cannot be read: it was changed since it was sealed`),
    );
    const streamed = await sentBefore(store.stream(id));
    expect(streamed.error).toBeInstanceOf(DecryptionError);
    expect(content.subarray(0, streamed.sent.length).equals(streamed.sent)).toBe(true);
    expect(streamed.sent.length).toBeLessThan(content.length);

    // Changed in the first chunk, the stream fails before its first byte (a 500, not an attachment).
    const first = Buffer.from(sealed);
    first[40] = (first[40] as number) ^ 1;
    writeFileSync(pathOf(id), first);
    expect(await sentBefore(store.stream(id))).toMatchObject({ sent: Buffer.alloc(0) });
    // Cut short at a chunk's end, or the key id in its header changed.
    writeFileSync(pathOf(id), sealed.subarray(0, 34 + 65_552));
    await expect(store.read(id)).rejects.toThrow(/changed since it was sealed \(or cut short\)/);
    const header = Buffer.from(sealed);
    header.write("AAAAAAAA", 10, "latin1");
    writeFileSync(pathOf(id), header);
    await expect(store.read(id)).rejects.toThrow(
      /sealed under key AAAAAAAA, which is neither PERSONAL_DATA_KEY/,
    );
    writeFileSync(pathOf(id), sealed);
    expect((await store.read(id)).equals(content)).toBe(true);
  });

  it("never opens one sealed file under another's name", async () => {
    const a = await store.put(Buffer.from("%PDF-1.7 the first applicant's scan"));
    const b = await store.put(Buffer.from("%PDF-1.7 the second applicant's scan"));
    writeFileSync(pathOf(b.sha256), readFileSync(pathOf(a.sha256)));
    await expect(store.read(b.sha256)).rejects.toThrow(/changed since it was sealed/);
  });

  it("serves a file stored in clear before sealing as it is", async () => {
    const content = Buffer.from("%PDF-1.7 stored before files were sealed");
    const id = sha256(content);
    mkdirSync(join(pathOf(id), ".."), { recursive: true });
    writeFileSync(pathOf(id), content);
    expect((await store.read(id)).equals(content)).toBe(true);
    expect((await buffer(store.stream(id))).equals(content)).toBe(true);
    // Stored again, it stays as it is until `tongban keys rotate` seals it.
    await store.put(content);
    expect(readFileSync(pathOf(id)).equals(content)).toBe(true);
  });

  it("opens a file under a retired key, and names the key when it is not in the ring", async () => {
    const content = Buffer.from("%PDF-1.7 sealed before the key was rotated");
    const { sha256: id } = await store.put(content);
    const next = randomBytes(32);
    const rotated = fileStoreFor({ dataDir, personalDataKey: next });
    setRetiredKeys(next, [personalDataKey]);
    expect((await rotated.read(id)).equals(content)).toBe(true);
    setRetiredKeys(next, []);
    await expect(rotated.read(id)).rejects.toThrow(
      `sealed under key ${keyId(personalDataKey)}, which is neither PERSONAL_DATA_KEY (${keyId(next)})`,
    );
  });
});

describe("the files table", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it("records a file once, and reads its size back as a number", async () => {
    const db = testDb.handle.db;
    const file = { sha256: sha256("row"), size: 5_000_000_000, mediaType: "application/pdf" as const };
    await recordFile(db, { ...file, activeContent: true });
    await recordFile(db, { ...file, activeContent: false });
    const rows = await db.selectFrom("files").selectAll().where("sha256", "=", file.sha256).execute();
    expect(rows).toHaveLength(1);
    const found = await getFile(db, file.sha256);
    expect(found).toMatchObject({ sha256: file.sha256, size: 5_000_000_000, activeContent: true });
    expect(found.createdAt).toBeInstanceOf(Date);
  });

  it("finds nothing for an unknown or malformed id, and getFile answers 404", async () => {
    const db = testDb.handle.db;
    expect(await findFile(db, sha256("unknown"))).toBeUndefined();
    expect(await findFile(db, "../x")).toBeUndefined();
    expect(await refusal(() => getFile(db, sha256("unknown")))).toMatchObject({ status: 404 });
  });

  it("refuses rows the checks forbid", async () => {
    const db = testDb.handle.db;
    const insert = (values: string) =>
      sql.raw(`insert into files (sha256, size, media_type, active_content) values ${values}`).execute(db);
    const good = sha256("checks");
    await expect(insert(`('${good.toUpperCase()}', 1, 'image/png', false)`)).rejects.toThrow(/check/);
    await expect(insert(`('../etc', 1, 'image/png', false)`)).rejects.toThrow(/check/);
    await expect(insert(`('${good}', 0, 'image/png', false)`)).rejects.toThrow(/check/);
    await expect(insert(`('${good}', 1, 'text/html', false)`)).rejects.toThrow(/check/);
    await expect(insert(`('${good}', 1, 'image/png', true)`)).rejects.toThrow(/check/);
    await insert(`('${good}', 1, 'image/png', false)`);
  });
});
