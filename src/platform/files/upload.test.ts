import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { deflateSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { registerErrorHandling } from "../http/errors.ts";
import { translator } from "../i18n/index.ts";
import { checkUpload, displayName } from "./check.ts";
import {
  chunk,
  EXIF_SEGMENT,
  exeBytes,
  JPEG,
  jpegWith,
  PNG,
  pdfBytes,
  SECRET,
  zipBytes,
} from "./fixtures.ts";
import { readUpload, registerUploads, UPLOAD_LIMITS } from "./multipart.ts";
import { sendStoredFile } from "./serve.ts";
import { fileStoreFor, getFile, recordFile } from "./store.ts";
import { stripMetadata } from "./strip.ts";

const MB = 1024 * 1024;
const LIMIT = 10 * MB;
const KEY = Buffer.alloc(32, 5);

/**
 * A throw-away application doing what the applications module does with an upload: read, check, strip,
 * store, record; and a download route serving the stored file back.
 */
async function uploadApp(testDb: TestDatabase, dataDir: string): Promise<FastifyInstance> {
  const db = testDb.handle.db;
  const store = fileStoreFor({ dataDir, personalDataKey: KEY });
  // A download's last read can end after the client has every byte; closing then would wait out the
  // keep-alive of a connection that was still busy a moment before.
  const app = Fastify({ forceCloseConnections: true });
  const t = translator("en");
  app.decorateRequest("t", null as never);
  app.addHook("onRequest", (request, _reply, done) => {
    request.t = t;
    done();
  });
  registerErrorHandling(app, () => "a problem page");
  await app.register(async (scope) => {
    await registerUploads(scope);
    scope.post("/materials", { config: { policy: "public" } }, async (request) => {
      const upload = await readUpload(request, { maxBytes: LIMIT });
      const checked = await checkUpload(upload.bytes, { maxBytes: LIMIT });
      const stored = await store.put(stripMetadata(upload.bytes, checked.type));
      await recordFile(db, { ...stored, mediaType: checked.mediaType, activeContent: checked.activeContent });
      return {
        ...stored,
        name: displayName(upload.filename, checked.extension),
        activeContent: checked.activeContent,
        fields: upload.fields,
      };
    });
  });
  app.post("/json", { config: { policy: "public" } }, async (request) => request.body);
  app.get<{ Params: { sha256: string }; Querystring: { name: string } }>(
    "/files/:sha256",
    { config: { policy: "public" } },
    async (request, reply) => {
      const file = await getFile(db, request.params.sha256);
      return sendStoredFile(reply, {
        stream: store.stream(file.sha256),
        mediaType: file.mediaType,
        displayName: request.query.name,
        size: file.size,
      });
    },
  );
  await app.ready();
  return app;
}

function form(
  file?: { bytes: Uint8Array; name: string; type?: string },
  fields: Record<string, string> = {},
) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  if (file)
    data.append(
      "file",
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/pdf" }),
      file.name,
    );
  return data;
}

let testDb: TestDatabase;
let dataDir: string;
let app: FastifyInstance;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), "tongban-uploads-"));
  app = await uploadApp(testDb, dataDir);
});
afterAll(async () => {
  await app?.close();
  await testDb?.close();
});

const upload = (payload: FormData) => app.inject({ method: "POST", url: "/materials", payload });

describe("uploading a material", () => {
  it("stores a photo without its Exif GPS, under a name that is no path", async () => {
    const photo = jpegWith(JPEG, EXIF_SEGMENT);
    const response = await upload(
      form({ bytes: photo, name: "../../etc/passwd", type: "image/jpeg" }, { note: "正面" }),
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ name: "passwd.jpg", activeContent: false, fields: { note: "正面" } });
    const stored = await fileStoreFor({ dataDir, personalDataKey: KEY }).read(body.sha256);
    expect(stored.includes(SECRET)).toBe(false);
    expect(stored.equals(JPEG)).toBe(true);
  });

  it("refuses a program named .pdf, a web page named .png and a ZIP named .pdf", async () => {
    const html = Buffer.from("<html><script>fetch('/api/v1/me')</script></html>");
    for (const [bytes, name, found] of [
      [exeBytes(), "scan.pdf", "an executable program (exe)"],
      [html, "photo.png", "a web page (html)"],
      [zipBytes(), "materials.pdf", "a ZIP archive (zip)"],
    ] as const) {
      const response = await upload(form({ bytes, name }));
      expect(response.statusCode).toBe(415);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.json()).toMatchObject({ code: "file_type_refused" });
      expect(response.json().detail).toContain(found);
    }
  });

  it("refuses an image bomb — 20 KB that would open as 2.5 billion pixels — and stores nothing", async () => {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(50_000, 0);
    header.writeUInt32BE(50_000, 4);
    header[8] = 8;
    const bomb = Buffer.concat([
      PNG.subarray(0, 8),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(Buffer.alloc(16 * MB))),
      chunk("IEND", ""),
    ]);
    const before = readdirSync(dataDir, { recursive: true }).length;
    const response = await upload(form({ bytes: bomb, name: "证件照.png" }));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: "image_too_many_pixels" });
    expect(response.json().detail).toContain("50000 × 50000 pixels");
    expect(readdirSync(dataDir, { recursive: true }).length).toBe(before);
  });

  it("refuses an empty file, and a request without a file", async () => {
    const empty = await upload(form({ bytes: new Uint8Array(0), name: "empty.pdf" }));
    expect(empty.json()).toMatchObject({ status: 400, code: "file_empty" });
    const none = await upload(form(undefined, { note: "no file" }));
    expect(none.json()).toMatchObject({ status: 400, code: "file_missing" });
    // What a browser sends when no file was chosen: a file part with no name and no content.
    const unchosen = await upload(form({ bytes: new Uint8Array(0), name: "" }));
    expect(unchosen.json()).toMatchObject({ status: 400, code: "file_missing" });
  });

  it("refuses two files, or more fields than a form needs", async () => {
    const two = form({ bytes: PNG, name: "a.png" });
    two.append("second", new Blob([PNG]), "b.png");
    expect((await upload(two)).json()).toMatchObject({ status: 413, code: "upload_form_refused" });
    const fields = Object.fromEntries(
      Array.from({ length: UPLOAD_LIMITS.fields + 1 }, (_, i) => [`f${i}`, "x"]),
    );
    const many = await upload(form({ bytes: PNG, name: "a.png" }, fields));
    expect(many.json()).toMatchObject({ status: 413, code: "upload_form_refused" });
    const long = await upload(form({ bytes: PNG, name: "a.png" }, { note: "x".repeat(2000) }));
    expect(long.json()).toMatchObject({ status: 413, code: "upload_form_refused" });
  });

  it("takes multipart bodies only where uploads are registered", async () => {
    const json = await app.inject({ method: "POST", url: "/materials", payload: { file: "x" } });
    expect(json.json()).toMatchObject({ status: 415, code: "unsupported_media_type" });
    const elsewhere = await app.inject({
      method: "POST",
      url: "/json",
      payload: form({ bytes: PNG, name: "a.png" }),
    });
    expect(elsewhere.statusCode).toBe(415);
    const plain = await app.inject({ method: "POST", url: "/json", payload: { still: "json" } });
    expect(plain.json()).toEqual({ still: "json" });
  });

  it("stores the same content uploaded twice as one file and one row", async () => {
    const pdf = pdfBytes({ catalog: "/Lang (zh-CN)" });
    const first = (await upload(form({ bytes: pdf, name: "a.pdf" }))).json();
    const second = (await upload(form({ bytes: pdf, name: "b.pdf" }))).json();
    expect(second.sha256).toBe(first.sha256);
    const folder = join(dataDir, "files", first.sha256.slice(0, 2), first.sha256.slice(2, 4));
    expect(readdirSync(folder).filter((name) => name.startsWith(first.sha256))).toEqual([first.sha256]);
    const rows = await testDb.handle.db
      .selectFrom("files")
      .select("sha256")
      .where("sha256", "=", first.sha256)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("stops reading a 200 MB upload at the 10 MB limit, without holding it in memory", async () => {
    const boundary = "tongban-boundary-7d1f";
    let produced = 0;
    async function* body() {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n` +
          "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n",
      );
      for (let i = 0; i < 200; i++) {
        const chunk = Buffer.alloc(MB, 0x20); // a fresh megabyte each time: holding them would show
        produced += chunk.length;
        yield chunk;
      }
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    }
    const before = process.memoryUsage().rss;
    const response = await app.inject({
      method: "POST",
      url: "/materials",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: Readable.from(body()),
    });
    const grown = process.memoryUsage().rss - before;
    expect(response.json()).toMatchObject({ status: 413, code: "file_too_large" });
    expect(response.json().detail).toContain("10 MB");
    expect(produced).toBeLessThan(20 * MB);
    expect(grown).toBeLessThan(100 * MB);
  });
});

describe("serving a stored file", () => {
  it("serves a PDF with script only as an attachment, with nosniff and a sandbox", async () => {
    const pdf = pdfBytes({ catalog: "/OpenAction << /S /JavaScript /JS (app.alert(document.cookie)) >>" });
    const stored = (await upload(form({ bytes: pdf, name: "申请表.pdf" }))).json();
    expect(stored.activeContent).toBe(true);
    expect(await getFile(testDb.handle.db, stored.sha256)).toMatchObject({ activeContent: true });
    const response = await app.inject({
      url: `/files/${stored.sha256}?name=${encodeURIComponent(stored.name)}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      "content-type": "application/pdf",
      "content-length": String(pdf.length),
      "content-disposition": `attachment; filename="___.pdf"; filename*=UTF-8''%E7%94%B3%E8%AF%B7%E8%A1%A8.pdf`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'; frame-ancestors 'none'",
      "cache-control": "private, no-store",
    });
    expect(response.rawPayload.equals(pdf)).toBe(true);
  });

  it("keeps quotes, semicolons and line breaks of a name out of the header's syntax", async () => {
    const stored = (await upload(form({ bytes: PNG, name: "a.png", type: "image/png" }))).json();
    const name = 'x"; filename=evil.html\r\nSet-Cookie: a=b.png';
    const response = await app.inject({ url: `/files/${stored.sha256}?name=${encodeURIComponent(name)}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["set-cookie"]).toBeUndefined();
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="x_; filename=evil.htmlSet-Cookie: a=b.png"; ` +
        "filename*=UTF-8''x%22%3B%20filename%3Devil.htmlSet-Cookie%3A%20a%3Db.png",
    );
  });

  it("answers 404 for an id with ../ and for a recorded file whose bytes are missing", async () => {
    const tricky = await app.inject({ url: `/files/..%2F..%2Fetc%2Fpasswd?name=x` });
    expect(tricky.json()).toMatchObject({ status: 404, code: "not_found" });
    const missing = await (async () => {
      const id = "f".repeat(64);
      await recordFile(testDb.handle.db, {
        sha256: id,
        size: 3,
        mediaType: "image/png",
        activeContent: false,
      });
      return app.inject({ url: `/files/${id}?name=x.png` });
    })();
    expect(missing.json()).toMatchObject({ status: 404, code: "not_found" });
    expect(missing.headers["content-disposition"]).toBeUndefined();
  });

  it("answers 500 for a stored file changed on disk, and sends none of its bytes", async () => {
    const pdf = pdfBytes({ catalog: "/Title (changed on disk)" });
    const { sha256 } = (await upload(form({ bytes: pdf, name: "a.pdf" }))).json();
    const path = join(dataDir, "files", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    const sealed = readFileSync(path);
    expect(sealed.includes(Buffer.from("%PDF"))).toBe(false);
    const good = await app.inject({ url: `/files/${sha256}?name=a.pdf` });
    expect(good.rawPayload.equals(pdf)).toBe(true);
    const changed = Buffer.from(sealed);
    changed[sealed.length - 20] = (changed[sealed.length - 20] as number) ^ 1;
    writeFileSync(path, changed);
    const refused = await app.inject({ url: `/files/${sha256}?name=a.pdf` });
    expect(refused.statusCode).toBe(500);
    expect(refused.json()).toMatchObject({ status: 500, code: "internal" });
    expect(refused.headers["content-disposition"]).toBeUndefined();
    writeFileSync(path, sealed);
  });

  it("goes end to end over real HTTP: a browser's form upload, then the download", async () => {
    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    const sent = await fetch(`${address}/materials`, {
      method: "POST",
      body: form({ bytes: jpegWith(JPEG, EXIF_SEGMENT), name: "C:\\x\\..\\y.jpeg", type: "image/jpeg" }),
    });
    expect(sent.status).toBe(200);
    const stored = (await sent.json()) as { sha256: string; name: string };
    expect(stored.name).toBe("y.jpg");
    const got = await fetch(`${address}/files/${stored.sha256}?name=${stored.name}`);
    expect(got.headers.get("content-disposition")).toBe(
      `attachment; filename="y.jpg"; filename*=UTF-8''y.jpg`,
    );
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await got.arrayBuffer()).equals(JPEG)).toBe(true);
  });
});
