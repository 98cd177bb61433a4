import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { RegionRow } from "./tables.ts";

export interface RegionWithCount
  extends Pick<RegionRow, "code" | "parent_code" | "level" | "name" | "urban_rural"> {
  child_count: number;
}

const childCount = sql<number>`(select count(*)::int from regions c where c.parent_code = regions.code)`;

const COLUMNS = ["code", "parent_code", "level", "name", "urban_rural"] as const;
export type RegionFields = Pick<RegionRow, (typeof COLUMNS)[number]>;

export function findByCode(db: Executor, code: string): Promise<RegionWithCount | undefined> {
  return db
    .selectFrom("regions")
    .select(COLUMNS)
    .select(childCount.as("child_count"))
    .where("code", "=", code)
    .executeTakeFirst();
}

export function findByCodes(db: Executor, codes: string[]): Promise<RegionFields[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom("regions").select(COLUMNS).where("code", "in", codes).orderBy("level").execute();
}

/** Children of `parentCode`, or the provinces when it is null. Exported as a query for the benchmark. */
export function childrenQuery(db: Executor, parentCode: string | null) {
  return db
    .selectFrom("regions")
    .select(COLUMNS)
    .select(childCount.as("child_count"))
    .where((eb) => (parentCode === null ? eb("parent_code", "is", null) : eb("parent_code", "=", parentCode)))
    .orderBy("code");
}

export function listChildren(db: Executor, parentCode: string | null): Promise<RegionWithCount[]> {
  return childrenQuery(db, parentCode).execute();
}

/**
 * Regions whose code starts with the digits given, or whose name contains the text given, inside a
 * subtree when `within` is set; shallower levels first, so "安吉" finds the county before its villages.
 */
export function search(
  db: Executor,
  query: { text: string; within?: string; limit: number },
): Promise<RegionFields[]> {
  const isCode = /^\d+$/.test(query.text);
  const escaped = query.text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .selectFrom("regions")
    .select(COLUMNS)
    .where((eb) => (isCode ? eb("code", "like", `${escaped}%`) : eb("name", "like", `%${escaped}%`)))
    .$if(query.within !== undefined, (qb) => qb.where("code", "like", `${query.within}%`))
    .orderBy("level")
    .orderBy("code")
    .limit(query.limit)
    .execute();
}

export async function countAll(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("regions")
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}
