import { type RawBuilder, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { Db, Tx } from "../../platform/db/database.ts";
import { entryHash } from "./chain.ts";
import { auditCommand } from "./cli.ts";
import { recordAudit, type VerifyResult, verifyAuditChain } from "./service.ts";

let testDb: TestDatabase;
let db: Db;
const ENTRIES = 10;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.handle.db;
  for (let i = 1; i <= ENTRIES; i++) {
    await db.transaction().execute((tx) =>
      recordAudit(tx, {
        actorKind: "staff",
        actorId: `staff-${i % 3}`,
        action: i % 2 ? "personal_data.read" : "case.accept",
        personId: `person-${i % 4}`,
        purpose: "审查材料",
        caseId: `case-${i}`,
        regionCode: "330523",
        details: { i },
      }),
    );
  }
});
afterAll(() => testDb.close());

class Undo extends Error {}

/**
 * Tampers as someone with rights on the database would (the append-only trigger disabled first), checks
 * the chain, then undoes it all by rolling back, so every test starts from the intact chain.
 */
async function verifyAfter(...statements: RawBuilder<unknown>[]): Promise<VerifyResult> {
  let result: VerifyResult | undefined;
  await db
    .transaction()
    .execute(async (tx: Tx) => {
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(tx);
      await sql`alter table audit_head disable trigger audit_head_forward_only`.execute(tx);
      for (const statement of statements) await statement.execute(tx);
      // Small batches, so problems fall inside and at the edges of batches.
      result = await verifyAuditChain(tx, { batchSize: 3 });
      throw new Undo();
    })
    .catch((error) => {
      if (!(error instanceof Undo)) throw error;
    });
  if (!result) throw new Error("verify did not run");
  return result;
}

const problemOf = (result: VerifyResult) => (result.ok ? undefined : result.problem);

describe("verifying the audit trail", () => {
  it("finds an untouched chain intact, whatever the batch size", async () => {
    const head = await db
      .selectFrom("audit_head")
      .select("hash")
      .where("province_code", "=", "33")
      .executeTakeFirstOrThrow();
    for (const batchSize of [1, 3, 10, 20_000]) {
      expect(await verifyAuditChain(db, { batchSize })).toEqual({
        ok: true,
        entries: ENTRIES,
        heads: [
          { province: "00", seq: 0, hash: "0".repeat(64) },
          { province: "33", seq: ENTRIES, hash: head.hash },
        ],
      });
    }
    expect(await verifyAfter()).toMatchObject({ ok: true });
  });

  it("reports progress up to the total", async () => {
    const seen: [number, number][] = [];
    await verifyAuditChain(db, { batchSize: 4, onProgress: (checked, total) => seen.push([checked, total]) });
    expect(seen).toEqual([
      [0, 10],
      [4, 10],
      [8, 10],
      [10, 10],
    ]);
  });

  it("names a changed field, time or detail as changed at that entry", async () => {
    expect(
      problemOf(await verifyAfter(sql`update audit_log set purpose = '好奇' where seq = 4`)),
    ).toMatchObject({
      kind: "changed",
      seq: 4,
    });
    expect(
      problemOf(
        await verifyAfter(sql`update audit_log set at = at + interval '1 microsecond' where seq = 7`),
      ),
    ).toMatchObject({ kind: "changed", seq: 7 });
    expect(
      problemOf(await verifyAfter(sql`update audit_log set details = '{"i": 99}' where seq = 3`)),
    ).toMatchObject({ kind: "changed", seq: 3 });
    expect(
      problemOf(await verifyAfter(sql`update audit_log set case_id = null where seq = 10`)),
    ).toMatchObject({
      kind: "changed",
      seq: 10,
    });
  });

  it("names a changed hash as changed at that entry", async () => {
    const problem = problemOf(
      await verifyAfter(sql`update audit_log set hash = repeat('a', 64) where seq = 5`),
    );
    expect(problem).toMatchObject({ kind: "changed", seq: 5 });
  });

  it("names a removed middle entry", async () => {
    const problem = problemOf(await verifyAfter(sql`delete from audit_log where seq = 5`));
    expect(problem).toMatchObject({ kind: "removed", seq: 5 });
    expect(problem?.message).toContain("entry 5 is missing");
  });

  it("names a removed entry even when the later ones were renumbered to hide the gap", async () => {
    const problem = problemOf(
      await verifyAfter(
        sql`delete from audit_log where seq = 5`,
        sql`update audit_log set seq = seq + 1000 where seq > 5`,
        sql`update audit_log set seq = seq - 1001 where seq > 1000`,
        sql`update audit_head set seq = seq - 1 where province_code = '33'`,
      ),
    );
    expect(problem).toMatchObject({ kind: "removed", seq: 5 });
  });

  it("names the first of two swapped entries as reordered", async () => {
    const problem = problemOf(
      await verifyAfter(
        sql`update audit_log set seq = 1003 where seq = 3`,
        sql`update audit_log set seq = 3 where seq = 7`,
        sql`update audit_log set seq = 7 where seq = 1003`,
      ),
    );
    expect(problem).toMatchObject({ kind: "reordered", seq: 3 });
    expect(problem?.message).toContain("it follows entry 6");
  });

  it("names a removed last entry as truncated", async () => {
    const problem = problemOf(await verifyAfter(sql`delete from audit_log where seq = ${ENTRIES}`));
    expect(problem).toMatchObject({ kind: "truncated", seq: ENTRIES });
    expect(problem?.message).toContain("the head records 10 entries but the log ends at entry 9");
  });

  it("notices an end of the log replaced with entries whose hashes were recomputed", async () => {
    const last = await db
      .selectFrom("audit_log")
      .select(["prev_hash", sql<string>`(extract(epoch from at) * 1000000)::int8::text`.as("at_us")])
      .where("seq", "=", ENTRIES)
      .executeTakeFirstOrThrow();
    // A forged entry 10 in place of the real one, hashed correctly: only the head still knows better.
    const forged = entryHash({
      seq: String(ENTRIES),
      atMicros: last.at_us,
      actorKind: "system",
      actorId: null,
      onBehalfOf: null,
      action: "system.noop",
      subjectKind: null,
      subjectId: null,
      personId: null,
      caseId: null,
      regionCode: "330523",
      purpose: null,
      requestId: null,
      details: "{}",
      prevHash: last.prev_hash,
    });
    const problem = problemOf(
      await verifyAfter(
        sql`delete from audit_log where seq = ${ENTRIES}`,
        sql`insert into audit_log (province_code, region_code, seq, at, actor_kind, action, prev_hash, hash)
            select '33', '330523', ${ENTRIES}, to_timestamp(${last.at_us}::numeric / 1000000), 'system', 'system.noop', ${last.prev_hash}, ${forged}`,
      ),
    );
    expect(problem).toMatchObject({ kind: "truncated", seq: ENTRIES });
  });

  it("notices entries written behind the head's back", async () => {
    const problem = problemOf(
      await verifyAfter(
        sql`insert into audit_log (province_code, region_code, seq, at, actor_kind, action, prev_hash, hash)
            values ('33', '330523', ${ENTRIES + 1}, now(), 'system', 'system.noop', repeat('0', 64), repeat('0', 64))`,
      ),
    );
    expect(problem).toMatchObject({ kind: "unanchored", province: "33", seq: ENTRIES + 1 });
  });

  it("notices entries in a province that has no chain", async () => {
    const problem = problemOf(
      await verifyAfter(
        sql`insert into audit_log (province_code, region_code, seq, at, actor_kind, action, prev_hash, hash)
            values ('44', '440103', 1, now(), 'system', 'system.noop', repeat('0', 64), repeat('0', 64))`,
      ),
    );
    expect(problem).toMatchObject({ kind: "unanchored", province: "44", seq: 1 });
  });
});

describe("tongban audit verify", () => {
  // What main.ts hands the command: the migrated database.
  const running = (database: TestDatabase) => database.handle;
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

  it("says the chain is intact and exits 0", async () => {
    const { out, streams } = capture();
    expect(await auditCommand(running(testDb), ["verify"], streams)).toBe(0);
    expect(out.stdout).toMatch(
      /^Audit trail verified: 10 entries in 2 chains, intact \(heads 00 0{16}, 33 [0-9a-f]{16}\)\n$/,
    );
    expect(out.stderr).toContain("audit verify: done, 10/10");
  });

  it("names the broken entry and exits 1", async () => {
    const broken = await createTestDatabase();
    try {
      for (let i = 0; i < 5; i++) {
        await broken.handle.db
          .transaction()
          .execute((tx) => recordAudit(tx, { actorKind: "system", action: "test.entry", details: { i } }));
      }
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(broken.handle.db);
      await sql`update audit_log set details = '{"i": 7}' where seq = 3`.execute(broken.handle.db);
      const { out, streams } = capture();
      expect(await auditCommand(running(broken), ["verify"], streams)).toBe(1);
      expect(out.stdout).toContain(
        "Audit trail broken at entry 3 of province 00's chain: changed (its content no longer matches its hash)",
      );
    } finally {
      await broken.close();
    }
  });

  it("explains its usage for anything else and exits 1", async () => {
    const { out, streams } = capture();
    expect(await auditCommand(running(testDb), ["repair"], streams)).toBe(1);
    expect(out.stderr).toContain('Unknown command "audit repair"');
    expect(out.stderr).toContain("verify");
    expect(await auditCommand(running(testDb), [], streams)).toBe(1);
  });
});
