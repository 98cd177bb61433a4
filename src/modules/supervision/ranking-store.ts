import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, provinceOf } from "../../platform/db/distribution.ts";

/** The SQL of the departments' ranking: the daily snapshot's computation and its reading. */

export interface SnapshotInput {
  day: string;
  windowFrom: string;
  windowTo: string;
  /** The window as instants: [from, to). */
  from: Date;
  to: Date;
  now: Date;
}

/**
 * Replaces the day's snapshot: per department and region, the cases closed in the window (those whose
 * clock ran, so they had a due date) and how many by their due date, and the ratings given in the window.
 * Rows are counted where they happened — the case's or rating's region — and listed at that region's
 * township, county, city and province, so each level sums the departments below it. Returns the rows
 * written. The nightly snapshot is the country's, counted in one statement over every province.
 */
export async function replaceSnapshot(db: Executor, input: SnapshotInput): Promise<number> {
  const national = allProvinces("the nightly ranking snapshot counts every province at once");
  await sql`${national} delete from department_rankings where day = ${input.day}`.execute(db);
  const { rows } = await sql<{ region_code: string }>`${national}
    insert into department_rankings (day, region_code, department_id, window_from, window_to,
      cases_closed, cases_on_time, ratings, ratings_satisfied, rating_level_sum, computed_at, province_code)
    with closed as (
      select o.department_id, c.region_code as region, count(*) as closed,
        count(*) filter (where c.closed_at <= c.due_at) as on_time
      from cases c join catalog_offerings o on o.id = c.offering_id
      where c.closed_at >= ${input.from} and c.closed_at < ${input.to} and c.due_at is not null
      group by 1, 2
    ), rated as (
      select r.department_id, r.region_code as region, count(*) as n,
        count(*) filter (where r.level >= 3) as satisfied, sum(r.level) as level_sum
      from ratings r
      where r.created_at >= ${input.from} and r.created_at < ${input.to} and r.department_id is not null
      group by 1, 2
    ), facts as (
      select department_id, region, closed, on_time, 0 as n, 0 as satisfied, 0 as level_sum from closed
      union all
      select department_id, region, 0, 0, n, satisfied, level_sum from rated
    ), levels (len) as (values (2), (4), (6), (9))
    select ${input.day}::text, left(f.region, l.len), f.department_id, ${input.windowFrom}::text,
      ${input.windowTo}::text,
      sum(f.closed), sum(f.on_time), sum(f.n), sum(f.satisfied), sum(f.level_sum), ${input.now}::timestamptz,
      left(f.region, 2)
    from facts f join levels l on length(f.region) >= l.len
    group by 2, 3, 12
    returning region_code`.execute(db);
  return rows.length;
}

/**
 * The newest snapshot's day and window: the country's, since one statement writes every province's
 * rows. A province without rows that day shows the day with nothing ranked, not an older day's figures.
 */
export async function latestSnapshot(
  db: Executor,
): Promise<{ day: string; windowFrom: string; windowTo: string; computedAt: Date } | undefined> {
  const row = await db
    .selectFrom("department_rankings")
    .modifyFront(allProvinces("the newest snapshot is the country's"))
    .select(["day", "window_from", "window_to", "computed_at"])
    .orderBy("day", "desc")
    .limit(1)
    .executeTakeFirst();
  return row
    ? { day: row.day, windowFrom: row.window_from, windowTo: row.window_to, computedAt: row.computed_at }
    : undefined;
}

export interface RankingRow {
  departmentId: string;
  name: string;
  nameEn: string;
  casesClosed: number;
  casesOnTime: number;
  ratings: number;
  ratingsSatisfied: number;
  ratingLevelSum: number;
  qualified: boolean;
}

/**
 * A region's rows of a day, in ranking order: departments with at least `minimum` closed cases first,
 * by on-time rate, then satisfaction, then cases closed; the others after them in the same order.
 */
export async function rankingRows(
  db: Executor,
  day: string,
  regionCode: string,
  minimum: number,
): Promise<RankingRow[]> {
  const { rows } = await sql<{
    department_id: string;
    name: string;
    name_en: string;
    cases_closed: number;
    cases_on_time: number;
    ratings: number;
    ratings_satisfied: number;
    rating_level_sum: number;
    qualified: boolean;
  }>`
    select k.department_id, d.name, d.name_en, k.cases_closed, k.cases_on_time, k.ratings,
      k.ratings_satisfied, k.rating_level_sum,
      k.cases_closed >= ${minimum} as qualified
    from department_rankings k join departments d on d.id = k.department_id
    where k.province_code = ${provinceOf(regionCode)} and k.day = ${day} and k.region_code = ${regionCode}
    order by qualified desc,
      k.cases_on_time::float8 / nullif(k.cases_closed, 0) desc nulls last,
      k.ratings_satisfied::float8 / nullif(k.ratings, 0) desc nulls last,
      k.cases_closed desc, d.name, d.id`.execute(db);
  return rows.map((r) => ({
    departmentId: r.department_id,
    name: r.name,
    nameEn: r.name_en,
    casesClosed: r.cases_closed,
    casesOnTime: r.cases_on_time,
    ratings: r.ratings,
    ratingsSatisfied: r.ratings_satisfied,
    ratingLevelSum: r.rating_level_sum,
    qualified: r.qualified,
  }));
}

/** The regions of a day's snapshot directly below `regionCode` (or the provinces, without one). */
export async function regionsWithRows(
  db: Executor,
  day: string,
  regionCode: string | null,
  childLength: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom("department_rankings")
    .select("region_code")
    // Before `distinct`: the check reads a declaration right after `select`.
    .$call((q) =>
      regionCode === null
        ? q.modifyFront(allProvinces("the provinces with rows: the country's list"))
        : q
            .where("province_code", "=", provinceOf(regionCode))
            .where("region_code", "like", `${regionCode}%`),
    )
    .distinct()
    .where("day", "=", day)
    .where(sql<boolean>`length(region_code) = ${childLength}`)
    .orderBy("region_code")
    .execute();
  return rows.map((r) => r.region_code);
}
