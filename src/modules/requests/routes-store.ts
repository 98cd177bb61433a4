import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { RouteRow } from "./tables.ts";

/** The routing rules' SQL (category × region → department; no category: the region's dispatcher). */
export interface RouteRecord extends RouteRow {
  department_name: string;
  department_name_en: string;
}

/** The rules of the regions given (a request's region and those above it), with their departments' names. */
export function routesIn(db: Executor, regionCodes: string[]): Promise<RouteRecord[]> {
  if (regionCodes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("request_routes as r")
    .innerJoin("departments as d", "d.id", "r.department_id")
    .selectAll("r")
    .select(["d.name as department_name", "d.name_en as department_name_en"])
    .where("r.region_code", "in", regionCodes)
    .execute();
}

/** The rules of a region subtree, for the staff who keep them. */
export function routesUnder(db: Executor, regionCode: string): Promise<RouteRecord[]> {
  return db
    .selectFrom("request_routes as r")
    .innerJoin("departments as d", "d.id", "r.department_id")
    .selectAll("r")
    .select(["d.name as department_name", "d.name_en as department_name_en"])
    .where("r.region_code", "like", `${regionCode}%`)
    .orderBy("r.region_code")
    .orderBy("r.category_code")
    .execute();
}

export function findRoute(db: Executor, id: string): Promise<RouteRow | undefined> {
  return db.selectFrom("request_routes").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Sets the rule of a region and category (or the region's dispatcher), replacing the one there was. */
export async function putRoute(
  db: Executor,
  rule: { regionCode: string; categoryCode: string | null; departmentId: string; by: string | null },
): Promise<string> {
  const existing = await db
    .selectFrom("request_routes")
    .select("id")
    .where("region_code", "=", rule.regionCode)
    .where(sql<string>`coalesce(category_code, '')`, "=", rule.categoryCode ?? "")
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable("request_routes")
      .set({ department_id: rule.departmentId, created_by: rule.by })
      .where("id", "=", existing.id)
      .execute();
    return existing.id;
  }
  const row = await db
    .insertInto("request_routes")
    .values({
      region_code: rule.regionCode,
      category_code: rule.categoryCode,
      department_id: rule.departmentId,
      created_by: rule.by,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteRoute(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("request_routes").where("id", "=", id).execute();
}

/** The regions that have a dispatcher: where the place chooser starts. */
export async function dispatcherRegions(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom("request_routes")
    .select("region_code")
    .where("category_code", "is", null)
    .orderBy("region_code")
    .execute();
  return rows.map((r) => r.region_code);
}
