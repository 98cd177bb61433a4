import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { ClamdSettings } from "../clamd-settings.ts";
import { AppError } from "../errors.ts";
import { ANONYMOUS } from "../policy.ts";
import { ClamdFailure, pingClamd, scanWithClamd } from "./clamd.ts";
import {
  clamdSuite,
  EICAR,
  MARKER,
  MARKER_SIGNATURE,
  silentPeer,
  startClamd,
  type TestClamd,
} from "./clamd-testing.ts";
import { pdfBytes } from "./fixtures.ts";
import { admitUpload } from "./scan.ts";

const markedPdf = () => pdfBytes({ objects: [Buffer.from(`4 0 obj\n(${MARKER})\nendobj\n`, "latin1")] });
const MB = 1024 * 1024;

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

clamdSuite("clamd's INSTREAM protocol against a real clamd", () => {
  let clamd: TestClamd;
  beforeAll(async () => {
    clamd = await startClamd({ streamMaxLength: "1M" });
  });
  afterAll(() => clamd?.stop());

  it("answers a clean file OK, over the unix socket and over TCP", async () => {
    await expect(scanWithClamd(clamd.settings, pdfBytes())).resolves.toEqual({ found: false });
    await expect(scanWithClamd(clamd.tcp, pdfBytes())).resolves.toEqual({ found: false });
    await expect(pingClamd(clamd.tcp, 1_000)).resolves.toBeUndefined();
  });

  it("names the signature found: the EICAR file, the EICAR string and our marker inside a PDF", async () => {
    expect(await scanWithClamd(clamd.settings, Buffer.from(EICAR, "latin1"))).toEqual({
      found: true,
      signature: expect.stringMatching(/^(Win\.Test\.EICAR_HDB-1|Tongban\.Test\.EICAR)/),
    });
    const eicarInPdf = pdfBytes({ objects: [Buffer.from(`4 0 obj\n(${EICAR})\nendobj\n`, "latin1")] });
    expect(await scanWithClamd(clamd.tcp, eicarInPdf)).toEqual({
      found: true,
      signature: "Tongban.Test.EICAR.UNOFFICIAL",
    });
    expect(await scanWithClamd(clamd.settings, markedPdf())).toEqual({
      found: true,
      signature: `${MARKER_SIGNATURE}.UNOFFICIAL`,
    });
  });

  it("sends a file of many chunks whole: a marker at its end is found", async () => {
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(900 * 1024, 0x20), Buffer.from(MARKER)]);
    expect(await scanWithClamd(clamd.settings, big)).toMatchObject({ found: true });
  });

  it("reports clamd's StreamMaxLength as size_limit, over either socket", async () => {
    for (const settings of [clamd.settings, clamd.tcp]) {
      const error = await failure(scanWithClamd(settings, Buffer.alloc(3 * MB, 0x41)));
      expect(error).toBeInstanceOf(ClamdFailure);
      expect((error as ClamdFailure).kind).toBe("size_limit");
      expect(error.message).toMatch(/larger than its StreamMaxLength/);
    }
  });

  it("fails as unreachable at a socket nobody listens on", async () => {
    const settings: ClamdSettings = {
      ...clamd.settings,
      url: "unix:///nonexistent/clamd.ctl",
      address: { path: "/nonexistent/clamd.ctl" },
    };
    const error = await failure(scanWithClamd(settings, pdfBytes()));
    expect(error).toMatchObject({ kind: "unreachable" });
    expect(error.message).toMatch(
      /^clamd at unix:\/\/\/nonexistent\/clamd\.ctl could not be reached \(ENOENT\)/,
    );
  });

  it("gives up on a clamd that accepts and never answers, at the timeout", async () => {
    const peer = await silentPeer();
    try {
      const settings: ClamdSettings = {
        url: peer.url,
        address: { host: "127.0.0.1", port: Number(new URL(peer.url).port) },
        timeoutMs: 500,
      };
      const started = Date.now();
      const error = await failure(scanWithClamd(settings, pdfBytes()));
      expect(error).toMatchObject({ kind: "timeout" });
      expect(error.message).toBe(`clamd at ${peer.url} did not answer within 0.5 s`);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await peer.close();
    }
  });
});

clamdSuite("the upload gate (admitUpload)", () => {
  let clamd: TestClamd;
  let testDb: TestDatabase;
  beforeAll(async () => {
    [clamd, testDb] = await Promise.all([startClamd({ streamMaxLength: "1M" }), createTestDatabase()]);
  });
  afterAll(async () => {
    await clamd?.stop();
    await testDb?.close();
  });

  const admit = (clamdSettings: ClamdSettings | undefined, bytes: Uint8Array, maxBytes = 10 * MB) =>
    admitUpload({ db: testDb.handle.db, config: { clamd: clamdSettings } }, ANONYMOUS, bytes, { maxBytes });

  it("passes a clean file with what the content checks found; without CLAMD_URL nothing is scanned", async () => {
    await expect(admit(clamd.settings, pdfBytes())).resolves.toMatchObject({ type: "pdf" });
    await expect(admit(undefined, markedPdf())).resolves.toMatchObject({ type: "pdf" });
  });

  it("checks the content first: a program is refused as a program, not sent to clamd", async () => {
    const error = await failure(admit(clamd.settings, Buffer.from(EICAR, "latin1")));
    expect(error).toMatchObject({ code: "file_type_refused", status: 415 });
  });

  it("refuses a file with malware (422), naming the signature, and audits it", async () => {
    const bytes = markedPdf();
    const error = await failure(admit(clamd.settings, bytes));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: "file_malware_found",
      status: 422,
      extra: { params: { signature: `${MARKER_SIGNATURE}.UNOFFICIAL` } },
    });
    const { createHash } = await import("node:crypto");
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const entry = await testDb.handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "file.malware_found")
      .where("subject_id", "=", sha256)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_kind: "anonymous", subject_kind: "file" });
    expect(entry.details).toMatchObject({ signature: `${MARKER_SIGNATURE}.UNOFFICIAL`, size: bytes.length });
  });

  it("refuses a file larger than clamd reads (413), and never passes it unscanned", async () => {
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(2 * MB, 0x20)]);
    const error = await failure(admit(clamd.settings, big));
    expect(error).toMatchObject({ code: "file_too_large_to_scan", status: 413 });
  });

  it("refuses as too large (413), not as malware, a file clamd stopped reading at a limit", async () => {
    const strict = await startClamd({
      streamMaxLength: "10M",
      settings: ["MaxFileSize 1M", "MaxScanSize 1M", "AlertExceedsMax yes"],
    });
    try {
      const big = Buffer.concat([pdfBytes(), Buffer.alloc(2 * MB, 0x20)]);
      expect(await scanWithClamd(strict.settings, big)).toEqual({
        found: true,
        signature: expect.stringMatching(/^Heuristics\.Limits\.Exceeded/),
      });
      const error = await failure(admit(strict.settings, big));
      expect(error).toMatchObject({ code: "file_too_large_to_scan", status: 413 });
    } finally {
      await strict.stop();
    }
  });

  it("fails closed (503, try again later) when clamd cannot be reached or hangs", async () => {
    const missing: ClamdSettings = {
      url: "unix:///nonexistent/clamd.ctl",
      address: { path: "/nonexistent/clamd.ctl" },
      timeoutMs: 30_000,
    };
    const unreachable = await failure(admit(missing, pdfBytes()));
    expect(unreachable).toMatchObject({
      code: "malware_scan_unavailable",
      status: 503,
      extra: { retryAfterSeconds: 60 },
    });
    expect(unreachable.message).toMatch(/could not be reached/);

    const peer = await silentPeer();
    try {
      const hung: ClamdSettings = {
        url: peer.url,
        address: { host: "127.0.0.1", port: Number(new URL(peer.url).port) },
        timeoutMs: 300,
      };
      const error = await failure(admit(hung, pdfBytes()));
      expect(error).toMatchObject({ code: "malware_scan_unavailable", status: 503 });
      expect(error.message).toMatch(/did not answer within 0\.3 s/);
    } finally {
      await peer.close();
    }
  });

  it("runs before the transaction that records the file, never inside it", async () => {
    const error = await failure(
      testDb.handle.db
        .transaction()
        .execute((tx) =>
          admitUpload({ db: tx, config: { clamd: clamd.settings } }, ANONYMOUS, pdfBytes(), { maxBytes: MB }),
        ),
    );
    expect(error.message).toMatch(/^admitUpload runs before the transaction/);
  });
});

describe("every upload passes the gate", () => {
  /** The source files under src/modules, tests and testing helpers left out. */
  function moduleSources(dir = join(import.meta.dirname, "..", "..", "modules")): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return moduleSources(path);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|testing\.tsx?$/.test(entry.name) ? [path] : [];
    });
  }

  it("no module checks an upload itself, and every one that stores a file scans it", () => {
    const sources = moduleSources().map((path) => ({ path, text: readFileSync(path, "utf8") }));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((s) => /\bcheckUpload\b/.test(s.text)).map((s) => s.path)).toEqual([]);
    const storing = sources.filter((s) => /\bfileStoreFor\b/.test(s.text) && /\.put\(/.test(s.text));
    const putsFiles = storing.filter((s) => /(fileStoreFor\([^)]*\)|files)\.put\(/.test(s.text));
    expect(putsFiles.length).toBeGreaterThanOrEqual(5);
    expect(putsFiles.filter((s) => !/\badmitUpload\(/.test(s.text)).map((s) => s.path)).toEqual([]);
  });
});
