import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { Db } from "../../platform/db/database.ts";
import {
  recordAudit,
  sealAudit,
  searchAudit,
  setAuditSealing,
  verifyAuditChain,
  whoReadMyData,
} from "./service.ts";

/**
 * Batch sealing, as the server runs: entries are written pending, without a lock, and join the chain in
 * batches — in the order written, numbered without a gap, hashed so that verify finds them whole — and
 * every reader of the trail sees its own writes, because it seals first.
 */

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.handle.db;
  setAuditSealing("batch");
});
afterEach(() => setAuditSealing("batch"));
afterAll(async () => {
  setAuditSealing("inline");
  await testDb.close();
});

const pending = async () =>
  Number((await sql<{ n: string }>`select count(*)::text as n from audit_pending`.execute(db)).rows[0]?.n);
const sealed = async () =>
  Number((await sql<{ n: string }>`select count(*)::text as n from audit_log`.execute(db)).rows[0]?.n);

describe("batch sealing", () => {
  it("writes entries pending, then seals them into one whole chain", async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await sql`select pg_sleep(${(i % 3) / 200})`.execute(tx);
          expect(
            await recordAudit(tx, {
              actorKind: "system",
              action: "test.batched",
              details: { i, text: '引号"与\\反斜杠\n换行' },
            }),
          ).toBeNull();
        }),
      ),
    );
    expect(await pending()).toBe(30);
    expect(await sealed()).toBe(0);
    expect(await sealAudit(db)).toBe(30);
    expect(await pending()).toBe(0);
    const rows = await db.selectFrom("audit_log").select(["seq", "at", "details"]).orderBy("seq").execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 30 });
    expect(await sealAudit(db)).toBe(0);
  });

  it("mixes with inline appends and still verifies", async () => {
    setAuditSealing("inline");
    await db.transaction().execute((tx) => recordAudit(tx, { actorKind: "system", action: "test.inline" }));
    setAuditSealing("batch");
    await db.transaction().execute((tx) => recordAudit(tx, { actorKind: "system", action: "test.batched" }));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 32 });
  });

  it("leaves nothing when the change rolls back", async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await recordAudit(tx, { actorKind: "system", action: "test.rolled_back" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await pending()).toBe(0);
  });

  it("lets readers see their own writes: they seal first", async () => {
    await db.transaction().execute((tx) =>
      recordAudit(tx, {
        actorKind: "system",
        action: "data_exchange.fetch",
        personId: "person-batch",
        purpose: "核对",
      }),
    );
    expect(await pending()).toBe(1);
    expect(await whoReadMyData(db, "person-batch")).toHaveLength(1);
    expect(await pending()).toBe(0);
    const supervisor = {
      kind: "staff" as const,
      id: "00000000-0000-4000-8000-000000000001",
      username: "s",
      displayName: "s",
      grants: [{ role: "supervisor" as const, departmentId: "d", jurisdictionCode: "33" }],
    };
    await db
      .transaction()
      .execute((tx) =>
        recordAudit(tx, { actorKind: "system", action: "test.searched", regionCode: "330523" }),
      );
    const found = await searchAudit(db, supervisor, { action: "test.searched" }, { limit: 10 });
    expect(found.items).toHaveLength(1);
  });

  it("refuses to change or remove a pending entry except by sealing it", async () => {
    await sealAudit(db); // what came before, the searches' own entries among them
    await db.transaction().execute((tx) => recordAudit(tx, { actorKind: "system", action: "test.guarded" }));
    await expect(sql`update audit_pending set purpose = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_pending`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_pending`.execute(db)).rejects.toThrow(/append-only/);
    expect(await sealAudit(db)).toBe(1);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
