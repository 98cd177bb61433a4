/**
 * Ratings (好差评) under load, on PostgreSQL, against `npm start`: `POST /api/v1/rating-links/{token}` —
 * a rating by a text message's or a pad's link, the path with no session in front of it — each request
 * a fresh link (a link rates once), one in ten of them 不满意 or worse, which opens a rectification due
 * in the region's working days in the same transaction.
 *
 * What "100 concurrent clients" means here. A rating is a person choosing one of five levels, a reason
 * or two and perhaps typing a comment: tens of seconds at a pad or on a phone. A hundred people rating
 * at once, each starting on their own, send their ratings at random (a Poisson stream); a person who
 * rated once a second would be many times faster than anyone can be.
 *   - `ratings.submit_p99_ms` (the goal): 100 ratings a second arriving at random over 100 kept-alive
 *     connections (`bench/open-load.ts`, each latency from when the rating was due) — each of the 100
 *     clients rating once a second; 20 s (5 s quick) after a warm-up.
 *   - `ratings.submit_saturated_p99_ms` (no goal): each of the 100 clients rating again the moment it
 *     is answered (autocannon, 100 connections): the wait is mostly queueing, about 100 ÷ throughput.
 *   - `ratings.submit_rps`: the throughput of that closed loop.
 * The database is seeded here: the 安吉县 slice, the calendar, a hall, served tickets of past days and
 * one pad link per ticket (only its hash is stored).
 */
import { createHash, randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { sql } from "kysely";
import { importPackageCalendar } from "../src/modules/calendar/service.ts";
import { upsertCategory } from "../src/modules/halls/queue-store.ts";
import { upsertSite } from "../src/modules/halls/sites-store.ts";
import type { Db } from "../src/platform/db/database.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { department, seedRegionSlice } from "../test/factories.ts";
import { type BenchContext, type Measurement, register, round, stopGroup } from "./harness.ts";
import { npmStart } from "./npm-start.ts";
import { openLoad } from "./open-load.ts";

const CLIENTS = 100;
/** Each client rating once a second: the open load's rate. */
const RATE = CLIENTS;
const PER_DAY = 1000;

async function seed(db: Db, tickets: number): Promise<string[]> {
  await migrateToLatest(db);
  await seedRegionSlice(db);
  await importPackageCalendar(db);
  const site = await upsertSite(db, {
    code: "bench-rating-hall",
    kind: "hall",
    region_code: "330523",
    department_id: await department(db, "330523", "government_service"),
    name: "压测政务服务中心",
    hours: JSON.stringify({ working: [["00:00", "24:00"]], rest: [["00:00", "24:00"]] }),
  });
  const category = (await upsertCategory(db, { site_id: site.id, prefix: "A", name: "综合" })).id;
  const days = Math.ceil(tickets / PER_DAY);
  await sql`
    insert into queue_tickets (province_code, id, site_id, region_code, category_id, day, seq, number, follow_token, channel,
      status, call_count, taken_at, called_at, finished_at)
    select '33', province_uuid('33'), ${site.id}, '330523', ${category}, current_date - d, g, 'A' || g, md5(d || '-' || g || random()),
      'kiosk', 'done', 1, now() - d * interval '1 day', now() - d * interval '1 day', now() - d * interval '1 day'
    from generate_series(1, ${days}) d, generate_series(1, ${PER_DAY}) g`.execute(db);
  const ids = (
    await db.selectFrom("queue_tickets").select("id").where("site_id", "=", site.id).execute()
  ).map((r) => r.id);
  const tokens: string[] = [];
  for (let i = 0; i < ids.length; i += 2000) {
    const rows = ids.slice(i, i + 2000).map((id) => {
      const token = randomBytes(18).toString("base64url");
      tokens.push(token);
      return {
        province_code: "33",
        token_hash: createHash("sha256").update(token).digest("hex"),
        kind: "pad" as const,
        subject_kind: "visit" as const,
        subject_id: id,
        person_id: null,
        used_at: null,
      };
    });
    await db.insertInto("rating_tokens").values(rows).execute();
  }
  return tokens;
}

const GOOD = JSON.stringify({
  level: 5,
  tags: ["efficient", "courteous"],
  comment: "窗口服务很好，一次办成",
});
const BAD = JSON.stringify({ level: 2, tags: ["slow"], comment: "排队时间太长" });

const body = (tokens: string[]) => (tokens.length % 10 === 0 ? BAD : GOOD);

function nextToken(tokens: string[]): string {
  const token = tokens.pop();
  if (!token) throw new Error("The seeded rating links ran out: seed more for this duration");
  return token;
}

/** Ratings arriving at random at RATE a second over CLIENTS connections. */
async function open(port: number, tokens: string[], seconds: number) {
  const result = await openLoad({
    base: `http://127.0.0.1:${port}`,
    rate: RATE,
    seconds,
    connections: CLIENTS,
    shot: () => ({
      method: "POST",
      path: `/api/v1/rating-links/${nextToken(tokens)}`,
      headers: { "content-type": "application/json" },
      body: body(tokens),
    }),
  });
  if (result.failed > 0) throw new Error(`${result.failed} of ${result.sent} ratings were not answered 2xx`);
  return result;
}

/** Each of CLIENTS connections rating again the moment it is answered. */
async function saturate(port: number, tokens: string[], seconds: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CLIENTS,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => ({
          ...request,
          path: `/api/v1/rating-links/${nextToken(tokens)}`,
          headers: { "content-type": "application/json" },
          body: body(tokens),
        }),
      },
    ],
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0)
    throw new Error(
      `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts of ${result.requests.total}`,
    );
  return { p99: result.latency.p99, rps: result.requests.total / seconds };
}

async function run(context: BenchContext): Promise<Measurement[]> {
  const seconds = context.quick ? 5 : 20;
  const url = await context.freshDatabase();
  const handle = await openDatabase({ databaseUrl: url, pgliteDir: "memory://", poolSize: 4 });
  let server: Awaited<ReturnType<typeof npmStart>>["child"] | undefined;
  try {
    context.note("seeding served tickets and their rating links");
    const tokens = await seed(handle.db, context.quick ? 30_000 : 120_000);
    const started = await npmStart(context, { DATABASE_URL: url, DATA_DIR: context.tempDir("ratings") });
    server = started.child;
    context.note(`open load: ${RATE} ratings a second arriving at random from ${CLIENTS} clients`);
    await open(started.port, tokens, 3);
    const paced = await open(started.port, tokens, seconds);
    context.note(`  ${paced.sent} ratings; median ${round(paced.p50, 1)} ms`);
    context.note(`closed loop: ${CLIENTS} clients rating again as soon as answered, ${seconds} s`);
    await saturate(started.port, tokens, 2);
    const measured = await saturate(started.port, tokens, seconds);
    const rated = await handle.db
      .selectFrom("ratings")
      .select([sql<string>`count(*)`.as("n")])
      .executeTakeFirstOrThrow();
    const rectifications = await handle.db
      .selectFrom("rectifications")
      .select([sql<string>`count(*)`.as("n")])
      .executeTakeFirstOrThrow();
    context.note(
      `${Math.round(measured.rps)} ratings/s; ${rated.n} ratings and ${rectifications.n} rectifications kept`,
    );
    return [
      { name: "ratings.submit_p99_ms", value: round(paced.p99, 1), unit: "ms" },
      { name: "ratings.submit_saturated_p99_ms", value: round(measured.p99, 1), unit: "ms" },
      { name: "ratings.submit_rps", value: Math.round(measured.rps), unit: "req/s" },
    ];
  } finally {
    if (server) await stopGroup(server);
    await handle.close();
  }
}

register({
  metrics: [
    { name: "ratings.submit_p99_ms", unit: "ms", goal: { max: 50 } },
    { name: "ratings.submit_saturated_p99_ms", unit: "ms" },
    { name: "ratings.submit_rps", unit: "req/s" },
  ],
  run,
});
