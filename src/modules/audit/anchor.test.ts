import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../../../test/app.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { ConfigError, loadConfig } from "../../platform/config.ts";
import { setCryptoSuite } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { type Anchor, AnchorError, anchorText, makeAnchor, parseAnchor } from "./anchor.ts";
import { anchorIfDue } from "./anchor-job.ts";
import { lastAnchorAt } from "./anchor-store.ts";
import { chainAlgorithm, entryHash, hashText } from "./chain.ts";
import { auditCommand } from "./cli.ts";
import { recordAudit, verifyAuditChain } from "./service.ts";
import { storedEntries } from "./testing.ts";

const TOKEN = "anchor-token-of-more-than-thirty-two-characters";
const SOURCE = "https://tongban.example.cn";

/** The operator's receiver: a real HTTP server on 127.0.0.1 keeping what it is sent. */
interface Receiver {
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  status: number;
  server: Server;
}

async function receiver(): Promise<Receiver> {
  const state = { received: [] as Receiver["received"], status: 204 };
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      if (request.method === "GET") {
        // Serves the last anchor back: `verify --anchor <url>` reads it from here.
        response.writeHead(200, { "content-type": "application/json" });
        response.end(state.received.at(-1)?.body ?? "{}");
        return;
      }
      state.received.push({ headers: request.headers, body });
      response.writeHead(state.status);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { url: `http://127.0.0.1:${port}/anchors`, server });
}

let testDb: TestDatabase;
let db: Db;
let receiving: Receiver;
const logs: Record<string, unknown>[] = [];
const log = memoryLogger(logs);
const dir = mkdtempSync(join(tmpdir(), "tongban-anchor-"));

const record = (database: Db, i: number, regionCode: string | null = "330523") =>
  database.transaction().execute((tx) =>
    recordAudit(tx, {
      actorKind: "staff",
      actorId: `staff-${i}`,
      action: "case.accept",
      caseId: `case-${i}`,
      regionCode,
      purpose: "受理",
      details: { i },
    }),
  );

const settings = (over: Partial<{ minutes: number; url: string | undefined; token: string }> = {}) => ({
  minutes: 10,
  url: receiving.url,
  token: TOKEN,
  ...over,
});

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.handle.db;
  receiving = await receiver();
  for (let i = 1; i <= 4; i++) await record(db, i);
  await record(db, 5, null);
});
afterAll(async () => {
  setCryptoSuite("international");
  await new Promise((resolve) => receiving.server.close(resolve));
  await testDb.close();
});

const lastEntry = async (database: Db) =>
  database
    .selectFrom("audit_log")
    .select(["action", "actor_kind", "region_code", "details"])
    .where("province_code", "=", "00")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();

const capture = () => {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    streams: {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text), isTTY: false },
    },
  };
};

function save(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("anchoring the audit chains (G26)", () => {
  let first: Anchor;
  // The last anchor's time is the database's clock when it was recorded: the times given go on from now.
  const t0 = new Date();

  it("sends every province's head to the receiver with the bearer token, logs it and records audit.heads", async () => {
    const heads = await db
      .selectFrom("audit_head")
      .modifyFront(sql`/* all provinces: the test reads every head */`)
      .select(["province_code", "seq", "hash"])
      .orderBy("province_code")
      .execute();
    const outcome = await anchorIfDue(db, settings(), { log, source: SOURCE, now: t0 });
    if (!outcome.anchored) throw new Error("the first anchor was not made");
    first = outcome.anchor;
    expect(outcome.delivered).toBe(true);
    expect(first.heads).toEqual(
      heads.map((h) => ({ province: h.province_code, seq: Number(h.seq), hash: h.hash })),
    );
    expect(first.heads.map((h) => [h.province, h.seq])).toEqual([
      ["00", 1],
      ["33", 4],
    ]);
    expect(first).toMatchObject({ format: "tongban.audit.anchor.v1", source: SOURCE, at: t0.toISOString() });
    expect(first.digest).toBe(hashText(anchorText(first), chainAlgorithm()));

    expect(receiving.received).toHaveLength(1);
    const [sent] = receiving.received;
    expect(sent?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent?.body ?? "")).toEqual(first);

    const line = logs.find((l) => l.msg === "audit.anchor");
    expect(line?.anchor).toEqual(first);

    expect(await lastEntry(db)).toEqual({
      action: "audit.heads",
      actor_kind: "system",
      region_code: null,
      details: { at: t0.toISOString(), heads: first.heads, digest: first.digest, delivered: true },
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("anchors again only once the minutes have passed since the last anchor", async () => {
    // Due by the time the last anchor was recorded, at the database's clock.
    const last = (await lastAnchorAt(db)) as Date;
    expect(Math.abs(last.getTime() - t0.getTime())).toBeLessThan(5 * 60_000);
    const soon = new Date(last.getTime() + 5 * 60_000);
    expect(await anchorIfDue(db, settings(), { log, source: SOURCE, now: soon })).toEqual({
      anchored: false,
    });
    const later = new Date(last.getTime() + 10 * 60_000);
    const due = await anchorIfDue(db, settings(), { log, source: SOURCE, now: later });
    expect(due).toMatchObject({ anchored: true, delivered: true });
    expect(receiving.received).toHaveLength(2);
    expect(await anchorIfDue(db, settings({ minutes: 0 }), { log, source: SOURCE })).toEqual({
      anchored: false,
    });
  });

  it("logs and records an anchor the receiver refused or never got, and fails the run", async () => {
    const early = new Date(Date.now() + 60 * 60_000);
    receiving.status = 500;
    await expect(
      anchorIfDue(db, settings({ minutes: 1 }), { log, source: SOURCE, now: early }),
    ).rejects.toThrow(/answered 500: the anchor was not taken/);
    receiving.status = 204;
    expect((await lastEntry(db)).details).toMatchObject({ delivered: false });

    const closed = await receiver();
    await new Promise((resolve) => closed.server.close(resolve));
    const later = new Date(early.getTime() + 2 * 60_000);
    await expect(
      anchorIfDue(db, settings({ minutes: 1, url: closed.url }), { log, source: SOURCE, now: later }),
    ).rejects.toThrow(/could not be reached/);
    expect((await lastEntry(db)).details).toMatchObject({ delivered: false });
    const lines = logs.filter((l) => l.msg === "audit.anchor");
    expect(lines).toHaveLength(4);
  });

  it("anchors to the log alone without a receiver", async () => {
    const later = new Date(Date.now() + 3 * 60 * 60_000);
    const outcome = await anchorIfDue(
      db,
      { minutes: 1, url: undefined, token: undefined },
      {
        log,
        source: SOURCE,
        now: later,
      },
    );
    expect(outcome).toMatchObject({ anchored: true, delivered: null });
    expect((await lastEntry(db)).details).toMatchObject({ delivered: null });
  });

  it("digests with SM3 under the national suite, and the digest still checks", async () => {
    setCryptoSuite("national");
    try {
      const anchor = await makeAnchor(db, SOURCE);
      expect(anchor.digest).toMatch(/^sm3:[0-9a-f]{64}$/);
      expect(parseAnchor(JSON.stringify(anchor))).toEqual(anchor);
    } finally {
      setCryptoSuite("international");
    }
  });
});

/**
 * Entry 2 of province 33 altered and every entry from it on rehashed, the head moved to the new end:
 * what someone with the database's rights would do to hide a change. Returns the entries as stored before.
 */
async function rewriteProvince33(database: Db) {
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(database);
  await sql`alter table audit_head disable trigger audit_head_forward_only`.execute(database);
  await sql`update audit_log set purpose = '好奇' where province_code = '33' and seq = 2`.execute(database);
  const rows = await storedEntries(database, "33");
  let prevHash = rows[0]?.prevHash as string;
  for (const r of rows) {
    const hash = entryHash({ ...r, prevHash });
    await sql`update audit_log set prev_hash = ${prevHash}, hash = ${hash}
      where province_code = '33' and seq = ${r.seq}::int8`.execute(database);
    prevHash = hash;
  }
  await sql`update audit_head set hash = ${prevHash} where province_code = '33'`.execute(database);
  return rows;
}

describe("tongban audit verify --anchor", () => {
  it("passes an anchor the chains still hold: the receiver's copy, the log line, or from a URL", async () => {
    const [sent] = receiving.received;
    const body = save("anchor.json", sent?.body ?? "");
    const line = save("anchor.log", JSON.stringify(logs.find((l) => l.msg === "audit.anchor")));
    for (const where of [body, line]) {
      const { out, streams } = capture();
      expect(await auditCommand(testDb.handle, ["verify", "--anchor", where], streams)).toBe(0);
      expect(out.stdout).toContain("Audit trail verified");
      expect(out.stdout).toContain(
        `The chains still hold the 2 heads anchored at ${JSON.parse(sent?.body ?? "").at}`,
      );
    }
    const { streams } = capture();
    expect(await auditCommand(testDb.handle, ["verify", "--anchor", receiving.url], streams)).toBe(0);
  });

  it("refuses an anchor it cannot use, saying why", async () => {
    const anchor = JSON.parse(receiving.received[0]?.body ?? "") as Anchor;
    const altered = { ...anchor, heads: anchor.heads.map((h) => ({ ...h, seq: h.seq + 1 })) };
    const cases: [string, RegExp][] = [
      [save("not-json.txt", "heads: 33"), /it is not JSON/],
      [save("other.json", JSON.stringify({ format: "something.else" })), /its format is not/],
      [save("altered.json", JSON.stringify(altered)), /its digest does not match its heads/],
      [save("no-heads.json", JSON.stringify({ ...anchor, heads: [] })), /it lists no heads/],
      [
        save("bad-head.json", JSON.stringify({ ...anchor, heads: [{ province: "3", seq: -1, hash: "x" }] })),
        /head 1 is not a province, an entry number and a hash/,
      ],
      [save("bad-time.json", JSON.stringify({ ...anchor, at: "yesterday" })), /its time is not one/],
      [join(dir, "missing.json"), /it cannot be read \(ENOENT\)/],
      ["http://127.0.0.1:1/none", /it cannot be fetched/],
    ];
    for (const [where, reason] of cases) {
      const { out, streams } = capture();
      expect(await auditCommand(testDb.handle, ["verify", "--anchor", where], streams)).toBe(1);
      expect(out.stderr).toMatch(reason);
      expect(out.stdout).toBe("");
    }
    const { out, streams } = capture();
    expect(await auditCommand(testDb.handle, ["verify", "--anchor"], streams)).toBe(1);
    expect(out.stderr).toContain("Unknown command");
    expect(() => parseAnchor(JSON.stringify({ anchor: { ...anchor, digest: "0".repeat(64) } }))).toThrow(
      AnchorError,
    );
  });

  it("catches a chain rewritten wholesale, or cut short, since the anchor, though it verifies on its own", async () => {
    const own = await createTestDatabase();
    try {
      const ownDb = own.handle.db;
      for (let i = 1; i <= 6; i++) await record(ownDb, i);
      const anchor = await makeAnchor(ownDb, SOURCE);
      const file = save("own-anchor.json", JSON.stringify(anchor));

      const rows = await rewriteProvince33(ownDb);

      expect(await verifyAuditChain(ownDb)).toMatchObject({ ok: true, entries: 6 });
      const { out, streams } = capture();
      expect(await auditCommand(own.handle, ["verify", "--anchor", file], streams)).toBe(1);
      expect(out.stdout).toContain("Audit trail verified: 6 entries");
      expect(out.stdout).toMatch(
        /Audit trail rewritten since the anchor: entry 6 of province 33's chain is hashed [0-9a-f]{12}…, but the anchor of .* saw [0-9a-f]{12}…: the chain was rewritten since/,
      );

      // The last two entries cut off and the head moved back: intact on its own, short of the anchor.
      await sql`delete from audit_log where province_code = '33' and seq > 4`.execute(ownDb);
      const fourth = rows[3] as (typeof rows)[number];
      const kept = await ownDb
        .selectFrom("audit_log")
        .select("hash")
        .where("province_code", "=", "33")
        .where("seq", "=", fourth.seq)
        .executeTakeFirstOrThrow();
      await sql`update audit_head set seq = 4, hash = ${kept.hash} where province_code = '33'`.execute(ownDb);
      expect(await verifyAuditChain(ownDb)).toMatchObject({ ok: true, entries: 4 });
      const cut = capture();
      expect(await auditCommand(own.handle, ["verify", "--anchor", file], cut.streams)).toBe(1);
      expect(cut.out.stdout).toContain("entry 6 of province 33's chain is gone");
    } finally {
      await own.close();
    }
  });

  it("catches a province's chain rewritten wholesale by the national chain's audit.heads, with no anchor kept", async () => {
    const own = await createTestDatabase();
    try {
      const ownDb = own.handle.db;
      for (let i = 1; i <= 6; i++) await record(ownDb, i);
      await anchorIfDue(ownDb, settings({ url: undefined }), { log, source: SOURCE });
      await rewriteProvince33(ownDb);

      const result = await verifyAuditChain(ownDb);
      expect(result).toMatchObject({ ok: false, problem: { kind: "rewritten", province: "33", seq: 6 } });
      expect(result.ok ? "" : result.problem.message).toMatch(
        /^entry 6 of province 33's chain is hashed [0-9a-f]{12}…, but the national chain's entry \d+ \(audit.heads\) saw [0-9a-f]{12}…: the chain was rewritten since$/,
      );
      const { out, streams } = capture();
      expect(await auditCommand(own.handle, ["verify"], streams)).toBe(1);
      expect(out.stdout + out.stderr).toContain("(audit.heads) saw");
    } finally {
      await own.close();
    }
  });
});

describe("the anchor's settings", () => {
  const load = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "tongban-anchor-config-")), ...env });

  it("anchors every 10 minutes to the log alone unless told", () => {
    expect(load({}).auditAnchor).toEqual({ minutes: 10, url: undefined, token: undefined });
    expect(
      load({
        AUDIT_ANCHOR_URL: "https://anchors.example.cn/in",
        AUDIT_ANCHOR_TOKEN: TOKEN,
        AUDIT_ANCHOR_MINUTES: "0",
      }).auditAnchor,
    ).toEqual({ minutes: 0, url: "https://anchors.example.cn/in", token: TOKEN });
  });

  it("refuses a bad receiver, token or interval, naming the variable", () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ AUDIT_ANCHOR_URL: "ftp://anchors.example.cn" }, /AUDIT_ANCHOR_URL must start with https: or http:/],
      [{ AUDIT_ANCHOR_URL: "not a url" }, /AUDIT_ANCHOR_URL is not a valid URL/],
      [{ AUDIT_ANCHOR_TOKEN: TOKEN }, /AUDIT_ANCHOR_TOKEN is set but AUDIT_ANCHOR_URL is not/],
      [
        { AUDIT_ANCHOR_URL: "https://anchors.example.cn", AUDIT_ANCHOR_TOKEN: "short" },
        /AUDIT_ANCHOR_TOKEN must be at least 32 characters/,
      ],
      [{ AUDIT_ANCHOR_MINUTES: "1441" }, /AUDIT_ANCHOR_MINUTES must be a whole number from 0 to 1440/],
      [{ AUDIT_ANCHOR_MINUTES: "ten" }, /AUDIT_ANCHOR_MINUTES must be a whole number/],
    ];
    for (const [env, message] of bad) {
      expect(() => load(env)).toThrow(ConfigError);
      expect(() => load(env)).toThrow(message);
    }
  });
});
