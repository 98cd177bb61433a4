/**
 * The soak (issue 10), `npm run soak` (the same as `npm run bench -- --only soak.`): the server as an
 * installation runs it — its own process, npm start's memory limits, the job workers on — on a throw-away
 * PostgreSQL database holding the demo county, and a mix of what its users do:
 *   browsing 3 in 10 (the catalogue, a service's guide, an applicant following their case),
 *   searching 2 in 10 (the search page and the search API), submitting 2 in 10 (an application with a
 *   PDF), staff 2 in 10 (the worklist, then taking a submitted case in), dashboards 1 in 10 (a county
 *   supervisor's insight page).
 * First the mix's maximum rate is measured (as many clients as answers allow), counting the time its
 * jobs take to be done after it; then the mix is held at 70% of it, operations started when due whatever the answers' pace, for 10 minutes (1 with --quick).
 *   soak.errors: answers other than the expected ones, and operations not started because too many
 *     were unanswered. Goal 0.
 *   soak.p99_drift_ratio: the p99 latency of the last tenth of the run (its last minute) over the first
 *     tenth's. Goal ≤ 1.2.
 *   soak.rss_drift_mb: the server's median resident memory over the last tenth minus over the first.
 *     Goal ≤ 50.
 *   soak.jobs_left: jobs due and not done two minutes after the load stops (the queues drained). Goal 0.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import pino from "pino";
import { SAMPLE_ANSWERS } from "../src/modules/cases/testing.ts";
import { DEMO_COUNTY, seedDemo } from "../src/modules/demo/seed.ts";
import { allJobs } from "../src/modules/index.ts";
import { loadConfig } from "../src/platform/config.ts";
import { type Db, openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { Jobs } from "../src/platform/jobs.ts";
import { TEST_PASSWORD } from "../test/factories.ts";
import { type StormWorld, seedStormWorld, startServer, stormMaterial } from "../test/storm.ts";
import { type BenchContext, freePort, type Measurement, median, register, round, sleep } from "./harness.ts";
import { signIn as staffSignIn } from "./load.ts";
import { signIn } from "./npm-start.ts";
import { closedLoop, type Operation, openLoop, quantile, type Sample, within } from "./soak-load.ts";

const APPLICANTS = 20;
const SHARE = 0.7;
const SEARCHES = ["食品", "营业执照", "低保", "出生", "shipin", "户口迁移", "dbsq", "养老"];
const DRAIN_MS = 120_000;
/** How long the maximum's jobs may take before the measurement is given up. */
const MAX_DRAIN_MS = 600_000;

interface Plan {
  seconds: number;
  maxClients: number;
  maxSeconds: number;
  warmSeconds: number;
}

const plan = (quick: boolean): Plan =>
  quick
    ? { seconds: 60, maxClients: 24, maxSeconds: 10, warmSeconds: 5 }
    : { seconds: 600, maxClients: 24, maxSeconds: 30, warmSeconds: 15 };

interface World extends StormWorld {
  guides: string[];
}

/** The demo county, then the sample food licence its market regulation bureau offers, and applicants. */
async function seed(url: string, dataDir: string, personalDataKey: string): Promise<World> {
  const handle = await openDatabase({ databaseUrl: url, pgliteDir: "memory://" });
  const config = loadConfig({
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    SESSION_SECRET: "bench-secret-that-is-long-enough-0123456789",
    // The applicants' ID numbers are encrypted with it: the server must have the same one.
    PERSONAL_DATA_KEY: personalDataKey,
  });
  const jobs = new Jobs(handle, pino({ level: "silent" }), allJobs(), config);
  try {
    await migrateToLatest(handle.db);
    await jobs.start({ work: false });
    await seedDemo(handle.db);
    const world = await seedStormWorld({ database: handle, config, jobs }, APPLICANTS);
    // As after any bulk load: the planner's statistics, which autovacuum would gather later.
    await sql`analyze`.execute(handle.db);
    const guides = await handle.db
      .selectFrom("catalog_items as i")
      .innerJoin("catalog_offerings as o", "o.item_id", "i.id")
      .select("i.code")
      .distinct()
      .where("o.region_code", "=", DEMO_COUNTY)
      .execute();
    return { ...world, guides: guides.map((g) => g.code) };
  } finally {
    await jobs.stop();
    await handle.close();
  }
}

/** What each kind of user does, in turn: ten operations a round, in the shares above. */
function mix(port: number, world: World, cookies: { people: string[]; clerk: string; supervisor: string }) {
  const base = `http://127.0.0.1:${port}`;
  const material = stormMaterial(20 * 1024).toString("base64");
  const submitted: { caseId: string; person: number }[] = [];
  const takenIn = new Set<string>();
  const mine = new Set<string>();
  let n = 0;
  const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)] as T;

  async function expect(response: Response, status: number, what: string): Promise<Response> {
    if (response.status !== status) {
      const text = await response.text();
      throw new Error(`${what} answered ${response.status}: ${text.slice(0, 160)}`);
    }
    return response;
  }
  const get = async (path: string, cookie?: string) => {
    const response = await fetch(base + path, cookie ? { headers: { cookie } } : {});
    await (await expect(response, 200, `GET ${path}`)).arrayBuffer();
  };

  const browseCatalogue: Operation = { kind: "browse", run: () => get("/services") };
  const browseGuide = (): Operation => ({
    kind: "browse",
    run: () => get(`/services/${encodeURIComponent(pick(world.guides))}`),
  });
  const followCase = (): Operation => {
    const recent = submitted.slice(-200);
    if (recent.length === 0) return browseCatalogue;
    const { caseId, person } = pick(recent);
    return { kind: "browse", run: () => get(`/api/v1/cases/${caseId}`, cookies.people[person]) };
  };
  const searchPage = (): Operation => ({
    kind: "search",
    run: () => get(`/services/search?q=${encodeURIComponent(pick(SEARCHES))}`),
  });
  const searchApi = (): Operation => ({
    kind: "search",
    run: () => get(`/api/v1/catalog/search?q=${encodeURIComponent(pick(SEARCHES))}`),
  });
  const submit = (): Operation => ({
    kind: "submit",
    async run() {
      const person = Math.floor(Math.random() * cookies.people.length);
      const response = await fetch(`${base}/api/v1/submissions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          cookie: cookies.people[person] as string,
          "idempotency-key": `soak-${randomBytes(8).toString("hex")}`,
        },
        body: JSON.stringify({
          offering: world.offeringId,
          answers: SAMPLE_ANSWERS,
          materials: [{ key: "application", fileName: "申请书.pdf", contentBase64: material }],
        }),
      });
      const { caseId } = (await (await expect(response, 201, "submission")).json()) as { caseId: string };
      submitted.push({ caseId, person });
      mine.add(caseId);
    },
  });
  // The worklist, then the first of this load's submissions in it that no other operation has taken.
  const takeIn = (): Operation => ({
    kind: "staff",
    async run() {
      const response = await fetch(`${base}/api/v1/work/tasks?stage=intake&limit=20`, {
        headers: { cookie: cookies.clerk },
      });
      const list = (await (await expect(response, 200, "worklist")).json()) as {
        items: { taskId: string; case: { id: string } }[];
      };
      const task = list.items.find((i) => mine.has(i.case.id) && !takenIn.has(i.taskId));
      if (!task) return;
      takenIn.add(task.taskId);
      const acted = await fetch(`${base}/api/v1/work/tasks/${task.taskId}/actions`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: cookies.clerk },
        body: JSON.stringify({ action: "accept" }),
      });
      await (await expect(acted, 200, "accept")).arrayBuffer();
    },
  });
  const dashboard = (): Operation => ({
    kind: "dashboard",
    run: () => get(`/work/insights?region=${DEMO_COUNTY}`, cookies.supervisor),
  });

  const round: (() => Operation)[] = [
    () => browseCatalogue,
    browseGuide,
    followCase,
    searchPage,
    searchApi,
    submit,
    submit,
    takeIn,
    takeIn,
    dashboard,
  ];
  return () => (round[n++ % round.length] as () => Operation)();
}

/** The resident memory of a process now, in MB (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** Jobs due and not done: created or retried and due, or running (the schedules' later runs are not). */
async function jobsDue(db: Db): Promise<number> {
  const { rows } = await sql<{ jobs: number }>`
    select count(*)::int as jobs from pgboss.job
    where (state in ('created', 'retry') and start_after <= now()) or state = 'active'`.execute(db);
  return rows[0]?.jobs ?? 0;
}

/** Waits up to `limit` ms for the due jobs to be done; how many are still due. */
async function drained(db: Db, limit = DRAIN_MS): Promise<number> {
  const deadline = performance.now() + limit;
  let due = await jobsDue(db);
  while (due > 0 && performance.now() < deadline) {
    await sleep(1_000);
    due = await jobsDue(db);
  }
  return due;
}

function byMinute(samples: Sample[], seconds: number): string {
  const parts: string[] = [];
  for (let from = 0; from < seconds; from += 60) {
    const ms = within(samples, from, from + 60);
    parts.push(
      `${from / 60 + 1}: ${ms.length} ops p50 ${quantile(ms, 0.5).toFixed(0)} p99 ${quantile(ms, 0.99).toFixed(0)}`,
    );
  }
  return parts.join("; ");
}

async function run(context: BenchContext): Promise<Measurement[]> {
  const p = plan(context.quick);
  const url = await context.freshDatabase();
  const dataDir = context.tempDir("soak");
  context.note("seeding the demo county, the sample food licence and the applicants");
  const personalDataKey = randomBytes(32).toString("base64");
  const world = await seed(url, dataDir, personalDataKey);
  const server = await startServer(await freePort(), {
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    SESSION_SECRET: "bench-secret-that-is-long-enough-0123456789",
    PERSONAL_DATA_KEY: personalDataKey,
    REQUIRE_STAFF_MFA: "false",
    WORKERS: "true",
    // npm start's limits: the memory an installation runs with.
    NODE_OPTIONS: "--max-old-space-size=192 --max-semi-space-size=8",
  });
  context.track(server.child);
  const watcher = await openDatabase({ databaseUrl: url, pgliteDir: "memory://", poolSize: 1 });
  try {
    const cookies = {
      people: await Promise.all(world.applicants.map((a) => signIn(server.port, a.email, TEST_PASSWORD))),
      clerk: await staffSignIn(server.port, "anji.clerk"),
      supervisor: await staffSignIn(server.port, "anji.supervisor"),
    };
    const next = mix(server.port, world, cookies);

    await closedLoop(next, p.maxClients, p.warmSeconds);
    await drained(watcher.db, MAX_DRAIN_MS);
    const most = await closedLoop(next, p.maxClients, p.maxSeconds);
    if (most.errors.length > 0) throw new Error(`at the maximum: ${most.errors.slice(0, 3).join("; ")}`);
    // An operation's work includes the jobs it queues (deliveries, the insight marks): a rate the workers
    // cannot keep up with only piles them up and slows every answer as the pile is worked off. So the
    // maximum is the operations over the time to answer them and to finish their jobs.
    const drainStarted = performance.now();
    const backlog = await drained(watcher.db, MAX_DRAIN_MS);
    if (backlog > 0) throw new Error(`the maximum's jobs were not done in ${MAX_DRAIN_MS / 1000} s`);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const max = most.samples.length / (most.seconds + drainSeconds);
    const rate = max * SHARE;
    context.note(
      `maximum ${max.toFixed(0)} operations/s with ${p.maxClients} clients, their jobs included ` +
        `(${(most.samples.length / most.seconds).toFixed(0)}/s answered in ${most.seconds.toFixed(0)} s, ` +
        `jobs done ${drainSeconds.toFixed(0)} s later; p99 ${quantile(
          most.samples.map((s) => s.ms),
          0.99,
        ).toFixed(0)} ms); holding ${rate.toFixed(0)}/s for ${p.seconds} s`,
    );

    const rss: { at: number; mb: number }[] = [];
    const pid = server.child.pid as number;
    const held = await openLoop(next, rate, p.seconds, (second) => {
      rss.push({ at: second, mb: rssMb(pid) });
      if (second % 60 === 0) context.note(`  ${second} s: server ${rssMb(pid).toFixed(0)} MB`);
    });
    const left = await jobsDue(watcher.db);
    const due = await drained(watcher.db);

    const tenth = p.seconds / 10;
    const first = within(held.samples, 0, tenth);
    const last = within(held.samples, p.seconds - tenth, p.seconds);
    const rssFirst = median(rss.filter((r) => r.at <= tenth).map((r) => r.mb));
    const rssLast = median(rss.filter((r) => r.at > p.seconds - tenth).map((r) => r.mb));
    const kinds = [...new Set(held.samples.map((s) => s.kind))].map(
      (kind) =>
        `${kind} p99 ${quantile(
          held.samples.filter((s) => s.kind === kind).map((s) => s.ms),
          0.99,
        ).toFixed(0)} ms`,
    );
    context.note(
      `held ${held.samples.length} operations in ${held.seconds.toFixed(0)} s: ${kinds.join(", ")}`,
    );
    context.note(`by minute: ${byMinute(held.samples, p.seconds)}`);
    context.note(
      `server RSS ${rssFirst.toFixed(0)} MB → ${rssLast.toFixed(0)} MB; jobs due when the load stopped ${left}, ` +
        `after draining ${due}`,
    );
    for (const error of held.errors.slice(0, 5)) context.note(`  error: ${error}`);
    return [
      { name: "soak.errors", value: held.errors.length, unit: "operations" },
      {
        name: "soak.p99_drift_ratio",
        value: round(quantile(last, 0.99) / quantile(first, 0.99), 3),
        unit: "ratio",
      },
      { name: "soak.rss_drift_mb", value: round(rssLast - rssFirst, 1), unit: "MB" },
      { name: "soak.jobs_left", value: due, unit: "jobs" },
      { name: "soak.rate", value: round(rate, 1), unit: "ops/s" },
      {
        name: "soak.p99_ms",
        value: round(
          quantile(
            held.samples.map((s) => s.ms),
            0.99,
          ),
          1,
        ),
        unit: "ms",
      },
    ];
  } finally {
    await watcher.close();
    await server.stop();
  }
}

register({
  metrics: [
    { name: "soak.errors", unit: "operations", goal: { max: 0 } },
    { name: "soak.p99_drift_ratio", unit: "ratio", goal: { max: 1.2 } },
    { name: "soak.rss_drift_mb", unit: "MB", goal: { max: 50 } },
    { name: "soak.jobs_left", unit: "jobs", goal: { max: 0 } },
    { name: "soak.rate", unit: "ops/s" },
    { name: "soak.p99_ms", unit: "ms" },
  ],
  run,
});
