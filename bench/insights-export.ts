/**
 * The event-log export of a county with a million cases, on PostgreSQL, against `npm start`:
 * `GET /api/v1/insights/event-log?format=ocel` downloaded by one client to nowhere, while the server's
 * memory is watched.
 *   - `insights.export_rss_mb` (goal ≤ 200 MB): the server process's peak resident set (VmHWM in
 *     /proc/<pid>/status, its high-water mark since it started — so start-up counts too), in MB.
 * The rows are written by set-based statements (generate_series): 1,000,000 cases (100,000 quick) over
 * a year in the county and one of its townships, each with its intake, review and decision tasks and
 * about ten events (submit, claim, accept, claim, complete, claim, grant or deny, issue, deliver, close;
 * a fifth of the cases still in review after five).
 */
import { readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { sql } from "kysely";
import { publishItems, sampleContent } from "../src/modules/catalog/testing.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../test/factories.ts";
import { type BenchContext, type Measurement, register, round, sleep, stopGroup } from "./harness.ts";
import { npmStart } from "./npm-start.ts";

const METRIC = "insights.export_rss_mb";

/** The kB figure of one line of /proc/<pid>/status (VmRSS, VmHWM), or undefined once the process is gone. */
function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.replace(/\D+/g, "")) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The node processes of npm start's process group (npm → sh → node): the server is the one running
 * tongban.js. npm and the shell are node and sh too, so the command line decides, not the name.
 */
function serverPids(groupId: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command (which may hold spaces) start after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== groupId) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (/(^|\/)node$/.test(argv[0] ?? "") && argv.some((a) => a.endsWith("tongban.js")))
        found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Downloads the body and throws it away: the bytes received and the status. */
function download(url: string, cookie: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { cookie } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
    })
      .on("error", reject)
      .end();
  });
}

async function fill(context: BenchContext, url: string, cases: number): Promise<{ username: string }> {
  const handle = await openDatabase({ databaseUrl: url, pgliteDir: "memory://", poolSize: 2 });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    await seedRegionSlice(db);
    const window = await department(db, "330523", "government_service");
    const market = await department(db, "330523", "market_regulation");
    const [code] = (await publishItems(db, [
      { content: sampleContent(), offerings: [{ regionCode: "330523", departmentId: market }] },
    ])) as [string];
    const offering = await db
      .selectFrom("catalog_offerings as o")
      .innerJoin("catalog_items as i", "i.id", "o.item_id")
      .select(["o.id", "o.item_id", "i.code"])
      .where("i.code", "=", code)
      .executeTakeFirstOrThrow();
    const { username } = await staffMember(db, "supervisor", "330523");

    const began = performance.now();
    context.note(`writing ${cases.toLocaleString("en")} cases with their tasks and events`);
    // Four cases in five closed (granted, or denied one time in ten), the fifth still in review.
    await sql`
      insert into cases (province_code, id, number, region_code, item_id, item_version, item_code, item_name, item_type,
        offering_id, plan, applicant_kind, applicant_id, applicant_name, applicant_region_code, submitter_kind,
        submitter_id, channel, state, stage_index, decision, outcome, delivery, submitted_at, accepted_at,
        decided_at, closed_at, promised_days, statutory_days)
      select '33', md5('case' || g)::uuid, 'B' || lpad(g::text, 10, '0'),
        case when g % 3 = 0 then '330523001' else '330523' end,
        ${offering.item_id}::uuid, 1, ${offering.code}, '{"zh":"食品经营许可","en":"Food business licence"}',
        'licence', ${offering.id}::uuid, '{"definitionVersion":null,"stages":[]}',
        case when g % 7 = 0 then 'organisation' else 'person' end, md5('applicant' || g)::uuid, '申请人' || g,
        '330523001201', 'person', md5('applicant' || g)::uuid,
        (array['online','hall','village_point','mobile','online'])[g % 5 + 1],
        case when g % 5 = 0 then 'review' else 'closed' end, case when g % 5 = 0 then 1 else 2 end,
        case when g % 5 = 0 then null when g % 10 = 1 then 'denied' else 'granted' end,
        case when g % 5 = 0 then null when g % 10 = 1 then 'denied' else 'granted' end,
        '{"method":"download"}', at, at + interval '1 hour',
        case when g % 5 = 0 then null else at + interval '3 day' end,
        case when g % 5 = 0 then null else at + interval '4 day' end, 5, 20
      from generate_series(1, ${cases}::int) g,
        lateral (select now() - (g::double precision / ${cases} * interval '365 day') as at) r`.execute(db);
    await sql`
      insert into case_tasks (province_code, id, case_id, region_code, stage_index, stage_kind, task_key, name, role,
        department_id, status, opinion, created_at, completed_at)
      select c.province_code, md5(c.id::text || k)::uuid, c.id, c.region_code, k - 1, s.kind, s.kind, s.name, s.role,
        case when k = 1 then ${window}::uuid else ${market}::uuid end,
        case when c.state = 'review' and k >= 2 then 'open' else 'done' end,
        case when k = 2 and c.state = 'closed' then 'agree' end,
        c.submitted_at + (k - 1) * interval '1 day',
        case when c.state = 'review' and k >= 2 then null else c.submitted_at + k * interval '1 day' end
      from cases c,
        (values (1, 'intake', '{"zh":"受理","en":"Intake"}'::jsonb, 'window_clerk'),
                (2, 'review', '{"zh":"审查","en":"Review"}'::jsonb, 'reviewer'),
                (3, 'decision', '{"zh":"决定","en":"Decision"}'::jsonb, 'approver')) s(k, kind, name, role)
      where c.state <> 'review' or k <= 2`.execute(db);
    await sql`
      insert into case_events (province_code, case_id, region_code, seq, at, action, from_state, to_state, stage_index,
        task_id, department_id, actor_kind)
      select c.province_code, c.id, c.region_code, s, c.submitted_at + s * interval '7 hour',
        case when s = 7 and c.outcome = 'denied' then 'deny'
             else (array['submit','claim','accept','claim','complete','claim','grant','issue','deliver','close'])[s] end,
        (array[null,'intake','intake','review','review','decision','decision','issuance','delivery','delivery'])[s],
        case when s = 7 and c.outcome = 'denied' then 'closed'
             else (array['intake','intake','review','review','decision','decision','issuance','delivery','delivery','closed'])[s] end,
        least((s - 1) / 2, 2),
        case when s <= 6 and (c.state <> 'review' or s <= 4) then md5(c.id::text || ((s - 1) / 2 + 1))::uuid end,
        case when s <= 3 then ${window}::uuid else ${market}::uuid end,
        case when s = 1 then 'person' else 'staff' end
      from cases c, generate_series(1, 10) s
      where (c.state = 'review' and s <= 5) or (c.outcome = 'granted') or (c.outcome = 'denied' and s <= 7)`.execute(
      db,
    );
    await sql`vacuum analyze cases`.execute(db);
    await sql`vacuum analyze case_tasks`.execute(db);
    await sql`vacuum analyze case_events`.execute(db);
    const events = await db
      .selectFrom("case_events")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    context.note(
      `  ${Number(events.n).toLocaleString("en")} events written in ${round((performance.now() - began) / 1000, 1)} s`,
    );
    return { username };
  } finally {
    await handle.close();
  }
}

async function run(context: BenchContext): Promise<Measurement[]> {
  const cases = context.quick ? 100_000 : 1_000_000;
  const url = await context.freshDatabase();
  const { username } = await fill(context, url, cases);

  const started = await npmStart(context, {
    DATABASE_URL: url,
    DATA_DIR: context.tempDir("insights-export"),
    REQUIRE_STAFF_MFA: "false",
  });
  try {
    const base = `http://127.0.0.1:${started.port}`;
    const signedIn = await fetch(`${base}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: TEST_PASSWORD }),
    });
    const cookie = signedIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0] ?? "")
      .find((c) => c.startsWith("tb_session="));
    if (signedIn.status !== 201 || !cookie) throw new Error(`supervisor sign-in answered ${signedIn.status}`);

    const pids = serverPids(started.child.pid as number);
    if (pids.length === 0) throw new Error("the server's node process was not found in npm start's group");
    const rss = (field: "VmRSS" | "VmHWM") => Math.max(...pids.map((pid) => statusKb(pid, field) ?? 0));
    const before = rss("VmRSS");
    let sampled = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        sampled = Math.max(sampled, rss("VmRSS"));
        await sleep(50);
      }
    })();
    const t0 = performance.now();
    const { status, bytes } = await download(`${base}/api/v1/insights/event-log?format=ocel`, cookie);
    const seconds = (performance.now() - t0) / 1000;
    sampling = false;
    await sampler;
    if (status !== 200) throw new Error(`the export answered ${status}`);
    const peakKb = Math.max(rss("VmHWM"), sampled);
    context.note(
      `  ${round(bytes / 1e6, 0).toLocaleString("en")} MB of OCEL in ${round(seconds, 1)} s ` +
        `(${round(bytes / 1e6 / seconds, 1)} MB/s); RSS ${round(before / 1024, 1)} MB before, ` +
        `sampled peak ${round(sampled / 1024, 1)} MB, high-water mark ${round(peakKb / 1024, 1)} MB`,
    );
    return [{ name: METRIC, value: round(peakKb / 1024, 1), unit: "MB" }];
  } finally {
    await stopGroup(started.child);
  }
}

register({ metrics: [{ name: METRIC, unit: "MB", goal: { max: 200 } }], run });
