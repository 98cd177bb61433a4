/**
 * The hall queue under load, on PostgreSQL, against `npm start`: `POST /api/v1/sites/{code}/windows/
 * {label}/calls` from the 50 windows of one hall, each window its own clerk's session. Every call
 * finishes the window's ticket, locks the next one of today (`for update skip locked`, so the windows
 * never wait on each other's ticket), marks it called and counts who waits.
 *
 * What "50 windows calling concurrently" means here. Fifty clerks each press "call next" when they are
 * done with someone, independently of each other, so their calls together arrive at random (a Poisson
 * stream: the sum of many independent windows). How often: a call is followed at the least by a person
 * walking up to the window, so even a window whose every ticket is a no-show calls less than once in
 * ten seconds; a busy county hall serves a few thousand people a day, well under one call a second.
 *   - `queue.call_next_p99_ms` (the goal): 50 calls a second arriving at random over the 50 windows'
 *     sessions (`bench/open-load.ts`, each latency from when the call was due) — every window calling
 *     once a second, ten times the rate of a hall of no-shows; 20 s (5 s quick) after a warm-up.
 *   - `queue.call_next_burst_p99_ms` (no goal): all 50 windows pressing at the same millisecond, 100
 *     rounds (20 quick), each round 200 ms after the last one's answers are in. That never happens in a
 *     hall; it is the server taking 50 calls' work at once, so its last answer waits for 49 others.
 *   - `queue.call_next_saturated_p99_ms` (no goal): each window calling again the moment it is
 *     answered, 50 calls always in flight: the wait is mostly queueing, about 50 ÷ throughput.
 *   - `queue.call_next_per_s_max`: the throughput of that closed loop.
 * The CPU each process spends a call (the server, PostgreSQL's backends of this database, this process
 * with its ticket feeder) is noted from /proc for the bursts and the closed loop: where a call's time goes.
 *
 * The database is seeded here: the 安吉县 slice, the calendar, the hall with 45 comprehensive windows
 * and 5 bound to the police, four categories (D the police's), 60 days of history (1,500 served tickets
 * a day) and 1,000 served this morning — what the indexes must not scan. While the calls run, a feeder
 * plays the kiosk: today's waiting tickets are topped up to 100 every 20 ms (300 in the closed loop).
 */
import { readdirSync, readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { sql } from "kysely";
import { importPackageCalendar } from "../src/modules/calendar/service.ts";
import { chinaDay } from "../src/modules/halls/queue-hours.ts";
import { upsertCategory } from "../src/modules/halls/queue-store.ts";
import { upsertSite, upsertWindow } from "../src/modules/halls/sites-store.ts";
import type { Db } from "../src/platform/db/database.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../test/factories.ts";
import { type BenchContext, type Measurement, register, round, sleep, stopGroup } from "./harness.ts";
import { npmStart } from "./npm-start.ts";
import { openLoad, type Shot } from "./open-load.ts";

const WINDOWS = 50;
const DEPARTMENT_WINDOWS = 5;
const SITE = "bench-hall";
const QUEUE_LENGTH = 100;
const RATE = 50;
const PAUSE_MS = 200;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** CPU milliseconds (user + system) of processes, from /proc; 0 for one that is gone. */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Exited meanwhile.
    }
  }
  return ticks * 10;
}

/** The processes of a process group: npm, its shell and the server it started. */
function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid) pids.push(Number(entry));
    } catch {
      // Exited meanwhile.
    }
  }
  return pids;
}

/** Where a phase's CPU went, per call: the server, PostgreSQL's backends of this database, this process. */
async function cpuMeter(db: Db, serverGroup: number) {
  const backends = async () =>
    (
      await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(
        db,
      )
    ).rows.map((r) => r.pid);
  const server = groupPids(serverGroup);
  const before = new Map((await backends()).map((pid) => [pid, cpuMs([pid])]));
  const start = { server: cpuMs(server), bench: process.cpuUsage() };
  return async (calls: number) => {
    const bench = process.cpuUsage(start.bench);
    // A backend that started meanwhile counts from zero; one that ended is lost (rarely: pools keep theirs).
    let postgres = 0;
    for (const pid of await backends()) postgres += cpuMs([pid]) - (before.get(pid) ?? 0);
    const per = (ms: number) => (ms / calls).toFixed(2);
    return `CPU a call: server ${per(cpuMs(server) - start.server)} ms, PostgreSQL ${per(postgres)} ms, this process ${per((bench.user + bench.system) / 1000)} ms`;
  };
}

async function seed(db: Db, day: string) {
  await migrateToLatest(db);
  await seedRegionSlice(db);
  await importPackageCalendar(db);
  const police = await department(db, "330523", "public_security");
  const site = await upsertSite(db, {
    code: SITE,
    kind: "hall",
    region_code: "330523",
    department_id: await department(db, "330523", "government_service"),
    name: "压测政务服务中心",
    hours: JSON.stringify({ working: [["00:00", "23:59"]], rest: [["00:00", "23:59"]] }),
  });
  for (let i = 1; i <= WINDOWS; i++) {
    const bound = i > WINDOWS - DEPARTMENT_WINDOWS;
    await upsertWindow(db, {
      site_id: site.id,
      label: String(i),
      kind: bound ? "department" : "comprehensive",
      department_ids: bound ? [police] : [],
    });
  }
  const categories: string[] = [];
  for (const prefix of ["A", "B", "C", "D"]) {
    const departments = prefix === "D" ? [police] : [];
    categories.push(
      (await upsertCategory(db, { site_id: site.id, prefix, name: prefix, department_ids: departments })).id,
    );
  }
  // Served tickets of the past 60 days and of this morning: what the indexes must not scan.
  await sql`
    insert into queue_tickets (province_code, id, site_id, region_code, category_id, day, seq, number, follow_token, channel,
      status, call_count, taken_at, called_at, finished_at)
    select '33', province_uuid('33'), ${site.id}, '330523', (${categories}::uuid[])[1 + g % 4], ${day}::date - d, g, 'A' || g,
      md5(d || '-' || g || random()), 'kiosk', 'done', 1,
      (${day}::date - d)::timestamp at time zone 'Asia/Shanghai' + interval '9 hour' + g * interval '15 second',
      (${day}::date - d)::timestamp at time zone 'Asia/Shanghai' + interval '9 hour' + g * interval '16 second',
      (${day}::date - d)::timestamp at time zone 'Asia/Shanghai' + interval '9 hour' + g * interval '17 second'
    from generate_series(1, 60) d, generate_series(1, 1500) g`.execute(db);
  await sql`
    insert into queue_tickets (province_code, id, site_id, region_code, category_id, day, seq, number, follow_token, channel,
      status, call_count, taken_at, called_at, finished_at)
    select '33', province_uuid('33'), ${site.id}, '330523', (${categories}::uuid[])[1 + g % 4], ${day}::date, g, 'A' || g,
      md5(g || '-' || random()), 'kiosk', 'done', 1, now() - interval '3 hour', now() - interval '2 hour',
      now() - interval '2 hour'
    from generate_series(1, 1000) g`.execute(db);
  await sql`analyze queue_tickets`.execute(db);
  let seq = 1000;
  /**
   * Adds waiting tickets of today until `length` wait, a quarter of each category: the police's five
   * windows call only D, so D must not run out while the comprehensive windows take the oldest of all.
   */
  const topUp = async (length: number) => {
    const counts = await sql<{ category_id: string; n: string }>`
      select category_id, count(*) as n from queue_tickets
      where site_id = ${site.id} and status = 'waiting' group by category_id`.execute(db);
    const missing = categories.map(
      (id) => length / 4 - Number(counts.rows.find((r) => r.category_id === id)?.n ?? 0),
    );
    const wanted = categories.flatMap((id, i) =>
      Array.from({ length: Math.max(0, missing[i] ?? 0) }, () => id),
    );
    if (wanted.length === 0) return;
    await sql`
      insert into queue_tickets (province_code, id, site_id, region_code, category_id, day, seq, number, follow_token, channel, taken_at)
      select '33', province_uuid('33'), ${site.id}, '330523', c.id, ${day}::date, ${seq} + c.n, 'A' || (${seq} + c.n),
        md5(c.n || '-' || random()), 'kiosk', clock_timestamp()
      from unnest(${wanted}::uuid[]) with ordinality as c (id, n)`.execute(db);
    seq += wanted.length;
  };
  return { siteId: site.id, topUp };
}

async function run(context: BenchContext): Promise<Measurement[]> {
  const openSeconds = context.quick ? 5 : 20;
  const rounds = context.quick ? 20 : 100;
  const loopCalls = context.quick ? 20 : 100;
  const url = await context.freshDatabase();
  const handle = await openDatabase({ databaseUrl: url, pgliteDir: "memory://", poolSize: 4 });
  const db = handle.db;
  let server: Awaited<ReturnType<typeof npmStart>>["child"] | undefined;
  const agents = Array.from({ length: WINDOWS }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
  let feeding = false;
  let feeder = Promise.resolve();
  try {
    context.note("seeding 60 days of history, 50 windows and 50 window clerks");
    const { siteId, topUp } = await seed(db, chinaDay(new Date()));
    const clerks: { id: string; username: string }[] = [];
    for (let i = 0; i < WINDOWS; i++) clerks.push(await staffMember(db, "window_clerk", "330523"));

    const started = await npmStart(context, { DATABASE_URL: url, DATA_DIR: context.tempDir("queue-serve") });
    server = started.child;
    const base = `http://127.0.0.1:${started.port}`;
    // One keep-alive connection per window, as each window's console would hold.
    const post = (window: number, path: string, body: string, cookie = "") =>
      new Promise<{ status: number; cookies: string[]; body: string }>((done, fail) => {
        const req = request(
          `${base}${path}`,
          {
            method: "POST",
            agent: agents[window],
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              cookie,
            },
          },
          (response) => {
            let text = "";
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => {
              if (response.statusCode !== 200) text += chunk;
            });
            response.on("end", () =>
              done({
                status: response.statusCode ?? 0,
                cookies: response.headers["set-cookie"] ?? [],
                body: text,
              }),
            );
          },
        );
        req.on("error", fail);
        req.end(body);
      });
    const cookies = await Promise.all(
      clerks.map(async (clerk, i) => {
        const body = JSON.stringify({ username: clerk.username, password: TEST_PASSWORD });
        const response = await post(i, "/api/v1/session", body);
        const cookie = response.cookies
          .map((c) => c.split(";")[0] ?? "")
          .find((c) => c.startsWith("tb_session="));
        if (response.status !== 201 || !cookie) throw new Error(`clerk sign-in answered ${response.status}`);
        return cookie;
      }),
    );

    const refused = new Map<string, number>();
    const refuse = (what: string) => refused.set(what, (refused.get(what) ?? 0) + 1);
    const callAt = async (window: number): Promise<number> => {
      const t0 = performance.now();
      const response = await post(
        window,
        `/api/v1/sites/${SITE}/windows/${window + 1}/calls`,
        "{}",
        cookies[window],
      );
      if (response.status !== 200) {
        const code = /"code":"([a-z_]+)"/.exec(response.body)?.[1] ?? "";
        refuse(`${response.status} ${code} at window ${window + 1}`);
      }
      return performance.now() - t0;
    };
    const burst = () => Promise.all(clerks.map((_clerk, window) => callAt(window)));
    const closedLoop = async (perWindow: number) => {
      const latencies: number[] = [];
      await Promise.all(
        clerks.map(async (_clerk, window) => {
          for (let k = 0; k < perWindow; k++) latencies.push(await callAt(window));
        }),
      );
      return latencies;
    };
    // The kiosk's side: tickets keep coming, so the queue stays a busy hall's length throughout.
    let queueLength = QUEUE_LENGTH;
    feeding = true;
    feeder = (async () => {
      while (feeding) {
        await topUp(queueLength);
        await sleep(20);
      }
    })();

    context.note(`open load: ${RATE} calls a second arriving at random, one window after another`);
    const shot = (n: number): Shot => ({
      method: "POST",
      path: `/api/v1/sites/${SITE}/windows/${(n % WINDOWS) + 1}/calls`,
      headers: { "content-type": "application/json", cookie: cookies[n % WINDOWS] as string },
      body: "{}",
    });
    await openLoad({ base, rate: RATE, seconds: 3, connections: WINDOWS, shot });
    const open = await openLoad({ base, rate: RATE, seconds: openSeconds, connections: WINDOWS, shot });
    if (open.failed > 0) refused.set("not 2xx in the open load", open.failed);
    context.note(`  ${open.sent} calls; median ${round(open.p50, 1)} ms`);

    context.note(`${rounds} rounds of all ${WINDOWS} windows calling at the same moment`);
    for (let r = 0; r < 3; r++) {
      await sleep(PAUSE_MS);
      await burst();
    }
    const burstMeter = await cpuMeter(db, server.pid as number);
    const bursts: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await sleep(PAUSE_MS);
      bursts.push(...(await burst()));
    }
    context.note(`  median ${round(percentile(bursts, 50), 1)} ms; ${await burstMeter(bursts.length)}`);

    context.note(`each window calling again as soon as answered: ${loopCalls} calls each`);
    // About a second of calls in hand, should this machine's other work stall the feeder.
    queueLength = 3 * QUEUE_LENGTH;
    await closedLoop(2);
    const loopMeter = await cpuMeter(db, server.pid as number);
    const began = performance.now();
    const saturated = await closedLoop(loopCalls);
    const seconds = (performance.now() - began) / 1000;
    const perSecond = saturated.length / seconds;
    context.note(
      `  ${saturated.length} calls in ${seconds.toFixed(1)} s; median ${round(percentile(saturated, 50), 1)} ms; ${await loopMeter(saturated.length)}`,
    );
    feeding = false;
    await feeder;
    if (refused.size > 0) {
      const what = [...refused].map(([status, n]) => `${n} × ${status}`);
      throw new Error(`calls did not answer 200: ${what.join(", ")}`);
    }
    const twice = await db
      .selectFrom("queue_tickets")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("site_id", "=", siteId)
      .where("call_count", ">", 1)
      .executeTakeFirstOrThrow();
    if (Number(twice.n) > 0) throw new Error(`${twice.n} tickets were called twice`);
    return [
      { name: "queue.call_next_p99_ms", value: round(open.p99, 1), unit: "ms" },
      { name: "queue.call_next_burst_p99_ms", value: round(percentile(bursts, 99), 1), unit: "ms" },
      { name: "queue.call_next_saturated_p99_ms", value: round(percentile(saturated, 99), 1), unit: "ms" },
      { name: "queue.call_next_per_s_max", value: Math.round(perSecond), unit: "calls/s" },
    ];
  } finally {
    feeding = false;
    await feeder.catch(() => undefined);
    for (const agent of agents) agent.destroy();
    if (server) await stopGroup(server);
    await handle.close();
  }
}

register({
  metrics: [
    { name: "queue.call_next_p99_ms", unit: "ms", goal: { max: 50 } },
    { name: "queue.call_next_burst_p99_ms", unit: "ms" },
    { name: "queue.call_next_saturated_p99_ms", unit: "ms" },
    { name: "queue.call_next_per_s_max", unit: "calls/s" },
  ],
  run,
});
