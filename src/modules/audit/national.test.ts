import { hash } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { setCryptoSuite } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { canonicalText } from "./chain.ts";
import { recordAudit, sealAudit, setAuditSealing, verifyAuditChain } from "./service.ts";
import { storedEntries } from "./testing.ts";

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.handle.db;
});
afterAll(async () => {
  setAuditSealing("inline");
  await testDb.close();
});

const record = (i: number) =>
  db.transaction().execute((tx) =>
    recordAudit(tx, {
      actorKind: "staff",
      actorId: `staff-${i}`,
      action: "case.accept",
      caseId: `case-${i}`,
      regionCode: "330523",
      details: { i, 名: "王小明" },
    }),
  );

describe("the audit chain under the national suite (SM3)", () => {
  it("goes on from SHA-256 entries with SM3 ones, inline and sealed in batches, and verifies whole", async () => {
    setCryptoSuite("international");
    setAuditSealing("inline");
    await record(1);
    await record(2);
    setCryptoSuite("national");
    const inline = await record(3);
    expect(inline?.hash).toMatch(/^sm3:[0-9a-f]{64}$/);
    setAuditSealing("batch");
    await record(4);
    await record(5);
    expect(await sealAudit(db)).toBe(2);

    const rows = await storedEntries(db, "33");
    expect(rows.map((r) => r.hash.slice(0, 4) === "sm3:")).toEqual([false, false, true, true, true]);
    // Each hash is recomputed here from the stored fields with node:crypto's SM3 and SHA-256: the
    // canonical text is the documented one, and each link names the entry before.
    for (const [i, r] of rows.entries()) {
      const text = canonicalText(r);
      const expected = r.hash.startsWith("sm3:")
        ? `sm3:${hash("sm3", text, "hex")}`
        : hash("sha256", text, "hex");
      expect(r.hash).toBe(expected);
      if (i > 0) expect(r.prevHash).toBe(rows[i - 1]?.hash);
    }
    const head = await db
      .selectFrom("audit_head")
      .select(["seq", "hash"])
      .where("province_code", "=", "33")
      .executeTakeFirstOrThrow();
    expect(head.hash).toBe(rows.at(-1)?.hash);

    for (const batchSize of [1, 2, 100]) {
      expect(await verifyAuditChain(db, { batchSize })).toMatchObject({ ok: true, entries: 5 });
    }
  });

  it("names an SM3 entry whose content was changed, and one whose hash was recomputed", async () => {
    const verifyAfter = async (statement: ReturnType<typeof sql>) => {
      let result: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
      await db
        .transaction()
        .execute(async (tx) => {
          await sql`alter table audit_log disable trigger audit_log_append_only`.execute(tx);
          await statement.execute(tx);
          result = await verifyAuditChain(tx, { batchSize: 2 });
          throw new Error("undo");
        })
        .catch((error: Error) => {
          if (error.message !== "undo") throw error;
        });
      return result;
    };
    const changed = await verifyAfter(sql`update audit_log set actor_id = 'someone else' where seq = 4`);
    expect(changed).toMatchObject({ ok: false, problem: { kind: "changed", province: "33", seq: 4 } });

    // A forger who rewrites entry 4 and hashes it again breaks the link from entry 5.
    const rehashed = await verifyAfter(
      sql`update audit_log set actor_id = 'someone else',
            hash = 'sm3:' || repeat('a', 64) where seq = 4`,
    );
    expect(rehashed).toMatchObject({ ok: false, problem: { seq: 4 } });

    const stripped = await verifyAfter(sql`update audit_log set hash = substr(hash, 5) where seq = 5`);
    expect(stripped).toMatchObject({ ok: false, problem: { kind: "changed", seq: 5 } });
  });

  it("refuses a hash of neither form", async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`alter table audit_log disable trigger audit_log_append_only`.execute(tx);
        await sql`update audit_log set hash = 'sm2:' || repeat('a', 64) where seq = 5`.execute(tx);
      }),
    ).rejects.toThrow(/audit_log_hash_form/);
  });
});
