import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { addSums, LEVELS, REBUILD, recountFacts } from "./sums-store.ts";

/**
 * The SQL of the bundle roll-ups (一件事一次办): facts per application, sums per month, region at every
 * level and bundle, kept by the difference of facts like the cases' (rollup-store.ts).
 */

const ZONE = "Asia/Shanghai";
const COLUMNS = sql.raw(
  "province_code, id, region_code, bundle_code, received_month, settled_month, bundle_days, parts_days",
);

const month = (at: string) => sql.raw(`date_trunc('month', ${at} at time zone '${ZONE}')::date`);
const day = (at: string) => sql.raw(`(${at} at time zone '${ZONE}')::date`);

/**
 * The facts of the applications `ids` names, of one province (all when null): when submitted, when
 * settled (its last child closed), the working days between, and its children's own working days — each
 * child's submission to its close — added up. Both times are null when a day falls outside the
 * working-day table. An application's children lie in its province (bundles' `childOfferings`).
 */
function factsOf(ids: { province: string; ids: string[] } | null): RawBuilder<unknown> {
  return sql`
    select a.province_code, a.id, a.region_code, a.bundle_code, ${month("a.submitted_at")} as received_month,
      ${month("a.settled_at")} as settled_month,
      case when p.parts_days is not null then ws.ordinal - wa.ordinal end as bundle_days,
      case when ws.ordinal is not null and wa.ordinal is not null then p.parts_days end as parts_days
    from bundle_applications a
    left join insight_workdays wa on wa.day = ${day("a.submitted_at")}
    left join insight_workdays ws on ws.day = ${day("a.settled_at")}
    left join lateral (
      select case when bool_and(w1.ordinal is not null and w2.ordinal is not null)
        then sum(w2.ordinal - w1.ordinal)::int end as parts_days
      from bundle_cases b
      join cases c on c.id = b.case_id and c.province_code = b.province_code
      left join insight_workdays w1 on w1.day = ${day("c.submitted_at")}
      left join insight_workdays w2 on w2.day = ${day("c.closed_at")}
      where b.bundle_application_id = a.id and b.province_code = a.province_code
    ) p on a.settled_at is not null
    where ${ids === null ? sql`true` : sql`a.province_code = ${ids.province} and a.id = any(${ids.ids}::uuid[])`}`;
}

/**
 * Adds signed facts (s: 1 or -1) to the monthly sums at every region level, dropping rows left empty;
 * `head` as `addSums` takes it.
 */
function apply(db: Executor, signed: RawBuilder<unknown>, head?: RawBuilder<unknown>): Promise<void> {
  const parts = sql`
    with f as (${signed})
    select region_code, bundle_code, received_month as month, s as received, 0 as settled, 0 as measured,
      0 as bundle_days_sum, 0 as parts_days_sum
    from f
    union all
    select region_code, bundle_code, settled_month, 0, s, s * (bundle_days is not null)::int,
      s * coalesce(bundle_days, 0), s * coalesce(parts_days, 0)
    from f where settled_month is not null`;
  const levelled = sql`
    select left(p.region_code, 2) as province_code, left(p.region_code, l.len) as region_code, p.bundle_code, p.month, p.received, p.settled,
      p.measured, p.bundle_days_sum, p.parts_days_sum
    from (${parts}) p join ${LEVELS} on length(p.region_code) >= l.len`;
  return addSums(
    db,
    "insight_bundle_monthly",
    [
      ["province_code", "text"],
      ["region_code", "text"],
      ["bundle_code", "text"],
      ["month", "date"],
    ],
    levelled,
    ["received", "settled", "measured", "bundle_days_sum", "parts_days_sum"],
    ["received", "settled"],
    head,
  );
}

/**
 * Takes up to `limit` of a province's oldest marks off the queue, with the bundles of the province's
 * cases `caseIds` names (a child closing changes its bundle's parts): the distinct applications to count
 * again.
 */
export async function takeBundleDirty(
  db: Executor,
  province: string,
  limit: number,
  caseIds: string[],
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    delete from insight_bundle_dirty
    where province_code = ${province} and seq in (
      select seq from insight_bundle_dirty where province_code = ${province} order by seq limit ${limit})
    returning id`.execute(db);
  const { rows: parents } =
    caseIds.length === 0
      ? { rows: [] }
      : await sql<{ id: string }>`
          select bundle_application_id as id from bundle_cases
          where province_code = ${province} and case_id = any(${caseIds}::uuid[])`.execute(db);
  return [...new Set([...rows, ...parents].map((r) => r.id))];
}

/**
 * Counts the given applications of a province again: the sums gain their new facts and lose the old ones
 * that changed.
 */
export async function recountBundles(db: Executor, province: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const facts = {
    table: "insight_bundle_facts",
    columns: COLUMNS,
    where: sql`province_code = ${province} and id = any(${ids}::uuid[])`,
  };
  await recountFacts(db, facts, factsOf({ province, ids }), (signed) => apply(db, signed));
}

/** Counts every bundle application again from nothing. */
export async function recountAllBundles(db: Executor): Promise<void> {
  await sql`${REBUILD} delete from insight_bundle_dirty`.execute(db);
  await sql`${REBUILD} delete from insight_bundle_monthly`.execute(db);
  await sql`${REBUILD} delete from insight_bundle_facts`.execute(db);
  await sql`${REBUILD} insert into insight_bundle_facts (${COLUMNS}) ${factsOf(null)}`.execute(db);
  await apply(db, sql`select 1 as s, ${COLUMNS} from insight_bundle_facts`, REBUILD);
}

export interface BundleSums {
  bundle_code: string;
  /** The bundle's name as its definition gives it now. */
  name: { zh: string; en: string } | null;
  received: number;
  settled: number;
  measured: number;
  bundle_days_sum: number;
  parts_days_sum: number;
  /** Submitted and not yet settled, over every month up to the period's end. */
  backlog: number;
}

/** A region's sums by bundle over the months [from, to], and each bundle's backlog at the end of `to`. */
export async function bundleSums(
  db: Executor,
  regionCode: string,
  from: string,
  to: string,
): Promise<BundleSums[]> {
  const { rows } = await sql<BundleSums>`
    select m.bundle_code, b.definition -> 'name' as name,
      coalesce(sum(received) filter (where month >= ${from}::date), 0)::int as received,
      coalesce(sum(settled) filter (where month >= ${from}::date), 0)::int as settled,
      coalesce(sum(measured) filter (where month >= ${from}::date), 0)::int as measured,
      coalesce(sum(bundle_days_sum) filter (where month >= ${from}::date), 0)::float8 as bundle_days_sum,
      coalesce(sum(parts_days_sum) filter (where month >= ${from}::date), 0)::float8 as parts_days_sum,
      coalesce(sum(received - settled), 0)::int as backlog
    from insight_bundle_monthly m
    left join bundles b on b.code = m.bundle_code
    where m.province_code = ${provinceOf(regionCode)} and m.region_code = ${regionCode} and m.month <= ${to}::date
    group by m.bundle_code, b.definition -> 'name'
    having sum(received) filter (where month >= ${from}::date) > 0
      or sum(settled) filter (where month >= ${from}::date) > 0 or sum(received - settled) > 0
    order by m.bundle_code`.execute(db);
  return rows;
}
