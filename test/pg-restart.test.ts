/**
 * Crash safety of the database itself: PostgreSQL killed (`pg_ctl stop -m immediate`) in the middle of
 * a submission storm, then started again, under a server that keeps running. While it is down the
 * server must say so (/readyz 503, requests a prompt 503) and stay up; once it is back the server must
 * be ready again by itself, take submissions, and have lost nothing it acknowledged.
 * On a PostgreSQL cluster of the test's own (test/private-pg.ts): the shared one is never stopped. It
 * runs in the suite's PostgreSQL run (TEST_DATABASE_URL set), once: the embedded run has no PostgreSQL
 * to lose, and the cluster it would start is the same either way.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import PgBoss from "pg-boss";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../src/modules/audit/verify.ts";
import { SAMPLE_ANSWERS } from "../src/modules/cases/testing.ts";
import { allJobs } from "../src/modules/index.ts";
import { loadConfig } from "../src/platform/config.ts";
import { type DatabaseHandle, openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { fileStoreFor } from "../src/platform/files/store.ts";
import { Jobs } from "../src/platform/jobs.ts";
import { TEST_PASSWORD } from "./factories.ts";
import { createPrivatePg, freePort, type PrivatePg, privatePgUnavailable } from "./private-pg.ts";
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
  stormMaterial,
} from "./storm.ts";

const CLIENTS = 12;
/** People signed in, each submitting from several clients: a sign-in is an argon2 hash, slow here. */
const SIGNED_IN = 4;
/** How long PostgreSQL stays down: long enough for the pool's idle clients and pg-boss to notice. */
const DOWN_MS = 3_000;
/** What a request may take to answer while the database is down: no hanging until the client gives up. */
const PROMPT_MS = 15_000;
/** What the server may take to be ready again once PostgreSQL takes connections. */
const READY_AGAIN_MS = 20_000;

const skipped =
  process.env.TEST_DATABASE_URL === undefined
    ? "the suite runs on embedded PGlite; this runs with TEST_DATABASE_URL"
    : privatePgUnavailable();
const dataDir = mkdtempSync(join(tmpdir(), "tongban-pg-restart-"));
const env: Record<string, string> = {
  DATA_DIR: dataDir,
  SESSION_SECRET: "pg-restart-test-secret-that-is-long-enough",
  PERSONAL_DATA_KEY: Buffer.alloc(32, 5).toString("base64"),
};
let pg: PrivatePg | undefined;
let world: StormWorld;
const servers: Server[] = [];

/** /readyz's answer; a server that does not answer is a failure, with what it last wrote. */
async function readiness(server: Server): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}/readyz`, {
      signal: AbortSignal.timeout(PROMPT_MS),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    throw new Error(`/readyz did not answer (${error}): the server wrote\n${server.stderr()}`);
  }
}

/** One submission, timed: its status, content type, body and milliseconds, or the error that cut it off. */
async function submitOnce(port: number, cookie: string) {
  const started = Date.now();
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/submissions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie,
        "idempotency-key": `down-${started}-${Math.random()}`,
      },
      body: JSON.stringify({
        offering: world.offeringId,
        answers: SAMPLE_ANSWERS,
        materials: [
          { key: "application", fileName: "申请书.pdf", contentBase64: stormMaterial().toString("base64") },
        ],
      }),
      signal: AbortSignal.timeout(PROMPT_MS),
    });
    return {
      status: response.status,
      type: response.headers.get("content-type") ?? "",
      retryAfter: response.headers.get("retry-after"),
      body: await response.text(),
      ms: Date.now() - started,
    };
  } catch (error) {
    return { status: 0, type: "", retryAfter: null, body: String(error), ms: Date.now() - started };
  }
}

/** The jobs due and not yet done, as the server's own metrics tell them: each line with a count. */
async function unfinishedJobs(port: number): Promise<string[]> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text.split("\n").filter((line) => /^tongban_jobs_unfinished\{.*\} [1-9]/.test(line));
}

const alive = (server: Server) => server.child.exitCode === null && server.child.signalCode === null;

describe.skipIf(skipped !== undefined)(
  `PostgreSQL restarted under load${skipped ? ` (skipped: ${skipped})` : ""}`,
  () => {
    /** The test's own way in, beside the server's: to see what the workers hold, and to check at the end. */
    let watch: DatabaseHandle;
    let server: Server;
    const acknowledged: Acknowledged[] = [];
    /** When PostgreSQL took connections again. */
    let upAt: Date;

    beforeAll(async () => {
      pg = await createPrivatePg();
      await pg.start();
      env.DATABASE_URL = pg.url;
      watch = await openDatabase({ databaseUrl: pg.url, pgliteDir: "memory://", poolSize: 2 });
      const config = loadConfig(env);
      const jobs = new Jobs(watch, pino({ level: "silent" }), allJobs(), config);
      try {
        await migrateToLatest(watch.db);
        await jobs.start({ work: false });
        world = await seedStormWorld({ database: watch, config, jobs }, SIGNED_IN);
      } finally {
        await jobs.stop();
      }
    }, 120_000);

    afterAll(async () => {
      for (const s of servers) s.child.kill("SIGKILL");
      await Promise.all(servers.map((s) => exited(s.child)));
      await watch?.close();
      await pg?.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("says it is not ready while PostgreSQL is down, stays up, and is ready again by itself", async () => {
      const db = pg as PrivatePg;
      // With its workers, as it runs by default: they too lose the database in the middle of their work.
      server = await startServer(await freePort(), { ...env, WORKERS: "true" });
      servers.push(server);
      const cookies = await Promise.all(
        world.applicants.map((a) => signIn(server.port, a.email, TEST_PASSWORD)),
      );

      // PostgreSQL killed once many submissions are acknowledged, with more in flight, and — if one comes
      // within seconds — while a worker holds a batch of jobs.
      let down = false;
      let heldAtKill = 0;
      let kill: () => void = () => {};
      const killed = new Promise<void>((resolve) => {
        kill = () => {
          if (down) return;
          down = true;
          db.stopImmediate().then(resolve, resolve);
        };
      });
      let watching = false;
      const killWhileWorking = async () => {
        if (watching) return;
        watching = true;
        const until = Date.now() + 10_000;
        while (!down && Date.now() < until) {
          heldAtKill = (await activeJobs().catch(() => [])).length;
          if (heldAtKill > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        kill();
      };
      const cap = setTimeout(kill, 60_000);
      const first = await storm(server.port, world, cookies, CLIENTS, killed, (n) => {
        if (n >= 4 * CLIENTS) void killWhileWorking();
      });
      clearTimeout(cap);
      await killed;
      expect(first.acknowledged.length).toBeGreaterThanOrEqual(4 * CLIENTS);
      acknowledged.push(...first.acknowledged);
      // The requests in flight when it died: answered, never cut off.
      expect(first.cutOff, server.stderr()).toBe(0);

      // While it is down: /readyz says so, and a submission gets a prompt 503 with the problem body.
      const downSince = Date.now();
      const whileDown: Awaited<ReturnType<typeof submitOnce>>[] = [];
      const readyWhileDown: number[] = [];
      while (Date.now() - downSince < DOWN_MS) {
        readyWhileDown.push((await readiness(server)).status);
        whileDown.push(await submitOnce(server.port, cookies[0] as string));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(alive(server), server.stderr()).toBe(true);
      expect(new Set(readyWhileDown)).toEqual(new Set([503]));
      expect(whileDown.length).toBeGreaterThan(0);
      for (const answer of whileDown) {
        expect(answer.status, answer.body).toBe(503);
        expect(answer.type).toMatch(/^application\/problem\+json/);
        expect(answer.retryAfter).toMatch(/^[0-9]+$/);
        expect(JSON.parse(answer.body)).toMatchObject({ status: 503, code: "unavailable" });
        expect(answer.ms).toBeLessThan(PROMPT_MS);
      }
      // The metrics still answer, counting the 503s: what an operator watches during the outage.
      const metrics = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(
        /^tongban_http_server_errors_total\{route="\/api\/v1\/submissions"\} [1-9]/m,
      );
      const refusedInFlight = first.refused;
      for (const line of refusedInFlight) expect(line).toMatch(/^503 .*"code":"unavailable"/);

      // Back: ready again by itself, within a bound, and taking submissions.
      await db.start();
      upAt = new Date();
      let ready = await readiness(server);
      while (ready.status !== 200 && Date.now() - upAt.getTime() < READY_AGAIN_MS) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ready = await readiness(server);
      }
      const readyAfterMs = Date.now() - upAt.getTime();
      expect(ready.status, `${ready.body}\n${server.stderr()}\n${db.logTail()}`).toBe(200);

      let enough: () => void = () => {};
      const done = new Promise<void>((resolve) => {
        enough = resolve;
      });
      const capAgain = setTimeout(enough, 30_000);
      const second = await storm(server.port, world, cookies, CLIENTS, done, (n) => {
        if (n >= CLIENTS) enough();
      });
      clearTimeout(capAgain);
      expect(second.refused).toEqual([]);
      expect(second.acknowledged.length).toBeGreaterThanOrEqual(CLIENTS);
      acknowledged.push(...second.acknowledged);
      expect(alive(server), server.stderr()).toBe(true);

      console.info(
        `pg-restart: ${first.acknowledged.length} acknowledged before the kill, ${heldAtKill} jobs held by a ` +
          `worker when it came, ${refusedInFlight.length} in flight refused ` +
          `(${[...new Set(refusedInFlight.map((r) => r.slice(0, 3)))].join(", ") || "none"}), ` +
          `${whileDown.length} submissions while down answered ` +
          `${[...new Set(whileDown.map((a) => a.status))].join(", ")} in at most ` +
          `${Math.max(...whileDown.map((a) => a.ms))} ms; ready ${readyAfterMs} ms after PostgreSQL was back; ` +
          `${second.acknowledged.length} acknowledged after`,
      );
    }, 120_000);

    it("lost nothing it acknowledged, left nothing half-made, and its jobs run once", async () => {
      // The jobs queued before, during and after the outage run; those a worker held when the database
      // went away stay active, their outcome unrecorded, until pg-boss's expiry (15 minutes) retries them.
      const deadline = Date.now() + 60_000;
      const due = async () => (await unfinishedJobs(server.port)).filter((l) => !/state="active"/.test(l));
      while ((await due()).length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(await due()).toEqual([]);
      // Those 15 minutes pass here at once: the held jobs are made overdue and pg-boss's own expiry runs.
      const held = (await activeJobs()).filter((j) => j.startedOn < upAt);
      await sql`update pgboss.job set started_on = started_on - expire_in
      where id = any(${held.map((j) => j.id)}::uuid[])`.execute(watch.db);
      await new PgBoss({ db: watch.jobsSql as PgBoss.Db, schema: "pgboss" }).expire();
      // Retried after a back-off of seconds, not counted as due until then.
      const pending = async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
        where id = any(${held.map((j) => j.id)}::uuid[]) and state <> 'completed'`.execute(watch.db);
        return (rows[0]?.n ?? 0) + (await unfinishedJobs(server.port)).length;
      };
      while ((await pending()) > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(await pending()).toBe(0);
      expect(alive(server), server.stderr()).toBe(true);
      await server.stop();
      console.info(
        `pg-restart: ${held.length} jobs held by the worker through the outage, run after their expiry`,
      );

      const db = watch.db;
      expect(
        await halfMade(
          db,
          fileStoreFor({ dataDir, personalDataKey: Buffer.from(env.PERSONAL_DATA_KEY as string, "base64") }),
          acknowledged,
        ),
      ).toEqual([]);
      const audit = await verifyAuditChain(db);
      expect(audit.ok, JSON.stringify(audit)).toBe(true);
      const { rows: counts } = await sql<{ cases: number; notices: number }>`
      select (select count(*)::int from cases) as cases,
        (select count(*)::int from notifications where template = 'case.submitted') as notices`.execute(db);
      expect(counts[0]?.notices).toBe(counts[0]?.cases);
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
    }, 120_000);

    /** The jobs a worker holds now. */
    async function activeJobs(): Promise<{ id: string; startedOn: Date }[]> {
      const { rows } = await sql<{ id: string; startedOn: Date }>`
      select id, started_on as "startedOn" from pgboss.job where state = 'active'`.execute(watch.db);
      return rows;
    }
  },
);
