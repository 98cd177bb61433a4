/**
 * Crash safety: the server killed (SIGKILL) in the middle of a submission storm, then started again on
 * the same data. Every submission it answered 201 for must be there and whole; nothing half-made may be
 * there; the audit chain must verify; the jobs the submissions queued must run, once each.
 * On PGlite or on PostgreSQL, as the rest of the suite (TEST_DATABASE_URL).
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../src/modules/audit/verify.ts";
import { allJobs } from "../src/modules/index.ts";
import { loadConfig } from "../src/platform/config.ts";
import { type DatabaseHandle, openDatabase, pgliteDirOf } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { fileStoreFor } from "../src/platform/files/store.ts";
import { Jobs } from "../src/platform/jobs.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";
import { TEST_PASSWORD } from "./factories.ts";
import {
  type Acknowledged,
  exited,
  halfMade,
  type Server,
  type StormWorld,
  seedStormWorld,
  signIn,
  startServer,
  storm,
} from "./storm.ts";

const onPostgres = process.env.TEST_DATABASE_URL !== undefined;
const CLIENTS = 12;
const dataDir = mkdtempSync(join(tmpdir(), "tongban-crash-"));
const env: Record<string, string> = {
  DATA_DIR: dataDir,
  SESSION_SECRET: "crash-test-secret-that-is-long-enough-0123",
  PERSONAL_DATA_KEY: Buffer.alloc(32, 3).toString("base64"),
};
let testDb: TestDatabase | undefined;
let world: StormWorld;
const servers: Server[] = [];

/** The database, opened in this process: on PGlite only while no server holds it. */
async function open(): Promise<DatabaseHandle> {
  return testDb ? testDb.handle : openDatabase({ databaseUrl: undefined, pgliteDir: pgliteDirOf(dataDir) });
}
const release = async (handle: DatabaseHandle) => {
  if (!testDb) await handle.close();
};

async function serve(port: number, workers: boolean): Promise<Server> {
  const server = await startServer(port, { ...env, WORKERS: String(workers) });
  servers.push(server);
  return server;
}

/** The jobs due and not yet done, as the server's own metrics tell them: each line with a count. */
async function unfinishedJobs(port: number): Promise<string[]> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text.split("\n").filter((line) => /^tongban_jobs_unfinished\{.*\} [1-9]/.test(line));
}

beforeAll(async () => {
  if (onPostgres) {
    testDb = await createTestDatabase();
    env.DATABASE_URL = testDb.url as string;
  }
  const handle = await open();
  const config = loadConfig(env);
  const jobs = new Jobs(handle, pino({ level: "silent" }), allJobs(), config);
  try {
    await migrateToLatest(handle.db);
    await jobs.start({ work: false });
    world = await seedStormWorld({ database: handle, config, jobs }, CLIENTS);
  } finally {
    await jobs.stop();
    await release(handle);
  }
}, 180_000);

afterAll(async () => {
  for (const server of servers) server.child.kill("SIGKILL");
  await Promise.all(servers.map((s) => exited(s.child)));
  await testDb?.close();
});

describe("killed in the middle of a submission storm", () => {
  let acknowledged: Acknowledged[];

  it("answers 201 until it dies, and nothing else", async () => {
    const server = await serve(await freePort(), false);
    const cookies = await Promise.all(
      world.applicants.map((a) => signIn(server.port, a.email, TEST_PASSWORD)),
    );
    // Killed once many submissions are acknowledged (however fast this machine is), with more in flight.
    let killed = false;
    let kill: () => void = () => {};
    const dead = new Promise<void>((resolve) => {
      kill = () => {
        if (killed) return;
        killed = true;
        server.child.kill("SIGKILL");
        resolve();
      };
    });
    const cap = setTimeout(kill, 60_000);
    const result = await storm(server.port, world, cookies, CLIENTS, dead, (n) => {
      if (n >= 4 * CLIENTS) kill();
    });
    clearTimeout(cap);
    await exited(server.child);
    expect(server.child.signalCode).toBe("SIGKILL");
    expect(result.refused).toEqual([]);
    expect(result.acknowledged.length).toBeGreaterThanOrEqual(4 * CLIENTS);
    acknowledged = result.acknowledged;
  }, 120_000);

  it("comes back with every acknowledged submission whole, nothing half-made, and its jobs run once", async () => {
    // The deliveries queued with the submissions (no worker ran during the storm) wait for the restart…
    const before = await open();
    try {
      const { rows } = await sql<{ waiting: number }>`
        select count(*)::int as waiting from pgboss.job
        where name = 'notify.deliver' and state = 'created'`.execute(before.db);
      expect(rows[0]?.waiting).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await release(before);
    }
    // …and run after it: the metrics show none unfinished once the workers are through them (they may
    // be through before the first look).
    const server = await serve(await freePort(), true);
    const deadline = Date.now() + 90_000;
    while ((await unfinishedJobs(server.port)).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await unfinishedJobs(server.port)).toEqual([]);
    server.child.kill("SIGTERM");
    await exited(server.child);

    const handle = await open();
    try {
      const db = handle.db;
      expect(
        await halfMade(
          db,
          fileStoreFor({ dataDir, personalDataKey: Buffer.from(env.PERSONAL_DATA_KEY as string, "base64") }),
          acknowledged,
        ),
      ).toEqual([]);
      const audit = await verifyAuditChain(db);
      expect(audit.ok, JSON.stringify(audit)).toBe(true);
      // Every case committed its notice to the applicant with it (the outbox)…
      const { rows: counts } = await sql<{ cases: number; notices: number }>`
        select (select count(*)::int from cases) as cases,
          (select count(*)::int from notifications where template = 'case.submitted') as notices`.execute(db);
      expect(counts[0]?.notices).toBe(counts[0]?.cases);
      // …and each message was sent by one job, done, at the first attempt.
      const { rows } = await sql<{ status: string; attempts: number; jobs: number; done: number }>`
        select n.status, n.attempts, count(j.id)::int as jobs,
          count(j.id) filter (where j.state = 'completed')::int as done
        from notifications n
        left join pgboss.job j on j.name = 'notify.deliver' and j.data ->> 'id' = n.id::text
        group by n.id, n.status, n.attempts`.execute(db);
      expect(rows.length).toBeGreaterThanOrEqual(acknowledged.length);
      expect(
        rows.filter((r) => r.status !== "sent" || r.attempts !== 1 || r.jobs !== 1 || r.done !== 1),
      ).toEqual([]);
    } finally {
      await release(handle);
    }
  }, 180_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
