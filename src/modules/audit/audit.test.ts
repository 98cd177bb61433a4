import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { seedRegionSlice, staffMember } from "../../../test/factories.ts";
import type { Db } from "../../platform/db/database.ts";
import { isAppError } from "../../platform/errors.ts";
import { canonicalText, entryHash, GENESIS_HASH } from "./chain.ts";
import { type AuditInput, recordAudit, verifyAuditChain, whoReadMyData } from "./service.ts";

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.handle.db;
  await seedRegionSlice(db);
});
afterAll(() => testDb.close());

const signIn = (staffId: string): AuditInput => ({
  actorKind: "staff",
  actorId: staffId,
  action: "staff.signin",
  regionCode: "330523",
});

/** Records inline (the default outside the server): the entry's number and hash come back at once. */
async function record(entry: AuditInput): Promise<{ seq: number; hash: string }> {
  const appended = await db.transaction().execute((tx) => recordAudit(tx, entry));
  if (!appended) throw new Error("recordAudit did not append inline");
  return appended;
}

/** A province's head: entries are numbered and chained within their province. */
async function head(province = "33") {
  const row = await db
    .selectFrom("audit_head")
    .select(["seq", "hash"])
    .where("province_code", "=", province)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
}

async function count(province = "33"): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from audit_log where province_code = ${province}`.execute(db);
  return rows[0]?.n ?? 0;
}

async function heads() {
  const rows = await db
    .selectFrom("audit_head")
    .select(["province_code as province", "seq", "hash"])
    .orderBy("province_code")
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

describe("the canonical text", () => {
  it("is fixed: changing it breaks every chain already written", () => {
    const fields = {
      seq: "7",
      atMicros: "1767225600123000",
      actorKind: "staff",
      actorId: "a1",
      onBehalfOf: null,
      action: "personal_data.read",
      subjectKind: "person",
      subjectId: "p1",
      personId: "p1",
      caseId: null,
      regionCode: "330523",
      purpose: '核验"身份"',
      requestId: null,
      details: '{"a": 1, "b": [true, null]}',
      prevHash: GENESIS_HASH,
    };
    expect(canonicalText(fields)).toBe(
      `["tongban.audit.v1","7","1767225600123000","staff","a1",null,"personal_data.read","person","p1","p1",null,"330523","核验\\"身份\\"",null,"{\\"a\\": 1, \\"b\\": [true, null]}","${GENESIS_HASH}"]`,
    );
    expect(entryHash(fields)).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...fields, caseId: "" })).not.toBe(entryHash(fields));
  });
});

describe("appending to the audit trail", () => {
  it("numbers entries from 1, chains their hashes and moves the head", async () => {
    // Not a staffMember(): creating an account is audited, and this test wants the trail empty.
    const id = "0b6a7c5e-2f0e-4c1e-9d1a-5a2b3c4d5e6f";
    const first = await record(signIn(id));
    const second = await record({
      ...signIn(id),
      action: "staff.signout",
      details: { b: 2, a: { d: 1, c: [3] } },
    });
    expect(first.seq).toBe(1);
    expect(second.seq).toBe(2);
    expect(await head()).toEqual({ seq: 2, hash: second.hash });
    const rows = await db
      .selectFrom("audit_log")
      .select(["seq", "prev_hash", "hash", "details"])
      .orderBy("seq")
      .execute();
    expect(rows.map((r) => r.prev_hash)).toEqual([GENESIS_HASH, first.hash]);
    expect(rows[1]?.details).toEqual({ a: { c: [3], d: 1 }, b: 2 });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 2, heads: await heads() });
    expect((await heads()).map((h) => h.province)).toEqual(["00", "33"]);
  });

  it("leaves no trace and no gap when the transaction rolls back", async () => {
    const before = await head();
    await expect(
      db.transaction().execute(async (tx) => {
        await recordAudit(tx, { actorKind: "system", action: "staff.role_grant", regionCode: "330523" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await head()).toEqual(before);
    expect(await count()).toBe(before.seq);
    const next = await record({ actorKind: "system", action: "staff.role_grant", regionCode: "330523" });
    expect(next.seq).toBe(before.seq + 1);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("refuses to run outside a transaction", async () => {
    await expect(recordAudit(db, { actorKind: "system", action: "system.start" })).rejects.toThrow(
      /inside the transaction/,
    );
  });

  it("requires whose data and why for a read of personal data, and a well-formed action", async () => {
    const error = await record({ actorKind: "staff", actorId: "x", action: "personal_data.read" }).catch(
      (e) => e,
    );
    expect(isAppError(error) && error.extra.fields?.map((f) => f.field)).toEqual(["/personId", "/purpose"]);
    await expect(record({ actorKind: "system", action: "Sign In" })).rejects.toThrow(/lowercase words/);
    await expect(record({ actorKind: "staff", action: "staff.signin" })).rejects.toThrow(/actorId/);
  });

  it("keeps times, text and details exactly as hashed", async () => {
    // Every character the database can hold that JSON escapes or might: verify reads the text fields as
    // PostgreSQL renders them in JSON, which must match what the writer hashed.
    const ascii = String.fromCharCode(...Array.from({ length: 127 }, (_, i) => i + 1));
    const unusual = "\u0085\u00a0\u2028\u2029\ufeff 中文 \u{1F600} half \ud800 pair \\u0041 \\n";
    await record({
      actorKind: "person",
      actorId: ascii,
      onBehalfOf: unusual,
      action: "mandate.revoke",
      subjectKind: "",
      subjectId: "m-1",
      personId: "p-42",
      caseId: "c-7",
      regionCode: "330523001201",
      purpose: '撤销委托 \n\t\\ "quoted"',
      requestId: `${unusual}${ascii}`,
      details: {
        when: new Date("2026-01-02T03:04:05.678Z"),
        gone: undefined,
        big: 1e21,
        small: 1.5e-7,
        text: ascii + unusual,
        中文: "值",
        nested: [{ z: 1, a: [null, true, -0.5] }],
      },
    });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("keeps the chain whole under concurrent appends", async () => {
    const before = await head("00");
    const entries = (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db)).rows[0]
      ?.n;
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          // Some work of the change itself before the audit entry, as callers do.
          await sql`select pg_sleep(${(i % 4) / 200})`.execute(tx);
          await recordAudit(tx, { actorKind: "system", action: "test.concurrent", details: { i } });
        }),
      ),
    );
    const after = await head("00");
    expect(after.seq).toBe(before.seq + 24);
    expect(await count("00")).toBe(after.seq);
    expect(await verifyAuditChain(db)).toEqual({
      ok: true,
      entries: (entries ?? 0) + 24,
      heads: await heads(),
    });
  });

  it("refuses to change, remove or empty the log, and to move the head back", async () => {
    await expect(sql`update audit_log set purpose = 'x' where seq = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_head set seq = 1`.execute(db)).rejects.toThrow(/only moves forward/);
    await expect(sql`delete from audit_head`.execute(db)).rejects.toThrow(/only moves forward/);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

describe("who read my data", () => {
  it("lists reads of one person's data, newest first, with the reader's name, department and purpose", async () => {
    const reader = await staffMember(db, "reviewer", "330523");
    const read = (personId: string, purpose: string) =>
      record({ ...signIn(reader.id), action: "personal_data.read", personId, purpose, caseId: "case-1" });
    await read("person-A", "核验申请人身份");
    await read("person-B", "someone else");
    await record({ ...signIn(reader.id), action: "case.accept", personId: "person-A" });
    await read("person-A", "审查材料");
    await db
      .transaction()
      .execute((tx) =>
        recordAudit(tx, { actorKind: "system", action: "data_exchange.fetch", personId: "person-A" }),
      );

    const reads = await whoReadMyData(db, "person-A");
    expect(reads.map((r) => [r.action, r.purpose, r.reader.name])).toEqual([
      ["data_exchange.fetch", null, null],
      ["personal_data.read", "审查材料", "Test reviewer"],
      ["personal_data.read", "核验申请人身份", "Test reviewer"],
    ]);
    expect(reads[1]?.reader.departments).toHaveLength(1);
    expect(reads[1]?.reader.departments[0]?.name).toEqual(expect.any(String));
    expect(await whoReadMyData(db, "person-A", { limit: 1, before: reads[0]?.seq })).toHaveLength(1);
    expect(await whoReadMyData(db, "nobody")).toEqual([]);
  });
});
