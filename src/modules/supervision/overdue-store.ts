import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";

/**
 * The SQL of the overdue overview (效能监察): what is past its deadline and still open — cases,
 * rectifications of bad ratings, requests from the public — counted by region, department and item
 * in the database, each over its partial index of overdue rows (region_code text_pattern_ops).
 */

export const OVERDUE_KINDS = ["cases", "rectifications", "requests"] as const;
export type OverdueKind = (typeof OVERDUE_KINDS)[number];

/** Rectifications of a rating without an item (a hall visit) are grouped under this key. */
export const NO_ITEM = "none";

interface Source {
  from: RawBuilder<unknown>;
  province: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
  region: RawBuilder<unknown>;
  itemKey: RawBuilder<unknown>;
  itemName: RawBuilder<unknown>;
  itemNameEn: RawBuilder<unknown>;
}

/**
 * Each kind: whose it is and what it is about. A case belongs to the department that offers its item
 * (the responsible department); a request to the department that has it, or while undispatched to its
 * dispatcher (the 12345 centre); a request's "item" is its category.
 */
const SOURCES: Record<OverdueKind, Source> = {
  cases: {
    from: sql`cases c
      join catalog_offerings o on o.id = c.offering_id
      join departments d on d.id = o.department_id`,
    province: sql`c.province_code`,
    where: sql`c.overdue_at is not null and c.state <> 'closed'`,
    region: sql`c.region_code`,
    itemKey: sql`c.item_code`,
    itemName: sql`c.item_name->>'zh'`,
    itemNameEn: sql`c.item_name->>'en'`,
  },
  rectifications: {
    from: sql`rectifications x
      join ratings r on r.id = x.rating_id and r.province_code = x.province_code
      join departments d on d.id = x.department_id`,
    province: sql`x.province_code`,
    where: sql`x.overdue_at is not null and x.state in ('open', 'called_back')`,
    region: sql`x.region_code`,
    itemKey: sql`coalesce(r.item_code, ${NO_ITEM})`,
    itemName: sql`r.item_name`,
    itemNameEn: sql`r.item_name_en`,
  },
  requests: {
    from: sql`public_requests q
      join departments d on d.id = coalesce(q.department_id, q.dispatcher_id)
      join request_categories k on k.code = q.category_code`,
    province: sql`q.province_code`,
    where: sql`q.overdue_at is not null and q.state in ('received', 'assigned')`,
    region: sql`q.region_code`,
    itemKey: sql`q.category_code`,
    itemName: sql`k.name`,
    itemNameEn: sql`k.name_en`,
  },
};

/** Under a region: in its province, which holds every row of the regions below it. */
const within = (s: Source, regionCode: string) =>
  sql`${s.province} = ${provinceOf(regionCode)} and ${s.region} like ${`${regionCode}%`}`;

export interface CountRow {
  key: string;
  count: number;
}

export interface NamedCountRow extends CountRow {
  name: string;
  nameEn: string;
}

/** Counts under a region by the child region (the first `childLength` digits) each row lies in. */
export async function countByChild(
  db: Executor,
  kind: OverdueKind,
  regionCode: string,
  childLength: number,
): Promise<CountRow[]> {
  const s = SOURCES[kind];
  const { rows } = await sql<{ key: string; count: string }>`
    select left(${s.region}, ${childLength}) as key, count(*) as count
    from ${s.from}
    where ${s.where} and ${within(s, regionCode)} and length(${s.region}) >= ${childLength}
    group by 1`.execute(db);
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}

/** Counts under a region by department, most first. */
export async function countByDepartment(
  db: Executor,
  kind: OverdueKind,
  regionCode: string,
): Promise<NamedCountRow[]> {
  const s = SOURCES[kind];
  const { rows } = await sql<{ key: string; name: string; name_en: string; count: string }>`
    select d.id as key, d.name, d.name_en, count(*) as count
    from ${s.from}
    where ${s.where} and ${within(s, regionCode)}
    group by d.id, d.name, d.name_en
    order by count(*) desc, d.name`.execute(db);
  return rows.map((r) => ({ key: r.key, name: r.name, nameEn: r.name_en, count: Number(r.count) }));
}

/** Counts under a region by item (requests: by category), most first. */
export async function countByItem(
  db: Executor,
  kind: OverdueKind,
  regionCode: string,
): Promise<NamedCountRow[]> {
  const s = SOURCES[kind];
  const { rows } = await sql<{ key: string; name: string | null; name_en: string | null; count: string }>`
    select ${s.itemKey} as key, max(${s.itemName}) as name, max(${s.itemNameEn}) as name_en,
      count(*) as count
    from ${s.from}
    where ${s.where} and ${within(s, regionCode)}
    group by 1
    order by count(*) desc, 1`.execute(db);
  return rows.map((r) => ({
    key: r.key,
    name: r.name ?? "",
    nameEn: r.name_en ?? "",
    count: Number(r.count),
  }));
}

export interface OverdueRow {
  /** What the staff page is addressed by: the case's or rectification's id, the request's number. */
  ref: string;
  /** The case's or request's number; the rating's level (as text) for a rectification. */
  label: string;
  itemName: string;
  itemNameEn: string;
  departmentName: string;
  departmentNameEn: string;
  regionCode: string;
  dueAt: Date;
  overdueAt: Date;
}

const REF: Record<OverdueKind, RawBuilder<unknown>> = {
  cases: sql`c.id::text`,
  rectifications: sql`x.id::text`,
  requests: sql`q.number`,
};
const LABEL: Record<OverdueKind, RawBuilder<unknown>> = {
  cases: sql`c.number`,
  rectifications: sql`r.level::text`,
  requests: sql`q.number`,
};
const TIMES: Record<OverdueKind, RawBuilder<unknown>> = {
  cases: sql`c.due_at, c.overdue_at`,
  rectifications: sql`x.due_at, x.overdue_at`,
  requests: sql`q.due_at, q.overdue_at`,
};

/** One page of the overdue rows under a region, of one department or item if asked, longest overdue first. */
export async function overdueRows(
  db: Executor,
  kind: OverdueKind,
  filter: { regionCode: string; departmentId?: string | undefined; itemKey?: string | undefined },
  limit: number,
  offset: number,
): Promise<OverdueRow[]> {
  const s = SOURCES[kind];
  const department = filter.departmentId ? sql`and d.id = ${filter.departmentId}` : sql``;
  const item = filter.itemKey !== undefined ? sql`and ${s.itemKey} = ${filter.itemKey}` : sql``;
  const { rows } = await sql<{
    ref: string;
    label: string;
    item_name: string | null;
    item_name_en: string | null;
    name: string;
    name_en: string;
    region_code: string;
    due_at: Date;
    overdue_at: Date;
  }>`
    select ${REF[kind]} as ref, ${LABEL[kind]} as label, ${s.itemName} as item_name,
      ${s.itemNameEn} as item_name_en, d.name, d.name_en, ${s.region} as region_code, ${TIMES[kind]}
    from ${s.from}
    where ${s.where} and ${within(s, filter.regionCode)} ${department} ${item}
    order by 9, 1
    limit ${limit} offset ${offset}`.execute(db);
  return rows.map((r) => ({
    ref: r.ref,
    label: r.label,
    itemName: r.item_name ?? "",
    itemNameEn: r.item_name_en ?? "",
    departmentName: r.name,
    departmentNameEn: r.name_en,
    regionCode: r.region_code,
    dueAt: new Date(r.due_at),
    overdueAt: new Date(r.overdue_at),
  }));
}
