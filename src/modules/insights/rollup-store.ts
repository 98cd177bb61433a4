import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, provinceOf } from "../../platform/db/distribution.ts";
import { addSums, type Column, REBUILD } from "./sums-store.ts";

/**
 * The SQL of the roll-ups: each case's facts, what facts contribute to the monthly rows, and the two
 * ways those rows are kept — counting the changed cases' difference (the job), a province at a time, and
 * counting everything again (the rebuild), every province at once. Both go through the same two
 * fragments, so they cannot count differently.
 */

/** Roll-ups are counted as of local days and months in China (UTC+8 all year). */
const ZONE = "Asia/Shanghai";
/** The longest processing time the histogram tells apart; longer ones are counted as this. */
export const DAYS_CAP = 365;
/** Serializes the job and the rebuild: each reads the facts the other writes. */
const LOCK_KEY = 0x1715_1909;

const COLUMNS = [
  "province_code",
  "case_id",
  "region_code",
  "home_code",
  "site_id",
  "department_id",
  "item_id",
  "channel",
  "area",
  "received_month",
  "closed_month",
  "rated_month",
  "accepted",
  "online",
  "granted",
  "denied",
  "rejected",
  "withdrawn",
  "timed",
  "on_time",
  "days",
  "promised_days",
  "statutory_days",
  "supplement_rounds",
  "instant",
  "materials_avoided",
  "visits",
  "fully_online",
  "rating",
] as const;
const columnList = sql.raw(COLUMNS.join(", "));

/**
 * The facts of the cases `where` selects, computed from the case as it is now. Processing time runs from
 * acceptance to decision in working days (the day of acceptance not counted, as the legal clock counts),
 * less the days the clock was paused; visits are the applicant's trips: handing in at a hall or service
 * point, and collecting the result there. A case's rating is its first.
 */
function factsOf(where: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select c.province_code, c.id as case_id, c.region_code, c.applicant_region_code as home_code, c.site_id, o.department_id, c.item_id, c.channel,
      coalesce(r.urban_rural, 'unknown') as area,
      date_trunc('month', c.submitted_at at time zone ${ZONE})::date as received_month,
      case when c.state = 'closed'
        then date_trunc('month', c.closed_at at time zone ${ZONE})::date end as closed_month,
      date_trunc('month', rt.created_at at time zone ${ZONE})::date as rated_month,
      (c.accepted_at is not null)::int as accepted,
      (c.channel in ('online', 'mobile', 'api'))::int as online,
      coalesce(c.outcome in ('granted', 'deemed_granted'), false)::int as granted,
      coalesce(c.outcome = 'denied', false)::int as denied,
      coalesce(c.outcome = 'rejected', false)::int as rejected,
      coalesce(c.outcome = 'withdrawn', false)::int as withdrawn,
      (c.due_at is not null)::int as timed,
      coalesce(c.closed_at <= c.due_at, false)::int as on_time,
      -- greatest() ignores nulls: a case not accepted or not decided has no time.
      case when wa.ordinal is not null and wd.ordinal is not null
        then greatest(wd.ordinal - wa.ordinal - c.paused_days, 0) end as days,
      c.promised_days, c.statutory_days, c.supplement_rounds,
      c.decided_by_rules::int as instant,
      c.materials_avoided,
      (c.channel in ('hall', 'village_point'))::int
        + (coalesce(c.delivery ->> 'method', '') = 'pickup')::int as visits,
      (c.channel in ('online', 'mobile', 'api')
        and coalesce(c.delivery ->> 'method', '') <> 'pickup')::int as fully_online,
      rt.level as rating
    from cases c
    join catalog_offerings o on o.id = c.offering_id
    left join regions r on r.code = c.applicant_region_code
    left join insight_workdays wa on wa.day = (c.accepted_at at time zone ${ZONE})::date
    left join insight_workdays wd on wd.day = (c.decided_at at time zone ${ZONE})::date
    left join lateral (
      select x.level, x.created_at from ratings x
      where x.province_code = c.province_code and x.subject_kind = 'case' and x.subject_id = c.id
      order by x.created_at, x.id limit 1
    ) rt on true
    where ${where}`;
}

const KEY = sql.raw("province_code, month, region_code, department_id, item_id, channel, area");

/**
 * What facts (with a sign: 1 to add, -1 to take away) contribute to the monthly rows: a case counts as
 * received in the month it was submitted, as closed — with its outcome, time and visits — in the month it
 * closed, and as rated in the month of its rating; each at its own region and at every region above —
 * the region where it is handled, or (`home_code`) where its applicant lives, when known; or only at the
 * hall or service point (`site_id`) where it was handed in.
 */
type Place = "region_code" | "home_code" | "site_id";
function contributions(signed: RawBuilder<unknown>, place: Place): RawBuilder<unknown> {
  const at = sql.ref(place);
  const regions = place !== "site_id";
  return sql`
    with f as (${signed}),
    parts as (
      select province_code, received_month as month, ${at} as region_code, department_id, item_id, channel, area,
        s as received, s * accepted as accepted, s * online as received_online,
        0 as closed, 0 as granted, 0 as denied, 0 as rejected, 0 as withdrawn, 0 as timed, 0 as on_time,
        0 as measured, 0 as days_sum, null::int as days, 0 as promised_sum, 0 as statutory_sum,
        0 as supplemented, 0 as supplement_rounds, 0 as instant, 0 as materials_avoided, 0 as visits,
        0 as zero_visit, 0 as fully_online,
        0 as rated, 0 as rating_1, 0 as rating_2, 0 as rating_3, 0 as rating_4, 0 as rating_5, s
      from f where ${at} is not null
      union all
      select province_code, closed_month, ${at}, department_id, item_id, channel, area,
        0, 0, 0,
        s, s * granted, s * denied, s * rejected, s * withdrawn, s * timed, s * on_time,
        s * (days is not null)::int, s * coalesce(days, 0), case when days is not null then least(days, ${DAYS_CAP}) end,
        s * (days is not null)::int * promised_days, s * (days is not null)::int * statutory_days,
        s * (supplement_rounds > 0)::int, s * supplement_rounds, s * instant, s * materials_avoided,
        s * visits, s * (visits = 0)::int, s * fully_online,
        0, 0, 0, 0, 0, 0, s
      from f where closed_month is not null and ${at} is not null
      union all
      select province_code, rated_month, ${at}, department_id, item_id, channel, area,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        s, s * (rating = 1)::int, s * (rating = 2)::int, s * (rating = 3)::int, s * (rating = 4)::int,
        s * (rating = 5)::int, s
      from f where rated_month is not null and ${at} is not null
    ),
    levels (len) as (values (2), (4), (6), (9), (12))
    select ${regions ? sql`left(p.region_code, 2)` : sql`p.province_code`} as province_code, p.month,
      ${regions ? sql`left(p.region_code, l.len)` : sql`p.region_code::text`} as region_code, p.department_id, p.item_id, p.channel,
      p.area, p.received, p.accepted, p.received_online, p.closed, p.granted, p.denied, p.rejected,
      p.withdrawn, p.timed, p.on_time, p.measured, p.days_sum, p.days, p.promised_sum, p.statutory_sum,
      p.supplemented, p.supplement_rounds, p.instant, p.materials_avoided, p.visits, p.zero_visit,
      p.fully_online, p.rated, p.rating_1, p.rating_2, p.rating_3, p.rating_4, p.rating_5, p.s
    from parts p ${regions ? sql`join levels l on length(p.region_code) >= l.len` : sql``}`;
}

/** Every contribution of the region's cases, from the cases as they are: no roll-up read. */
export function naiveContributions(regionCode: string): RawBuilder<unknown> {
  return contributions(
    sql`select 1 as s, * from (${factsOf(sql`c.province_code = ${provinceOf(regionCode)} and c.region_code like ${`${regionCode}%`}`)}) facts`,
    "region_code",
  );
}

/** Every sum a monthly row keeps, in the table's order. */
export const MEASURES = [
  "received",
  "accepted",
  "received_online",
  "closed",
  "granted",
  "denied",
  "rejected",
  "withdrawn",
  "timed",
  "on_time",
  "measured",
  "days_sum",
  "promised_sum",
  "statutory_sum",
  "supplemented",
  "supplement_rounds",
  "instant",
  "materials_avoided",
  "visits",
  "zero_visit",
  "fully_online",
  "rated",
  "rating_1",
  "rating_2",
  "rating_3",
  "rating_4",
  "rating_5",
] as const;
export type Measure = (typeof MEASURES)[number];

const MONTHLY_KEY: Column[] = [
  ["province_code", "text"],
  ["region_code", "text"],
  ["month", "date"],
  ["department_id", "uuid"],
  ["item_id", "uuid"],
  ["channel", "text"],
  ["area", "text"],
];
const SLICE_KEY: Column[] = [
  ["province_code", "text"],
  ["region_code", "text"],
  ["dimension", "text"],
  ["key", "text"],
  ["month", "date"],
];
const DAYS: Column = ["days", "int"];

/** Monthly rows (by every dimension at once) as rows of their slices, one per dimension. */
const sliced = (rows: RawBuilder<unknown>, columns: string) => sql`
  select m.province_code, m.region_code, d.dimension, d.key, m.month, ${sql.raw(columns)}
  from (${rows}) m
  cross join lateral (values ('total', ''), ('channel', m.channel), ('area', m.area),
    ('department', m.department_id::text), ('item', m.item_id::text)) d (dimension, key)`;

const MONTHLY_EMPTY = ["received", "closed", "rated"] as const;
const measureColumns = MEASURES.map((m) => `m.${m}`).join(", ");

/**
 * Adds rows shaped like the monthly ones — contributions, or the monthly rows themselves — to the
 * slices: the same sums once per dimension.
 */
async function addSlices(
  db: Executor,
  rows: RawBuilder<unknown>,
  days: RawBuilder<unknown>,
  head?: RawBuilder<unknown>,
): Promise<void> {
  const slices = sliced(rows, measureColumns);
  await addSums(db, "insight_slices", SLICE_KEY, slices, MEASURES, MONTHLY_EMPTY, head);
  const slicedDays = sliced(days, "m.days, m.cases");
  await addSums(db, "insight_slice_days", [...SLICE_KEY, DAYS], slicedDays, ["cases"], ["cases"], head);
}

/**
 * Adds the contributions of signed facts to the monthly rows and their days, and to their slices — the
 * rebuild (`head`) slices the finished monthly rows instead.
 */
async function applyContributions(
  db: Executor,
  signed: RawBuilder<unknown>,
  head?: RawBuilder<unknown>,
): Promise<void> {
  const c = contributions(signed, "region_code");
  const days = sql`select ${KEY}, days, s as cases from (${c}) c where days is not null`;
  await addSums(db, "insight_monthly", MONTHLY_KEY, c, MEASURES, MONTHLY_EMPTY, head);
  await addSums(db, "insight_monthly_days", [...MONTHLY_KEY, DAYS], days, ["cases"], ["cases"], head);
  if (!head) await addSlices(db, c, days);
}

const HOME_MEASURES = [
  "received",
  "received_online",
  "closed",
  "measured",
  "days_sum",
  "visits",
  "zero_visit",
  "rated",
] as const;

/** The smaller roll-ups: by where applicants live, and by the hall or service point of hand-in. */
const PLACE_TABLES = {
  home_code: { table: "insight_homes_monthly", key: "region_code", type: "text" },
  site_id: { table: "insight_sites_monthly", key: "site_id", type: "uuid" },
} as const;

/**
 * Adds the contributions of signed facts to a smaller roll-up — where applicants live (统筹城乡: which
 * townships and villages are served worst), or the hall or point where cases were handed in — dropping
 * rows every case has left.
 */
async function applyPlaceContributions(
  db: Executor,
  signed: RawBuilder<unknown>,
  place: keyof typeof PLACE_TABLES,
  head?: RawBuilder<unknown>,
): Promise<void> {
  const { table, key, type } = PLACE_TABLES[place];
  const source = sql`
    select province_code, month, region_code::${sql.raw(type)} as ${sql.ref(key)}, channel, area,
      ${sql.raw(HOME_MEASURES.join(", "))}, rating_3 + rating_4 + rating_5 as satisfied
    from (${contributions(signed, place)}) c`;
  const placeKey: Column[] = [
    ["province_code", "text"],
    [key, type],
    ["month", "date"],
    ["channel", "text"],
    ["area", "text"],
  ];
  await addSums(db, table, placeKey, source, [...HOME_MEASURES, "satisfied"], MONTHLY_EMPTY, head);
}

/** Waits for the other of the job and the rebuild to finish; released when the transaction ends. */
export async function lockRollups(db: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(db);
}

/**
 * The provinces with anything marked to count again — cases, requests and rectifications, bundle
 * applications — which the refresh then counts one province at a time.
 */
export async function markedProvinces(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ province_code: string }>`
    ${allProvinces("the refresh looks for marks in every province")}
    select province_code from insight_dirty
    union select province_code from insight_voice_dirty
    union select province_code from insight_bundle_dirty
    order by province_code`.execute(db);
  return rows.map((r) => r.province_code);
}

/** Takes up to `limit` of a province's oldest marks off the queue: the distinct cases they name. */
export async function takeDirty(db: Executor, province: string, limit: number): Promise<string[]> {
  const { rows } = await sql<{ case_id: string }>`
    delete from insight_dirty
    where province_code = ${province} and seq in (
      select seq from insight_dirty where province_code = ${province} order by seq limit ${limit})
    returning case_id`.execute(db);
  return [...new Set(rows.map((r) => r.case_id))];
}

/**
 * Counts the given cases of a province again: the roll-ups gain their new facts and lose their old ones
 * — only for the cases whose facts changed, since a fact unchanged would add and take away the same —
 * and the facts are replaced.
 */
export async function recount(db: Executor, province: string, caseIds: string[]): Promise<number> {
  if (caseIds.length === 0) return 0;
  await sql`
    create temporary table if not exists insight_fresh
      (like insight_case_facts including defaults) on commit delete rows`.execute(db);
  const these = sql`province_code = ${province} and case_id = any(${caseIds}::uuid[])`;
  await sql`
    insert into insight_fresh (${columnList})
    ${factsOf(sql`c.province_code = ${province} and c.id = any(${caseIds}::uuid[])`)}`.execute(db);
  const changed = sql`
    select 1 as s, * from (select ${columnList} from insight_fresh
      except all select ${columnList} from insight_case_facts where ${these}) a
    union all
    select -1 as s, * from (select ${columnList} from insight_case_facts where ${these}
      except all select ${columnList} from insight_fresh) b`;
  await applyContributions(db, changed);
  await applyPlaceContributions(db, changed, "home_code");
  await applyPlaceContributions(db, changed, "site_id");
  await sql`delete from insight_case_facts where ${these}`.execute(db);
  const { rows } = await sql<{ n: number }>`
    with moved as (insert into insight_case_facts (${columnList}) select ${columnList} from insight_fresh
      returning 1)
    select count(*)::int as n from moved`.execute(db);
  await sql`delete from insight_fresh`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Counts every case again from nothing; the marks taken before are satisfied by it. */
export async function recountAll(db: Executor): Promise<number> {
  for (const table of [
    "insight_dirty",
    "insight_sites_monthly",
    "insight_homes_monthly",
    "insight_slice_days",
    "insight_slices",
    "insight_monthly_days",
    "insight_monthly",
    "insight_case_facts",
  ]) {
    await sql`${REBUILD} delete from ${sql.table(table)}`.execute(db);
  }
  const { rows } = await sql<{ n: number }>`
    ${REBUILD} with moved as (insert into insight_case_facts (${columnList}) ${factsOf(sql`true`)} returning 1)
    select count(*)::int as n from moved`.execute(db);
  const all = sql`select 1 as s, ${columnList} from insight_case_facts`;
  await applyContributions(db, all, REBUILD);
  // The slices are sums of the monthly rows: summed from them, not from every case again.
  await addSlices(db, sql`select * from insight_monthly`, sql`select * from insight_monthly_days`, REBUILD);
  await applyPlaceContributions(db, all, "home_code", REBUILD);
  await applyPlaceContributions(db, all, "site_id", REBUILD);
  return rows[0]?.n ?? 0;
}
