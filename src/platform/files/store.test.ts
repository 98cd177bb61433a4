import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { AppError } from "../errors.ts";
import { fileStoreFor, findFile, getFile, recordFile } from "./store.ts";

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

describe("the file store on disk", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tongban-files-"));
  const store = fileStoreFor({ dataDir });

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
    const twice = fileStoreFor({ dataDir: dir });
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
