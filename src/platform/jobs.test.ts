import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, testConfig } from "../../test/app.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { seedRegionSlice } from "../../test/factories.ts";
import { REGION_CHECK_JOB, regionCheckJob } from "../modules/regions/jobs.ts";
import { type DatabaseHandle, openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { type JobDefinition, Jobs } from "./jobs.ts";

const log = memoryLogger([]);

async function jobCount(handle: DatabaseHandle, name: string): Promise<number> {
  const result = await sql<{
    n: number;
  }>`select count(*)::int as n from pgboss.job where name = ${name}`.execute(handle.db);
  return result.rows[0]?.n ?? 0;
}

const noop: JobDefinition = { name: "test.noop", run: async () => {} };

describe("jobs on the shared connection", () => {
  let testDb: TestDatabase;
  let jobs: Jobs;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    jobs = new Jobs(testDb.handle, log, [noop], testConfig());
    await jobs.start({ work: false });
  });
  afterAll(async () => {
    await jobs.stop();
    await testDb.close();
  });

  it("sets a queue that exists to the retry limit the code now says", async () => {
    const limitOf = async () =>
      (
        await sql<{
          retry_limit: number;
        }>`select retry_limit from pgboss.queue where name = ${noop.name}`.execute(testDb.handle.db)
      ).rows[0]?.retry_limit;
    expect(await limitOf()).toBe(3);
    // The next version of the code gives the job another limit: its queue must follow on the next start.
    const later = new Jobs(testDb.handle, log, [{ ...noop, retryLimit: 7 }], testConfig());
    await later.start({ work: false });
    await later.stop();
    expect(await limitOf()).toBe(7);
    const again = new Jobs(testDb.handle, log, [noop], testConfig());
    await again.start({ work: false });
    await again.stop();
    expect(await limitOf()).toBe(3);
  });

  it("sends a job while another transaction is open, and keeps it when that transaction rolls back", async () => {
    const before = await jobCount(testDb.handle, noop.name);
    let sent: Promise<string> | undefined;
    const rolledBack = testDb.handle.db
      .transaction()
      .execute(async (tx) => {
        await sql`select 1`.execute(tx);
        // Sent from outside the transaction while it holds the connection: it must wait, not join it.
        sent = jobs.send(noop.name, { from: "outside" });
        await new Promise((resolve) => setTimeout(resolve, 200));
        throw new Error("roll back");
      })
      .catch((error: Error) => error.message);
    expect(await rolledBack).toBe("roll back");
    const id = await sent;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await jobCount(testDb.handle, noop.name)).toBe(before + 1);
    expect(await jobs.find(noop.name, id as string)).toMatchObject({ state: "created" });
  });

  it("commits a job sent inside a transaction with it, and drops it when it rolls back", async () => {
    const before = await jobCount(testDb.handle, noop.name);
    await testDb.handle.db.transaction().execute(async (tx) => {
      await jobs.send(noop.name, { kept: true }, { tx });
    });
    await testDb.handle.db
      .transaction()
      .execute(async (tx) => {
        await jobs.send(noop.name, { kept: false }, { tx });
        throw new Error("undo");
      })
      .catch(() => {});
    expect(await jobCount(testDb.handle, noop.name)).toBe(before + 1);
  });

  it("refuses a job nobody defined", async () => {
    await expect(jobs.send("test.nobody", {})).rejects.toThrow(/No job is defined/);
  });
});

describe("the nightly region check survives a restart", () => {
  const dir = mkdtempSync(join(tmpdir(), "tongban-jobs-"));
  const serverUrl = process.env.TEST_DATABASE_URL;
  let testDb: TestDatabase | undefined;

  afterAll(async () => {
    await testDb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same database, opened afresh: a file-backed PGlite, or this test's own PostgreSQL database. */
  async function reopen(): Promise<DatabaseHandle> {
    if (serverUrl) {
      testDb ??= await createTestDatabase({ migrate: false });
      return openDatabase({ databaseUrl: testDb.url, pgliteDir: "memory://", poolSize: 2 });
    }
    return openDatabase({ databaseUrl: undefined, pgliteDir: join(dir, "pgdata") });
  }

  async function checks(handle: DatabaseHandle) {
    return handle.db.selectFrom("region_checks").select(["regions_checked", "problems"]).execute();
  }

  it("is queued by a server that stops before running it, and runs once after the restart", async () => {
    const first = await reopen();
    await migrateToLatest(first.db);
    await seedRegionSlice(first.db);
    const queueOnly = new Jobs(first, log, [regionCheckJob], testConfig());
    await queueOnly.start({ work: false });
    await queueOnly.send(REGION_CHECK_JOB, {});
    await queueOnly.stop();
    expect(await checks(first)).toEqual([]);
    await first.close();

    const second = await reopen();
    const workers = new Jobs(second, log, [regionCheckJob], testConfig());
    await workers.start({ work: true });
    const schedules = await sql<{ name: string; cron: string; timezone: string }>`
      select name, cron, options->>'tz' as timezone from pgboss.schedule`.execute(second.db);
    expect(schedules.rows).toEqual([
      { name: REGION_CHECK_JOB, cron: "30 2 * * *", timezone: "Asia/Shanghai" },
    ]);
    const deadline = Date.now() + 20_000;
    while ((await checks(second)).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    await workers.stop();
    expect(await checks(second)).toEqual([{ regions_checked: 8, problems: 0 }]);
    await second.close();
  });
});

describe("a queue with more than a batch waiting", () => {
  it("fetches the next batch as soon as one is done, not a polling interval later", async () => {
    const testDb = await createTestDatabase();
    const started: number[] = [];
    const many: JobDefinition = {
      name: "test.many",
      run: async () => {
        started.push(performance.now());
      },
    };
    const sender = new Jobs(testDb.handle, log, [many], testConfig());
    await sender.start({ work: false });
    for (let i = 0; i < 50; i++) await sender.send(many.name, { i });
    await sender.stop();
    const worker = new Jobs(testDb.handle, log, [many], testConfig());
    await worker.start({ work: true });
    try {
      const deadline = performance.now() + 30_000;
      while (started.length < 50 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.stop();
      await testDb.close();
    }
    expect(started).toHaveLength(50);
    // Batches of 20: the first job of the next batch follows the last of a full one at once, where
    // waiting out the polling interval would put two seconds between them.
    expect((started[20] as number) - (started[19] as number)).toBeLessThan(1_000);
    expect((started[40] as number) - (started[39] as number)).toBeLessThan(1_000);
  });
});
