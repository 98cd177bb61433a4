/**
 * What durable embedded mode costs, and proof that it flushes (PGlite on a data directory, `npm start`):
 *   - `embedded.durable_rps_ratio` (goal ≥ 0.5): submissions per second with commits acknowledged after
 *     their WAL is flushed (EMBEDDED_FSYNC=true), over the same without (false) — side by side, ABBA.
 *   - `embedded.flushes_per_commit` (goal ≥ 1): fsync system calls on WAL files, counted by strace on
 *     the server, per group of commits the server acknowledged after a flush (its own count, on
 *     /metrics) — at least one real flush for every acknowledged commit or group of them. The notes
 *     give commits per group, and the fsyncs of a server with durability off (none of its own).
 * Skipped without strace (Debian: apt-get install strace).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import pino from "pino";
import { allJobs } from "../src/modules/index.ts";
import { loadConfig } from "../src/platform/config.ts";
import { openDatabase, pgliteDirOf } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { Jobs } from "../src/platform/jobs.ts";
import { TEST_PASSWORD } from "../test/factories.ts";
import { type StormWorld, seedStormWorld, signIn, startServer, storm } from "../test/storm.ts";
import { type BenchContext, freePort, type Measurement, median, register, round, sleep } from "./harness.ts";

const CLIENTS = 20;
const PERSONAL_DATA_KEY = Buffer.alloc(32, 9).toString("base64");

function hasStrace(): boolean {
  try {
    execFileSync("strace", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function seeded(context: BenchContext): Promise<{ dataDir: string; world: StormWorld }> {
  const dataDir = context.tempDir("durability");
  const config = loadConfig({
    DATA_DIR: dataDir,
    SESSION_SECRET: "bench-secret-that-is-long-enough-0123456789",
    PERSONAL_DATA_KEY,
  });
  const handle = await openDatabase({ databaseUrl: undefined, pgliteDir: pgliteDirOf(dataDir) });
  const jobs = new Jobs(handle, pino({ level: "silent" }), allJobs(), config);
  try {
    await migrateToLatest(handle.db);
    await jobs.start({ work: false });
    return { dataDir, world: await seedStormWorld({ database: handle, config, jobs }, CLIENTS) };
  } finally {
    await jobs.stop();
    await handle.close();
  }
}

const env = (dataDir: string, durable: boolean) => ({
  DATA_DIR: dataDir,
  PERSONAL_DATA_KEY,
  SESSION_SECRET: "bench-secret-that-is-long-enough-0123456789",
  WORKERS: "false",
  EMBEDDED_FSYNC: String(durable),
});

/** Submissions per second over `seconds`, from CLIENTS clients. */
async function rate(dataDir: string, world: StormWorld, durable: boolean, seconds: number): Promise<number> {
  const server = await startServer(await freePort(), env(dataDir, durable));
  try {
    const cookies = await Promise.all(
      world.applicants.map((a) => signIn(server.port, a.email, TEST_PASSWORD)),
    );
    const { acknowledged, refused } = await storm(
      server.port,
      world,
      cookies,
      CLIENTS,
      sleep(seconds * 1000),
    );
    if (refused.length > 0) throw new Error(`refused: ${refused[0]}`);
    return acknowledged.length / seconds;
  } finally {
    await server.stop();
  }
}

const counter = (metrics: string, name: string) =>
  Number(new RegExp(`^${name} (\\d+)`, "m").exec(metrics)?.[1] ?? Number.NaN);

/**
 * A storm against a server run under strace: the fsyncs it made on WAL files, and the flush groups and
 * commits it counted itself.
 */
async function traced(
  context: BenchContext,
  dataDir: string,
  world: StormWorld,
  durable: boolean,
  seconds: number,
): Promise<{ walFsyncs: number; flushes: number; commits: number; acknowledged: number }> {
  const port = await freePort();
  const trace = `${context.tempDir("strace")}/trace`;
  // Only fsync and fdatasync stop the server (seccomp), each written with the file it names (-y).
  const strace = ["strace", "-f", "-qq", "--seccomp-bpf", "-y", "-e", "trace=fsync,fdatasync", "-o", trace];
  const server = await startServer(port, env(dataDir, durable), strace);
  try {
    const cookies = await Promise.all(world.applicants.map((a) => signIn(port, a.email, TEST_PASSWORD)));
    const metricsBefore = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const lines = () =>
      readFileSync(trace, "utf8")
        .split("\n")
        .filter((l) => /pg_wal/.test(l));
    const fsyncsBefore = lines().length;
    const { acknowledged } = await storm(port, world, cookies, CLIENTS, sleep(seconds * 1000));
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const delta = (name: string) => counter(metrics, name) - counter(metricsBefore, name);
    return {
      walFsyncs: lines().length - fsyncsBefore,
      flushes: durable ? delta("tongban_embedded_wal_flushes_total") : 0,
      commits: durable ? delta("tongban_embedded_commits_flushed_total") : 0,
      acknowledged: acknowledged.length,
    };
  } finally {
    await server.stop();
  }
}

async function run(context: BenchContext): Promise<Measurement[]> {
  if (!hasStrace()) {
    context.note("  strace is not installed: skipped (apt-get install strace)");
    return [];
  }
  const seconds = context.quick ? 4 : 10;
  const { dataDir, world } = await seeded(context);
  await rate(dataDir, world, true, 2); // warm: the bundle built, the pages of the database in memory
  const durableRates: number[] = [];
  const plainRates: number[] = [];
  for (const durable of context.quick ? [true, false] : [true, false, false, true]) {
    (durable ? durableRates : plainRates).push(await rate(dataDir, world, durable, seconds));
  }
  const durableRps = median(durableRates);
  const plainRps = median(plainRates);
  context.note(
    `  ${CLIENTS} clients on PGlite: durable ${durableRps.toFixed(1)}/s, not durable ${plainRps.toFixed(1)}/s`,
  );
  const on = await traced(context, dataDir, world, true, seconds);
  const off = await traced(context, dataDir, world, false, seconds);
  context.note(
    `  under strace: ${on.acknowledged} submissions acknowledged, ${on.commits} commits in ${on.flushes} flush groups ` +
      `(${(on.commits / on.flushes).toFixed(2)} commits a group), ${on.walFsyncs} fsyncs of WAL files; ` +
      `with EMBEDDED_FSYNC=false: ${off.walFsyncs} fsyncs of WAL files for ${off.acknowledged} submissions`,
  );
  return [
    { name: "embedded.durable_rps_ratio", value: round(durableRps / plainRps, 2), unit: "ratio" },
    { name: "embedded.flushes_per_commit", value: round(on.walFsyncs / on.flushes, 2), unit: "per group" },
  ];
}

register({
  metrics: [
    { name: "embedded.durable_rps_ratio", unit: "ratio", goal: { min: 0.5 } },
    { name: "embedded.flushes_per_commit", unit: "per group", goal: { min: 1 } },
  ],
  run,
});
