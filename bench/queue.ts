/**
 * The hall queue under load, on PostgreSQL, against `npm start`: `queue.call_next_p99_ms` is the 99th
 * percentile of `POST /api/v1/sites/{code}/windows/{label}/calls` while 50 windows of one hall call at
 * once, each window its own clerk's session on its own keep-alive connection, each calling its next
 * ticket as soon as the last call is answered, with enough tickets waiting that nobody finds the queue
 * empty. Every call finishes the window's ticket, locks the next one (`for update skip locked`, so the
 * windows never wait on each other's ticket) and marks it called, then counts who waits for the board.
 * The database is seeded here: the 安吉县 slice, the calendar, the hall with 50 comprehensive windows,
 * one category and its waiting tickets, and 50 window clerks.
 */
import { Agent, request } from "node:http";
import { sql } from "kysely";
import { importPackageCalendar } from "../src/modules/calendar/service.ts";
import { chinaDay } from "../src/modules/halls/queue-hours.ts";
import { upsertCategory } from "../src/modules/halls/queue-store.ts";
import { upsertSite, upsertWindow } from "../src/modules/halls/sites-store.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../test/factories.ts";
import { type BenchContext, type Measurement, register, round, stopGroup } from "./harness.ts";
import { npmStart } from "./npm-start.ts";

const WINDOWS = 50;
const SITE = "bench-hall";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function run(context: BenchContext): Promise<Measurement[]> {
  const warmCalls = context.quick ? 2 : 5;
  const calls = context.quick ? 20 : 100;
  const tickets = WINDOWS * (warmCalls + calls) + 100;
  const url = await context.freshDatabase();
  const handle = await openDatabase({ databaseUrl: url, pgliteDir: "memory://", poolSize: 4 });
  const db = handle.db;
  let server: Awaited<ReturnType<typeof npmStart>>["child"] | undefined;
  try {
    await migrateToLatest(db);
    await seedRegionSlice(db);
    await importPackageCalendar(db);
    const site = await upsertSite(db, {
      code: SITE,
      kind: "hall",
      region_code: "330523",
      department_id: await department(db, "330523", "government_service"),
      name: "压测政务服务中心",
      hours: JSON.stringify({ working: [["00:00", "23:59"]], rest: [["00:00", "23:59"]] }),
    });
    for (let i = 1; i <= WINDOWS; i++) {
      await upsertWindow(db, { site_id: site.id, label: String(i), kind: "comprehensive" });
    }
    const category = await upsertCategory(db, { site_id: site.id, prefix: "A", name: "综合业务" });
    context.note(`seeding ${tickets} waiting tickets and ${WINDOWS} window clerks`);
    const day = chinaDay(new Date());
    await sql`
      insert into queue_tickets (site_id, region_code, category_id, day, seq, number, follow_token, channel, taken_at)
      select ${site.id}, '330523', ${category.id}, ${day}::date, g, 'A' || g, md5(g || '-' || random()), 'kiosk',
             now() - interval '1 hour' + g * interval '1 millisecond'
      from generate_series(1, ${tickets}::int) g`.execute(db);
    const clerks: { id: string; username: string }[] = [];
    for (let i = 0; i < WINDOWS; i++) clerks.push(await staffMember(db, "window_clerk", "330523"));

    const started = await npmStart(context, { DATABASE_URL: url, DATA_DIR: context.tempDir("queue-serve") });
    server = started.child;
    const base = `http://127.0.0.1:${started.port}`;
    // One keep-alive connection per window, as each window's console would hold.
    const agents = clerks.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
    const post = (window: number, path: string, body: string, cookie = "") =>
      new Promise<{ status: number; cookies: string[] }>((done, fail) => {
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
            response.resume();
            response.on("end", () =>
              done({ status: response.statusCode ?? 0, cookies: response.headers["set-cookie"] ?? [] }),
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

    let failed = 0;
    const callAt = async (window: number): Promise<number> => {
      const t0 = performance.now();
      const response = await post(
        window,
        `/api/v1/sites/${SITE}/windows/${window + 1}/calls`,
        "{}",
        cookies[window],
      );
      if (response.status !== 200) failed++;
      return performance.now() - t0;
    };
    const round_ = async (perWindow: number) => {
      const latencies: number[] = [];
      await Promise.all(
        clerks.map(async (_clerk, window) => {
          for (let k = 0; k < perWindow; k++) latencies.push(await callAt(window));
        }),
      );
      return latencies;
    };
    context.note(
      `${WINDOWS} windows calling at once: ${warmCalls} calls each to warm up, then ${calls} each`,
    );
    await round_(warmCalls);
    const started_ = performance.now();
    const latencies = await round_(calls);
    const seconds = (performance.now() - started_) / 1000;
    if (failed > 0) throw new Error(`${failed} calls did not answer 200`);
    const called = await db
      .selectFrom("queue_tickets")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("site_id", "=", site.id)
      .where("call_count", ">", 1)
      .executeTakeFirstOrThrow();
    if (Number(called.n) > 0) throw new Error(`${called.n} tickets were called twice`);
    context.note(
      `${latencies.length} calls in ${seconds.toFixed(1)} s (${Math.round(latencies.length / seconds)}/s); median ${round(percentile(latencies, 50), 1)} ms`,
    );
    for (const agent of agents) agent.destroy();
    return [{ name: "queue.call_next_p99_ms", value: round(percentile(latencies, 99), 1), unit: "ms" }];
  } finally {
    if (server) await stopGroup(server);
    await handle.close();
  }
}

register({ metrics: [{ name: "queue.call_next_p99_ms", unit: "ms", goal: { max: 50 } }], run });
