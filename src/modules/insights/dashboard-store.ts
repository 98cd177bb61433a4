import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, provinceOf } from "../../platform/db/distribution.ts";
import type { PlaceRow } from "./place.ts";
import { MEASURES, type Measure, naiveContributions } from "./rollup-store.ts";

/**
 * The dashboards' reading of the roll-ups: one region's rows (never its cases), summed over a span of
 * months, whole and by month, channel, where applicants live, department, item and child region.
 */

export type Sums = Record<Measure, number>;

// Sums of bigint columns are numeric, and come back as text: every sum is cast to a JS-safe float8.
const sums = sql.raw(MEASURES.map((m) => `coalesce(sum(${m}), 0)::float8 as ${m}`).join(", "));

export interface Filter {
  regionCode: string;
  /** First days of the first and last months, inclusive. */
  from: string;
  to: string;
  departmentId?: string | undefined;
  itemId?: string | undefined;
  channel?: string | undefined;
}

/** The breakdowns a dashboard shows; `total` is the whole. */
export const DIMENSIONS = ["total", "month", "channel", "area", "department", "item"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const narrowing = (f: Filter): RawBuilder<unknown> => sql`
  month between ${f.from}::date and ${f.to}::date
  ${f.departmentId ? sql`and department_id = ${f.departmentId}::uuid` : sql``}
  ${f.itemId ? sql`and item_id = ${f.itemId}::uuid` : sql``}
  ${f.channel ? sql`and channel = ${f.channel}` : sql``}`;

/**
 * Which dimension a grouping-sets row belongs to, and its key. `grouping()` tells a set's own null from a
 * column left out of the set.
 */
const grouped = sql.raw(`
  case
    when grouping(month, channel, area, department_id, item_id) = 31 then 'total'
    when grouping(month) = 0 then 'month'
    when grouping(channel) = 0 then 'channel'
    when grouping(area) = 0 then 'area'
    when grouping(department_id) = 0 then 'department'
    else 'item'
  end as dimension,
  coalesce(month::text, channel, area, department_id::text, item_id::text, '') as key`);

const SETS = sql.raw("grouping sets ((), (month), (channel), (area), (department_id), (item_id))");

export interface SumRow extends Sums {
  dimension: Dimension;
  key: string;
}

/**
 * A region's roll-up rows, and its children's, lie in its province: every level from the province down
 * is keyed by the province of its own code.
 */
const inRegionProvince = (f: Filter) => sql`province_code = ${provinceOf(f.regionCode)}`;

/** Without a filter, a dashboard reads the slices: a row per dimension and key, not their product. */
const unfiltered = (f: Filter) => !f.departmentId && !f.itemId && !f.channel;
const months = (f: Filter) => sql`month between ${f.from}::date and ${f.to}::date`;

/**
 * A region's slices over the months asked for, summed by dimension and key — and the whole's by month,
 * the dimension `month` — as the monthly rows' grouping sets give them. `columns` are what is summed.
 */
function fromSlices(table: string, f: Filter, columns: RawBuilder<unknown>, extra = ""): RawBuilder<unknown> {
  const from = sql`from ${sql.table(table)}
    where ${inRegionProvince(f)} and region_code = ${f.regionCode} and ${months(f)}`;
  const by = sql.raw(extra ? `, ${extra}` : "");
  const plain = sql.raw(extra ? `${extra}, ` : "");
  return sql`
    select dimension, key, ${plain}${columns} ${from} group by dimension, key${by}
    union all
    select 'month', month::text, ${plain}${columns} ${from} and dimension = 'total' group by month${by}`;
}

/** The region's sums, whole and by every dimension, in one pass over its own rows. */
export async function sumsByDimension(db: Executor, f: Filter): Promise<SumRow[]> {
  const { rows } = unfiltered(f)
    ? await sql<SumRow>`${fromSlices("insight_slices", f, sums)}`.execute(db)
    : await sql<SumRow>`
        select ${grouped}, ${sums}
        from insight_monthly
        where ${inRegionProvince(f)} and region_code = ${f.regionCode} and ${narrowing(f)}
        group by ${SETS}`.execute(db);
  return rows;
}

/**
 * The same sums as `sumsByDimension`, the plain way: every case of the region counted afresh by one
 * GROUP BY. What the roll-ups save, measured by the benchmark, which also checks both agree.
 */
export async function sumsFromCases(db: Executor, f: Filter): Promise<SumRow[]> {
  const { rows } = await sql<SumRow>`
    select ${grouped}, ${sums}
    from (${naiveContributions(f.regionCode)}) c
    where region_code = ${f.regionCode} and ${narrowing(f)}
    group by ${SETS}`.execute(db);
  return rows;
}

export interface DaysRow {
  dimension: Dimension;
  key: string;
  days: number;
  cases: number;
}

/** How many cases took each number of working days, whole and by every dimension. */
export async function daysByDimension(db: Executor, f: Filter): Promise<DaysRow[]> {
  const { rows } = unfiltered(f)
    ? await sql<DaysRow>`
        select * from (${fromSlices("insight_slice_days", f, sql`sum(cases)::int as cases`, "days")}) h
        where cases <> 0
        order by days`.execute(db)
    : await sql<DaysRow>`
        select ${grouped}, days, sum(cases)::int as cases
        from insight_monthly_days
        where ${inRegionProvince(f)} and region_code = ${f.regionCode} and ${narrowing(f)}
        group by days, ${SETS}
        having sum(cases) <> 0
        order by days`.execute(db);
  return rows;
}

/** The rows a child region's whole is read from: its slices of the whole, or its filtered monthly rows. */
function childRows(f: Filter, of: "sums" | "days"): RawBuilder<unknown> {
  if (unfiltered(f)) {
    const table = sql.table(of === "sums" ? "insight_slices" : "insight_slice_days");
    return sql`select * from ${table} where ${inRegionProvince(f)} and dimension = 'total' and ${months(f)}`;
  }
  const table = sql.table(of === "sums" ? "insight_monthly" : "insight_monthly_days");
  return sql`select * from ${table} where ${inRegionProvince(f)} and ${narrowing(f)}`;
}

/** The sums of each child region: their own rows, found by key (never by scanning the subtree). */
export async function sumsByChild(
  db: Executor,
  f: Filter,
  childCodes: string[],
): Promise<(Sums & { region_code: string })[]> {
  const { rows } = await sql<Sums & { region_code: string }>`
    select region_code, ${sums}
    from (${childRows(f, "sums")}) r
    where region_code = any(${childCodes}::text[])
    group by region_code`.execute(db);
  return rows;
}

/** How many cases of each child region took each number of working days. */
export async function daysByChild(
  db: Executor,
  f: Filter,
  childCodes: string[],
): Promise<{ region_code: string; days: number; cases: number }[]> {
  const { rows } = await sql<{ region_code: string; days: number; cases: number }>`
    select region_code, days, sum(cases)::int as cases
    from (${childRows(f, "days")}) r
    where region_code = any(${childCodes}::text[])
    group by region_code, days
    having sum(cases) <> 0
    order by days`.execute(db);
  return rows;
}

/** Departments' and items' names for the keys a dashboard shows. */
export async function names(
  db: Executor,
  departmentIds: string[],
  itemIds: string[],
): Promise<{ departments: Map<string, NameRow>; items: Map<string, NameRow & { code: string }> }> {
  const [departments, items] = await Promise.all([
    departmentIds.length === 0
      ? []
      : db
          .selectFrom("departments")
          .select(["id", "name", "name_en"])
          .where("id", "in", departmentIds)
          .execute(),
    itemIds.length === 0
      ? []
      : sql<{ id: string; code: string; name: string; name_en: string }>`
          select distinct on (i.id) i.id, i.code, v.name, v.name_en
          from catalog_items i join catalog_item_versions v on v.item_id = i.id
          where i.id = any(${itemIds}::uuid[])
          order by i.id, (v.status = 'published') desc, v.version desc`
          .execute(db)
          .then((r) => r.rows),
  ]);
  return {
    departments: new Map(departments.map((d) => [d.id, { name: d.name, nameEn: d.name_en }])),
    items: new Map(items.map((i) => [i.id, { code: i.code, name: i.name, nameEn: i.name_en }])),
  };
}

export interface NameRow {
  name: string;
  nameEn: string;
}

/** The item's id from its code, if the catalogue has it. */
export async function itemIdOf(db: Executor, code: string): Promise<string | undefined> {
  const row = await db.selectFrom("catalog_items").select("id").where("code", "=", code).executeTakeFirst();
  return row?.id;
}

export async function departmentExists(db: Executor, id: string): Promise<boolean> {
  return (
    (await db.selectFrom("departments").select("id").where("id", "=", id).executeTakeFirst()) !== undefined
  );
}

/** The first province with figures (on a province's platform, the province): by the key's prefix, no scan. */
export async function widestRegion(db: Executor): Promise<string | undefined> {
  const { rows } = await sql<{ code: string }>`
    ${allProvinces("open data's default region: the first province with figures")}
    select r.code from regions r
    where r.level = 1 and exists (select 1 from insight_monthly m where m.region_code = r.code)
    order by r.code limit 1`.execute(db);
  return rows[0]?.code;
}

/**
 * The halls and service points of the region, with the sums of the cases handed in there. A site's rows
 * are kept in the province of each case counted, which for a case handled in another province (跨省通办)
 * is not the site's: they are summed over every province.
 */
export async function sumsBySite(
  db: Executor,
  f: Filter,
): Promise<(PlaceRow & { kind: string; name_en: string })[]> {
  const { rows } = await sql<PlaceRow & { kind: string; name_en: string }>`
    ${allProvinces("a site's figures lie in the provinces of the cases handed in there")}
    select s.code, s.name, s.name_en, s.kind, null as urban_rural,
      sum(m.received)::int as received, sum(m.received_online)::int as received_online,
      sum(m.closed)::int as closed, sum(m.measured)::int as measured, sum(m.days_sum)::float8 as days_sum,
      sum(m.visits)::float8 as visits, sum(m.rated)::int as rated, sum(m.satisfied)::int as satisfied
    from insight_sites_monthly m join service_sites s on s.id = m.site_id
    where s.region_code like ${`${f.regionCode}%`} and m.month between ${f.from}::date and ${f.to}::date
      ${f.channel ? sql`and m.channel = ${f.channel}` : sql``}
    group by s.id
    order by sum(m.received) desc, s.code`.execute(db);
  return rows;
}
