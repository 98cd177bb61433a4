/**
 * Submissions (申报) under load, the work of a province's peak hour:
 *   - `submit.rps_pg`, `submit.p99_ms_at_50_clients`: 50 clients submitting at once through
 *     `POST /api/v1/submissions` (form validation, one 100 KB PDF material, the case, its first task,
 *     its event, the outbox, the audit entry), against the whole app in its own process on PostgreSQL;
 *   - `submit.http_vs_direct_ratio`: that rate divided by the rate of the same service call
 *     (`submitOnce`, the same database work) made directly by 50 concurrent loops in this process, on
 *     the same database — side by side, in ABBA order;
 *   - `submit.rps_pglite`, `submit.p99_ms_at_50_clients_pglite`: the same load on embedded PGlite;
 *   - `server.rss_mb_under_load`: the peak resident memory of the PostgreSQL server process (VmHWM).
 * The server is the real one — `npm start`, as an installation runs it — with workers off
 * (delivering the notifications is not what is measured); this process seeds its database first: the
 * 安吉县 slice of regions, the calendar, the sample food licence offered by the county, 50 applicants.
 */

import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import autocannon from "autocannon";
import pino from "pino";
import { submitOnce } from "../src/modules/applications/submit-once.ts";
import { setAuditSealing } from "../src/modules/audit/service.ts";
import { SAMPLE_ANSWERS } from "../src/modules/cases/testing.ts";
import { allJobs } from "../src/modules/index.ts";
import { loadConfig } from "../src/platform/config.ts";
import { openDatabase, pgliteDirOf } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { Jobs } from "../src/platform/jobs.ts";
import type { Platform } from "../src/platform/platform.ts";
import { TEST_PASSWORD } from "../test/factories.ts";
import { type StormWorld, seedStormWorld, stormMaterial } from "../test/storm.ts";
import { type BenchContext, type Measurement, median, register, round, stopGroup } from "./harness.ts";
import { npmStart, signIn } from "./npm-start.ts";

const CLIENTS = 50;
/** One key for the server and the direct loops: both read the applicants' encrypted ID numbers. */
const PERSONAL_DATA_KEY = randomBytes(32).toString("base64");
const MATERIAL_BYTES = 100 * 1024;

type World = StormWorld;

interface Ready extends World {
  port: number;
}

const seedWorld = (platform: Pick<Platform, "database" | "config" | "jobs">): Promise<World> =>
  seedStormWorld(platform, CLIENTS);
const material = () => stormMaterial(MATERIAL_BYTES);

let runs = 0;

/** Submissions over HTTP for `seconds`; every answer must be a 201 (a new case). */
async function overHttp(
  ready: Ready,
  cookies: string[],
  seconds: number,
): Promise<{ rps: number; p99: number }> {
  runs += 1;
  const run = runs;
  let n = 0;
  const body = JSON.stringify({
    offering: ready.offeringId,
    answers: SAMPLE_ANSWERS,
    materials: [{ key: "application", fileName: "申请书.pdf", contentBase64: material().toString("base64") }],
  });
  const result = await autocannon({
    url: `http://127.0.0.1:${ready.port}`,
    connections: CLIENTS,
    // PGlite serves one statement at a time: under 50 clients a submission may wait many seconds, and
    // that wait is the figure, not an error.
    timeout: 60,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: "/api/v1/submissions",
        setupRequest: (request) => {
          n += 1;
          return {
            ...request,
            headers: {
              "content-type": "application/json",
              cookie: cookies[n % cookies.length] as string,
              "idempotency-key": `bench-${run}-${n}`,
            },
            body,
          };
        },
      },
    ],
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(
      `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts of ${result.requests.total}`,
    );
  }
  return { rps: result.requests.total / seconds, p99: result.latency.p99 };
}

/** The same service call, 50 loops at once in this process, for `seconds`. */
async function direct(
  submit: (applicant: number, key: string) => Promise<unknown>,
  applicants: number,
  seconds: number,
): Promise<number> {
  runs += 1;
  const run = runs;
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await submit((worker + i) % applicants, `direct-${run}-${worker}-${i}`);
        done += 1;
      }
    }),
  );
  return done / seconds;
}

/** The server itself among `npm start`'s processes (npm, a shell, node): the one running tongban.js. */
function serverPid(group: number): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      const [program = "", ...args] = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      // npm's shell names tongban.js too, in its one argument; node has it as an argument of its own.
      if (pgid === group && program.endsWith("node") && args.includes("bin/tongban.js")) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no tongban.js process in the group of ${group}`);
}

/** Peak resident memory of a process, in MB (Linux). */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function onPostgres(context: BenchContext, seconds: number): Promise<Measurement[]> {
  const url = await context.freshDatabase();
  const handle = await openDatabase({ databaseUrl: url, pgliteDir: "memory://", poolSize: 10 });
  const config = loadConfig({
    DATABASE_URL: url,
    DATA_DIR: context.tempDir("submit-direct"),
    SESSION_SECRET: "bench-secret-that-is-long-enough-0123456789",
    PERSONAL_DATA_KEY,
  });
  const jobs = new Jobs(handle, pino({ level: "silent" }), allJobs(), config);
  let server: ChildProcess | undefined;
  try {
    await migrateToLatest(handle.db);
    await jobs.start({ work: false });
    const world = await seedWorld({ database: handle, config, jobs });
    const started = await npmStart(context, {
      DATABASE_URL: url,
      DATA_DIR: context.tempDir("submit-pg"),
      PERSONAL_DATA_KEY,
    });
    server = started.child;
    const ready: Ready = { ...world, port: started.port };
    const cookies = await Promise.all(
      ready.applicants.map((a) => signIn(ready.port, a.email, TEST_PASSWORD)),
    );
    const content = material();
    // The same database work as the server's: entries written pending, which its sealer chains.
    setAuditSealing("batch");
    const submit = (applicant: number, key: string) =>
      submitOnce(
        handle.db,
        { jobs, config },
        { kind: "person", id: (ready.applicants[applicant] as { id: string }).id, name: "bench" },
        {
          offeringId: ready.offeringId,
          answers: SAMPLE_ANSWERS,
          materials: [{ key: "application", fileName: "申请书.pdf", content }],
        },
        key,
      );
    context.note(`${CLIENTS} clients submitting on PostgreSQL: warm-up, then HTTP and direct in ABBA order`);
    await overHttp(ready, cookies, context.quick ? 2 : 5);
    await direct(submit, ready.applicants.length, context.quick ? 1 : 3);
    const http: { rps: number; p99: number }[] = [];
    const loops: number[] = [];
    for (const order of context.quick ? ["h", "d"] : ["h", "d", "d", "h"]) {
      if (order === "h") http.push(await overHttp(ready, cookies, seconds));
      else loops.push(await direct(submit, ready.applicants.length, seconds));
    }
    const rps = median(http.map((h) => h.rps));
    const directRps = median(loops);
    context.note(`HTTP ${rps.toFixed(0)}/s, direct ${directRps.toFixed(0)}/s`);
    return [
      { name: "submit.http_vs_direct_ratio", value: round(rps / directRps, 3), unit: "ratio" },
      { name: "submit.p99_ms_at_50_clients", value: round(median(http.map((h) => h.p99)), 1), unit: "ms" },
      { name: "submit.rps_pg", value: Math.round(rps), unit: "req/s" },
      {
        name: "server.rss_mb_under_load",
        value: Math.round(peakRssMb(serverPid(server.pid as number))),
        unit: "MB",
      },
    ];
  } finally {
    if (server) await stopGroup(server);
    await jobs.stop();
    await handle.close();
  }
}

async function onPglite(context: BenchContext, seconds: number): Promise<Measurement[]> {
  // PGlite has one user at a time: this process seeds the data directory and lets go of it first.
  const dataDir = context.tempDir("submit-pglite");
  const config = loadConfig({
    DATA_DIR: dataDir,
    SESSION_SECRET: "bench-secret-that-is-long-enough-0123456789",
    PERSONAL_DATA_KEY,
  });
  const handle = await openDatabase({ databaseUrl: undefined, pgliteDir: pgliteDirOf(dataDir) });
  const jobs = new Jobs(handle, pino({ level: "silent" }), allJobs(), config);
  let world: World;
  try {
    await migrateToLatest(handle.db);
    await jobs.start({ work: false });
    world = await seedWorld({ database: handle, config, jobs });
  } finally {
    await jobs.stop();
    await handle.close();
  }
  const { child, port } = await npmStart(context, { DATA_DIR: dataDir, PERSONAL_DATA_KEY });
  try {
    const ready: Ready = { ...world, port };
    const cookies = await Promise.all(
      ready.applicants.map((a) => signIn(ready.port, a.email, TEST_PASSWORD)),
    );
    context.note(`${CLIENTS} clients submitting on PGlite`);
    await overHttp(ready, cookies, context.quick ? 2 : 5);
    const measured = await overHttp(ready, cookies, seconds);
    return [
      { name: "submit.rps_pglite", value: Math.round(measured.rps), unit: "req/s" },
      { name: "submit.p99_ms_at_50_clients_pglite", value: round(measured.p99, 1), unit: "ms" },
    ];
  } finally {
    await stopGroup(child);
  }
}

const seconds = (context: BenchContext) => (context.quick ? 5 : 15);

register({
  metrics: [
    { name: "submit.http_vs_direct_ratio", unit: "ratio", goal: { min: 0.6 } },
    { name: "submit.p99_ms_at_50_clients", unit: "ms", goal: { max: 100 } },
    // A province's peak is about 50 submissions a second; one node must carry ten times that.
    { name: "submit.rps_pg", unit: "req/s", goal: { min: 500 } },
    { name: "server.rss_mb_under_load", unit: "MB", goal: { max: 300 } },
  ],
  run: (context) => onPostgres(context, seconds(context)),
});

register({
  metrics: [
    { name: "submit.rps_pglite", unit: "req/s" },
    { name: "submit.p99_ms_at_50_clients_pglite", unit: "ms" },
  ],
  run: (context) => onPglite(context, seconds(context)),
});
