import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces } from "../../platform/db/distribution.ts";
import type { Setup } from "./generate-setup.ts";

/**
 * The generator's SQL: every case of a chunk is made by a few set-based statements over
 * generate_series, through temporary tables dropped at commit — the lookups (from generate-setup.ts),
 * the cases' draws (gen_c, gen_k), their stages (gen_s), timelines (gen_x), tasks (gen_tk) and events
 * (gen_ev) — and then written to the cases tables in one go each.
 *
 * Time is in working-day positions t (generate-setup.ts): a step's instant is `at(t)`, on the working day
 * numbered ⌊t⌋, at 08:30 plus the fraction of its nine working hours. A case is drawn whole, from
 * submission to delivery; what lies after now (or after its end: a rejection, a denial, a withdrawal)
 * is cut away, so recent cases stay open in whatever stage now finds them.
 */

/** A uniform number in [0, 1) drawn from `key` (an int8 expression) and a stream number: the same every run. */
export const uniform = (key: string, stream: number) =>
  `((hashint8extended((${key})::int8, ${stream}) & 9007199254740991)::float8 / 9007199254740992)`;

/**
 * Generated ids: 'de', a kind, the case's g, the UUID version and a part number — so they sort as
 * they are written (the primary keys' indexes grow at their right edge) and are recognisable. Version
 * 4: like the ids made before migration 0043, they name no province (their look-ups are declared to go
 * to every one), which lets a range of g be read across the provinces the history spans.
 */
export const genId = (kind: string, g: string, part = "0") =>
  `('de${kind}' || lpad(to_hex((${g})::int8), 9, '0') || '4' || lpad(to_hex(${part}), 3, '0') || '8' || repeat('0', 15))::uuid`;

/** The instant of a working-day position, with `w` the gen_work row of its day. */
export const atOf = (t: string, w: string) =>
  `to_timestamp(${w}.day * 86400.0 - 28800 + 30600 + ((${t}) - floor(${t})) * 32400)`;
/** The end of a day (23:59:59.999 China time), as deadlines end. */
export const endOf = (day: string) =>
  `(to_timestamp((${day} + 1) * 86400.0 - 28800) - interval '1 millisecond')`;

/**
 * The generator writes a chunk of history over every province the imported divisions span, set-based,
 * in one statement per table: a one-off tool, not a request, so its statements go to every province.
 */
export const HISTORY = allProvinces("the demo generator writes history across the provinces at once");

const run = (db: Executor, query: RawBuilder<unknown>) => query.execute(db);
const raw = (text: string) => sql.raw(text);

/** The lookups, as temporary tables of this transaction, filled from the setup. */
export async function createLookups(tx: Executor, setup: Setup): Promise<void> {
  const tables: [string, string, unknown[], string?][] = [
    [
      "gen_off",
      `o int, offering_id uuid, region_code text, item_id uuid, item_version int, item_code text,
       item_name jsonb, item_type text, definition_id uuid, plan jsonb, promised int, statutory int,
       channels text[], org_share float8, instant_ok boolean, avoidable int, visits int, n_stages int,
       decision_index int, supplement_days int, hall_site_id uuid, hall_site_code text, pickup_hall text,
       rating_department uuid, n_places int, hi float8`,
      setup.offerings,
      "o",
    ],
    [
      "gen_stage",
      "o int, s int, kind text, next_kind text, share float8, first_review boolean, last_review boolean",
      setup.stages,
      "o, s",
    ],
    [
      "gen_task",
      `o int, s int, j int, kind text, task_key text, name jsonb, role text, department_id uuid,
       work_region_code text, days int, slow boolean, staff uuid[]`,
      setup.tasks,
      "o, s, j",
    ],
    [
      "gen_place",
      `region text, k int, code text, name text, rural boolean, point_id uuid, point_code text,
       point_name text`,
      setup.places,
      "region, k",
    ],
    ["gen_day", "day int, ord int, working boolean, certain boolean", setup.days, "day"],
    ["gen_org", "k int, name text, code text", setup.orgs, "k"],
  ];
  for (const [name, columns, rows, key] of tables) {
    await run(
      tx,
      sql`create temp table ${raw(name)} (${raw(columns)}, primary key (${raw(key ?? "")})) on commit drop`,
    );
    const names = columns.split(",").map((c) => c.trim().split(/\s+/));
    const list = names.map(([n]) => n).join(", ");
    const typed = names.map(([n, type]) => `${n} ${type}`).join(", ");
    await run(
      tx,
      sql`insert into ${raw(name)} (${raw(list)})
          select ${raw(list)} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${raw(typed)})`,
    );
  }
  await run(tx, sql`create index on gen_off (hi)`);
  await run(tx, sql`create temp table gen_work on commit drop as select ord, day from gen_day where working`);
  await run(tx, sql`create unique index on gen_work (ord)`);
  await run(tx, sql`analyze gen_off, gen_stage, gen_task, gen_place, gen_day, gen_work, gen_org`);
}

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅文斌海燕晓东志红";

/** gen_c and gen_k: each case's draws — offering, applicant, channel, fate — and its first steps. */
export async function drawCases(tx: Executor, setup: Setup, lo: number, hi: number): Promise<void> {
  const u = (k: number) => raw(uniform("g", k));
  const span = setup.nowOrd - setup.firstOrd;
  await run(
    tx,
    sql`${HISTORY} create temp table gen_c on commit drop as
      with r as (
        select g::int8 as g, ${u(1)} as u1, ${u(2)} as u2, ${u(3)} as u3, ${u(4)} as u4, ${u(5)} as u5,
          ${u(6)} as u6, ${u(7)} as u7, ${u(8)} as u8, ${u(9)} as u9, ${u(10)} as u10, ${u(11)} as u11,
          ${u(12)} as u12, ${u(13)} as u13, ${u(14)} as u14, ${u(15)} as u15, ${u(16)} as u16,
          ${u(17)} as u17, ${u(18)} as u18, ${u(19)} as u19, ${u(20)} as u20, ${u(21)} as u21,
          ${u(22)} as u22, ${u(23)} as u23
        from generate_series(${sql.lit(lo)}::int8, ${sql.lit(hi)}::int8) g
        -- A case made by an earlier run is not made again.
        where not exists (select 1 from cases c where c.id = ${raw(genId("0", "g"))})
      )
      select r.*, o.o, p.code as place, p.rural, p.point_id, p.point_code, p.point_name,
        (r.u5 < o.org_share) as org,
        -- How fast this case goes: log-normal around 1 (Box–Muller), slower where villagers wait longer.
        exp(0.4 * sqrt(-2 * ln(1 - r.u3)) * cos(2 * pi() * r.u4)) * (case when p.rural then 1.25 else 1 end) as f
      from r
      cross join lateral (select o, org_share, region_code, n_places from gen_off where hi > r.u1 order by hi limit 1) o
      join gen_place p on p.region = o.region_code and p.k = least(o.n_places - 1, floor(r.u2 * o.n_places)::int)`,
  );
  // Growth: submissions grow over the window, their density rising linearly to 2.2 times its start.
  const growth = 1.2;
  await run(
    tx,
    sql`create temp table gen_k on commit drop as
      with a as (
        select c.*, o.channels, o.instant_ok, o.promised, o.statutory, o.decision_index, o.supplement_days,
          o.hall_site_id, o.hall_site_code, o.pickup_hall, o.region_code, o.avoidable,
          exists (select 1 from gen_stage s where s.o = c.o and s.kind = 'review') as has_review,
          -- Villagers go to their service point and the hall more, and apply online less.
          case
            when c.org and c.u6 < 0.08 then 'api'
            when c.rural then case when c.u6 < 0.40 then 'village_point' when c.u6 < 0.62 then 'hall'
              when c.u6 < 0.82 then 'mobile' else 'online' end
            else case when c.u6 < 0.03 then 'village_point' when c.u6 < 0.28 then 'hall'
              when c.u6 < 0.55 then 'mobile' else 'online' end
          end as wanted
        from gen_c c join gen_off o using (o)
      ), b as (
        select a.*,
          case
            when wanted = 'api' and 'online' = any(channels) then 'api'
            when wanted = 'village_point' and point_id is not null and 'village_point' = any(channels) then 'village_point'
            when wanted in ('online', 'mobile', 'hall') and wanted = any(channels) then wanted
            when 'hall' = any(channels) then 'hall'
            when 'online' = any(channels) then 'online'
            else 'mobile'
          end as channel,
          ${sql.lit(setup.firstOrd)} + floor(
            (sqrt(1 + 2 * ${sql.lit(growth)} * u15 * (1 + ${sql.lit(growth / 2)})) - 1) / ${sql.lit(growth)} * ${sql.lit(span)}
          )::int as ord_sub
        from a
      ), d as (
        select b.*,
          instant_ok and channel in ('online', 'mobile') and u7 < 0.75 as instant,
          channel in ('online', 'mobile', 'api') and u17 < 0.3 as evening,
          (case when channel in ('hall', 'village_point') then 0.03 + 0.4 * u18 else 0.3 + 1.7 * u18 end)
            * (case when rural then 1.3 else 1 end) as w_i,
          -- The working days from acceptance to delivery: well within the promised days, but for a tail.
          (promised + 0.5) * f * 0.32 * (case when channel = 'village_point' then 1.1 else 1 end) as p,
          least(coalesce(supplement_days, 99) - 0.05, (0.8 + 4 * u12) * (case when rural then 1.4 else 1 end)) as gap_i,
          least(coalesce(supplement_days, 99) - 0.05, (1 + 5 * u13) * (case when rural then 1.4 else 1 end)) as gap_r,
          3 + 10 * u14 as gap_p
        from b
      ), e as (
        select d.*,
          case when instant then 'granted'
            when u8 < 0.02 then 'withdrawn'
            when u8 < 0.02 + (case when rural then 0.045 else 0.03 end) then 'rejected'
            when u8 < 0.05 + (case when rural then 0.045 else 0.03 end) then 'denied'
            else 'granted' end as fate,
          not (channel in ('online', 'mobile', 'api') and (instant or u19 < 0.75)) as pickup,
          ord_sub + (case when evening then 0.999 else 0.02 + 0.95 * u16 end) as t_sub
        from d
      ), f as (
        select e.*,
          not instant and fate <> 'withdrawn' and u9 < (case when rural then 0.10 else 0.075 end) as sup_i,
          not instant and fate in ('granted', 'denied') and has_review
            and u10 < (case when rural then 0.085 else 0.06 end) as sup_r,
          not instant and fate in ('granted', 'denied') and has_review and u11 < 0.02 as pause_p
        from e
      )
      select f.*,
        ${raw(genId("0", "f.g"))} as id,
        w.day as day_sub,
        case when evening then to_timestamp(w.day * 86400.0 - 28800 + 63000 + u16 * 18000)
          else ${raw(atOf("t_sub", "w"))} end as submitted_at,
        case when sup_i then t_sub + 0.6 * w_i end as t_sreq_i,
        case when sup_i then t_sub + 0.6 * w_i + gap_i end as t_sres_i,
        case when instant then t_sub when sup_i then t_sub + w_i + gap_i + 0.02 else t_sub + w_i end as t_acc,
        case when pickup then (0.05 + 0.15 * p * (0.5 + u20)) * (case when rural then 1.3 else 1 end) else 0 end as deliver_len,
        case when channel = 'village_point' then point_id when channel = 'hall' then hall_site_id end as site_id,
        case when channel = 'village_point' then point_code when channel = 'hall' then hall_site_code end as site_code,
        case when channel = 'village_point' then point_name end as site_name,
        ${raw(genId("e", "floor(u22 * 400)"))} as org_id,
        md5('tongban-demo-person:' || place || ':' || floor(u22 * 300))::uuid as person_id,
        md5('tongban-demo-representative:' || floor(u22 * 400))::uuid as representative_id,
        substr(${sql.lit(SURNAMES)}, 1 + ((hashtext(place || floor(u22 * 300)) & 2147483647) % ${sql.lit(SURNAMES.length)}), 1)
          || substr(${sql.lit(GIVEN)}, 1 + ((hashtext(floor(u22 * 300) || place) & 2147483647) % ${sql.lit(GIVEN.length)}), 1)
          || case when (hashtext(place || 'n' || floor(u22 * 300)) & 1) = 0
            then substr(${sql.lit(GIVEN)}, 1 + ((hashtext(place || 'x' || floor(u22 * 300)) & 2147483647) % ${sql.lit(GIVEN.length)}), 1)
            else '' end as person_name
      from f join gen_work w on w.ord = f.ord_sub`,
  );
}

/** gen_s and gen_x: each case's stages, laid end to end, and the milestones of its timeline. */
export async function layTimelines(tx: Executor, setup: Setup): Promise<void> {
  const us = raw(uniform("k.g * 64 + s.s", 31));
  await run(
    tx,
    sql`create temp table gen_s on commit drop as
      with b as (
        select k.g, s.s, s.kind, s.next_kind, s.first_review, s.last_review,
          case
            when k.instant and s.kind <> 'delivery' then 0
            when s.kind in ('review', 'decision') then greatest(0.02, s.share * 0.8 * k.p * (0.6 + 0.8 * ${us}))
            when s.kind = 'issuance' then 0.02 + 0.05 * k.p * ${us}
            when s.kind = 'delivery' then k.deliver_len
            else 0
          end as base,
          (case when s.first_review and k.sup_r then k.gap_r else 0 end)
            + (case when s.last_review and k.pause_p then k.gap_p else 0 end) as gap,
          k.t_acc
        from gen_k k join gen_stage s on s.o = k.o and s.s >= 1
      )
      select b.*, t_acc + sum(base + gap) over (partition by g order by s) - (base + gap) as start from b`,
  );
  await run(tx, sql`create index on gen_s (g, s)`);
  const now = sql.lit(setup.tNow);
  await run(
    tx,
    sql`create temp table gen_x on commit drop as
      with agg as (
        select g,
          max(start + base + gap) filter (where kind = 'decision') as t_dec,
          max(start + base + gap) filter (where kind = 'delivery') as t_done,
          max(start) filter (where first_review) as fr_start, max(base) filter (where first_review) as fr_base,
          max(start) filter (where last_review) as lr_start, max(base) filter (where last_review) as lr_base
        from gen_s group by g
      ), m as (
        select k.*, a.t_dec, a.t_done,
          case when k.sup_r then a.fr_start + 0.2 * a.fr_base end as t_sreq_r,
          case when k.pause_p then a.lr_start + 0.6 * a.lr_base
            + (case when k.sup_r and a.fr_start = a.lr_start then k.gap_r else 0 end) end as t_pause
        from gen_k k join agg a using (g)
      ), n as (
        select m.*, t_sreq_r + gap_r as t_sres_r, t_pause + gap_p as t_resume,
          case when fate = 'withdrawn' then t_sub + 0.05 + u21 * greatest(t_dec - t_sub - 0.1, 0.01) end as t_w
        from m
      ), q as (
        select n.*,
          case fate when 'rejected' then t_acc when 'denied' then t_dec when 'withdrawn' then t_w else 1e9 end as t_cut
        from n
      ), r as (
        select q.*, least(t_cut, ${now}) as t_end, least(t_cut, t_done) as t_final,
          -- Days of pauses over by then: a pause still running is counted when it ends (as the engine does).
          ((case when sup_r and t_sres_r <= least(t_cut, ${now}) then floor(t_sres_r) - floor(t_sreq_r) else 0 end)
            + (case when pause_p and t_resume <= least(t_cut, ${now}) then floor(t_resume) - floor(t_pause) else 0 end))::int as pd,
          fate <> 'rejected' and t_acc <= least(t_cut, ${now}) as accepted
        from q
      )
      select r.*,
        case when org then org_id else person_id end as applicant_id,
        case when channel = 'hall' and it.staff[1] is not null then 'staff' else 'person' end as submitter_kind,
        case when channel = 'hall' and it.staff[1] is not null then it.staff[1 + (r.g % cardinality(it.staff))::int]
          when org then representative_id else person_id end as submitter_id,
        case when org then representative_id else person_id end as person_actor,
        floor(t_acc)::int + promised + pd as due_ord,
        floor(t_acc)::int + statutory + pd as stat_ord,
        case when promised > 0 then floor(t_acc)::int + floor(0.8 * promised)::int + pd end as warn_ord
      from r left join gen_task it on it.o = r.o and it.s = 0 and it.j = 0`,
  );
  await run(tx, sql`create unique index on gen_x (g)`);
  await run(tx, sql`analyze gen_x, gen_s`);
}

/** gen_tk: the tasks of every stage a case reached, with when each was made, claimed and done. */
export async function layTasks(tx: Executor): Promise<void> {
  const uj = raw(uniform("x.g * 1024 + t.s * 16 + t.j", 37));
  const uc = raw(uniform("b.g * 1024 + b.s * 16 + b.j", 41));
  await run(
    tx,
    sql`create temp table gen_tk on commit drop as
      with b as (
        select x.g, x.id as case_id, t.s, t.j, t.kind, t.task_key, t.name, t.role, t.department_id,
          t.work_region_code, t.days, t.slow, ${raw(genId("1", "x.g", "t.s * 16 + t.j"))} as id,
          case when cardinality(t.staff) > 0 then t.staff[1 + ((x.g + t.j) % cardinality(t.staff))::int] end as staff_id,
          case when t.s = 0 then x.t_sub else s.start end as created_t,
          case when t.s = 0 then 0 else (case when t.slow then 1 else 0.35 + 0.55 * ${uj} end) * s.base end as xb,
          s.base, s.first_review, s.last_review, x.sup_r, x.pause_p, x.gap_r, x.gap_p, x.t_acc, x.pickup
        from gen_x x join gen_task t on t.o = x.o
        left join gen_s s on s.g = x.g and s.s = t.s
        where not x.instant or t.kind = 'delivery'
      )
      select b.*,
        case when s = 0 then t_acc
          else created_t + xb
            + (case when first_review and sup_r and xb > 0.2 * base then gap_r else 0 end)
            + (case when last_review and pause_p and xb > 0.6 * base then gap_p else 0 end)
        end as done_t,
        case when kind in ('review', 'decision', 'issuance') or (kind = 'delivery' and pickup)
          then created_t + 0.1 * xb * ${uc} end as claim_t
      from b`,
  );
  await run(tx, sql`create index on gen_tk (g, s, j)`);
  await run(tx, sql`analyze gen_tk`);
}
