/**
 * Open311's GET requests over a year of a busy 12345 centre, on PostgreSQL, against `npm start`:
 * `GET /open311/v2/requests.json?start_date=…&end_date=…&status=open|closed`, one client asking one
 * request after another (a dashboard or a 311 app paging through), each a 30-day window somewhere in
 * the year and open or closed in turn. Most windows hold more than the spec's 1,000 results, so each
 * answer is a full page: the query walks the (closed?, received_at) index and stops at 1,000.
 *   - `open311.requests_list_p99_ms` (goal ≤ 100 ms): the 99th percentile of 300 such requests (60
 *     quick) after 20 to warm up.
 * The rows are written by one set-based statement (generate_series): 1,000,000 requests (100,000 quick)
 * over 365 days, 70% closed, in the four categories of the tests, routed to the county's departments.
 */
import { Agent, get } from "node:http";
import { gunzipSync } from "node:zlib";
import { sql } from "kysely";
import { seedCategoriesAndRoutesIn } from "../src/modules/requests/testing.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { department, seedRegionSlice } from "../test/factories.ts";
import { type BenchContext, type Measurement, register, round, stopGroup } from "./harness.ts";
import { npmStart } from "./npm-start.ts";

const DAY_MS = 86_400_000;

/**
 * One GET as a 311 client on a real network makes it, asking for gzip: the time until the last
 * compressed byte is in. Inflating and parsing the JSON are the client's own work, done after.
 */
function fetchGzipped(agent: Agent, url: string): Promise<{ status: number; ms: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    get(url, { agent, headers: { "accept-encoding": "gzip" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const ms = performance.now() - t0;
        const raw = Buffer.concat(chunks);
        const text = (res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
        resolve({ status: res.statusCode ?? 0, ms, body: JSON.parse(text) });
      });
    }).on("error", reject);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function run(context: BenchContext): Promise<Measurement[]> {
  const rows = context.quick ? 100_000 : 1_000_000;
  const asks = context.quick ? 60 : 300;
  const url = await context.freshDatabase();
  const handle = await openDatabase({ databaseUrl: url, pgliteDir: "memory://", poolSize: 2 });
  let server: Awaited<ReturnType<typeof npmStart>>["child"] | undefined;
  try {
    const db = handle.db;
    await migrateToLatest(db);
    await seedRegionSlice(db);
    const ids = await seedCategoriesAndRoutesIn(db);
    const other = await department(db, "330523", "civil_affairs");
    const categories = await db
      .selectFrom("request_categories")
      .select(["code", "kind"])
      .orderBy("code")
      .execute();
    const codes = categories.map((c) => c.code);
    const kinds = categories.map((c) => c.kind);
    context.note(`writing ${rows.toLocaleString("en")} requests over 365 days`);
    const began = performance.now();
    await sql`
      insert into public_requests (province_code, id, number, token_hash, category_code, kind, text, public_text, region_code,
        contact_preference, requester_kind, channel, state, dispatcher_id, department_id, received_at,
        due_at, updated_at, closed_at)
      select '33', province_uuid('33'), lpad(g::text, 16, '0'), md5(g::text), (${codes}::text[])[g % 4 + 1], (${kinds}::text[])[g % 4 + 1],
        '第' || g || '号诉求：夜间施工噪音扰民，请尽快处理。', '第' || g || '号诉求：夜间施工噪音扰民，请尽快处理。',
        '330523001201', 'none', 'anonymous', 'web',
        case when g % 10 < 7 then 'closed' when g % 10 = 7 then 'replied' else 'assigned' end,
        ${ids.dispatcherId}::uuid, case when g % 2 = 0 then ${ids.policeId}::uuid else ${other}::uuid end,
        at, at + interval '7 day', at + interval '3 day', case when g % 10 < 7 then at + interval '5 day' end
      from generate_series(1, ${rows}::int) g,
        lateral (select now() - (g::double precision / ${rows} * interval '365 day') as at) r`.execute(db);
    // Vacuumed as a year-old table would be: left to autovacuum, a vacuum of the million new rows would
    // start in the middle of the measurement.
    await sql`vacuum analyze public_requests`.execute(db);
    context.note(`  written in ${round((performance.now() - began) / 1000, 1)} s`);

    const started = await npmStart(context, { DATABASE_URL: url, DATA_DIR: context.tempDir("open311") });
    server = started.child;
    const base = `http://127.0.0.1:${started.port}/open311/v2/requests.json`;
    const now = Date.now();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ask = async (i: number) => {
      const end = new Date(now - ((i * 37) % 330) * DAY_MS);
      const start = new Date(end.getTime() - 30 * DAY_MS);
      const status = i % 2 === 0 ? "open" : "closed";
      const query = `start_date=${start.toISOString()}&end_date=${end.toISOString()}&status=${status}`;
      const { status: code, ms, body } = await fetchGzipped(agent, `${base}?${query}`);
      if (code !== 200) throw new Error(`GET requests answered ${code}`);
      if (!Array.isArray(body) || body.length !== 1000)
        throw new Error(`expected a full page of 1,000, got ${Array.isArray(body) ? body.length : code}`);
      return ms;
    };
    for (let i = 0; i < 20; i++) await ask(i);
    const latencies: number[] = [];
    for (let i = 0; i < asks; i++) latencies.push(await ask(i + 20));
    agent.destroy();
    const at = (p: number) => round(percentile(latencies, p), 1);
    context.note(
      `  median ${at(50)} ms, p90 ${at(90)} ms, p95 ${at(95)} ms, the slowest ${at(100)} ms over ${asks} requests of 1,000 results`,
    );
    return [{ name: "open311.requests_list_p99_ms", value: round(percentile(latencies, 99), 1), unit: "ms" }];
  } finally {
    if (server) await stopGroup(server);
    await handle.close();
  }
}

register({ metrics: [{ name: "open311.requests_list_p99_ms", unit: "ms", goal: { max: 100 } }], run });
