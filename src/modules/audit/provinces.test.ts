import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { Db, Tx } from "../../platform/db/database.ts";
import { migrateTo, migrateToLatest } from "../../platform/db/migrate.ts";
import { entryHash, GENESIS_HASH } from "./chain.ts";
import { recordAudit, setAuditSealing, type VerifyResult, verifyAuditChain } from "./service.ts";

/**
 * The chains per province (migration 0044): entries written before it form one chain for the country,
 * which every province's chain goes on from; after it, each province numbers and links its own.
 */

let database: TestDatabase;
let db: Db;
/** The entries of the national chain written before the split: a province each, by region. */
const BEFORE = ["330523", "110101", null, "330522"];

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  db = database.handle.db;
  await migrateTo(db, "0043_province_ids");
  let prevHash = GENESIS_HASH;
  for (const [i, region] of BEFORE.entries()) {
    const seq = i + 1;
    const atMicros = String(1767225600000000 + seq * 1000);
    const hash = entryHash({
      seq: String(seq),
      atMicros,
      actorKind: "system",
      actorId: null,
      onBehalfOf: null,
      action: "test.before_split",
      subjectKind: null,
      subjectId: null,
      personId: null,
      caseId: null,
      regionCode: region,
      purpose: null,
      requestId: null,
      details: "{}",
      prevHash,
    });
    await sql`
      insert into audit_log (province_code, seq, at, actor_kind, action, region_code, prev_hash, hash)
      values (coalesce(left(${region}::text, 2), '00'), ${seq}, to_timestamp(${atMicros}::numeric / 1000000),
        'system', 'test.before_split', ${region}, ${prevHash}, ${hash})`.execute(db);
    await sql`update audit_head set seq = ${seq}, hash = ${hash}`.execute(db);
    prevHash = hash;
  }
  await migrateToLatest(db);
});
afterAll(async () => {
  setAuditSealing("inline");
  await database.close();
});

const append = (regionCode: string | null) =>
  db
    .transaction()
    .execute((tx) => recordAudit(tx, { actorKind: "system", action: "test.after_split", regionCode }));

describe("the chains of the provinces", () => {
  it("go on from the national chain, each numbered within its province", async () => {
    expect(await append("330523")).toMatchObject({ seq: 5 });
    expect(await append("330522")).toMatchObject({ seq: 6 });
    expect(await append("440103")).toMatchObject({ seq: 5 });
    expect(await append(null)).toMatchObject({ seq: 5 });
    setAuditSealing("batch");
    await append("440103");
    await append("110101");
    setAuditSealing("inline");
    const result = await verifyAuditChain(db, { batchSize: 2 });
    expect(result).toMatchObject({ ok: true, entries: 10 });
    expect(result.ok && result.heads.map((h) => [h.province, h.seq])).toEqual([
      ["00", 5],
      ["11", 5],
      ["33", 6],
      ["44", 6],
    ]);
    const first = await sql<{ prev_hash: string }>`
      select prev_hash from audit_log where province_code = '44' and seq = 5`.execute(db);
    const split = await sql<{ hash: string }>`select hash from audit_log where seq = 4`.execute(db);
    expect(first.rows[0]?.prev_hash).toBe(split.rows[0]?.hash);
  });

  it("name the chain a problem is in: a province's, or the national one before the split", async () => {
    const inProvince = await verifyAfter(sql`update audit_log set action = 'test.changed'
      where province_code = '44' and seq = 6`);
    expect(inProvince.ok || inProvince.problem).toMatchObject({ kind: "changed", province: "44", seq: 6 });
    const beforeSplit = await verifyAfter(sql`update audit_log set action = 'test.changed' where seq = 2`);
    expect(beforeSplit.ok || beforeSplit.problem).toMatchObject({ kind: "changed", province: null, seq: 2 });
    const removed = await verifyAfter(sql`delete from audit_log where province_code = '33' and seq = 5`);
    expect(removed.ok || removed.problem).toMatchObject({ kind: "removed", province: "33", seq: 5 });
  });
});

class Undo extends Error {}

async function verifyAfter(statement: ReturnType<typeof sql>): Promise<VerifyResult> {
  let result: VerifyResult | undefined;
  await db
    .transaction()
    .execute(async (tx: Tx) => {
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(tx);
      await statement.execute(tx);
      result = await verifyAuditChain(tx);
      throw new Undo();
    })
    .catch((error) => {
      if (!(error instanceof Undo)) throw error;
    });
  if (!result) throw new Error("verify did not run");
  return result;
}
