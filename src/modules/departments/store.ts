import type { Executor } from "../../platform/db/database.ts";
import type { DepartmentRow } from "./tables.ts";

export function listInRegion(db: Executor, regionCode: string): Promise<DepartmentRow[]> {
  return db
    .selectFrom("departments")
    .selectAll()
    .where("region_code", "=", regionCode)
    .orderBy("line")
    .execute();
}

export function findById(db: Executor, id: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Departments of one line in the given regions (a department's ancestors and itself). */
export function listInLine(db: Executor, line: string, regionCodes: string[]): Promise<DepartmentRow[]> {
  if (regionCodes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("departments")
    .selectAll()
    .where("line", "=", line)
    .where("region_code", "in", regionCodes)
    .orderBy("region_code")
    .execute();
}

export async function upsert(
  db: Executor,
  department: { regionCode: string; line: string; name: string; nameEn: string },
): Promise<string> {
  const row = await db
    .insertInto("departments")
    .values({
      region_code: department.regionCode,
      line: department.line,
      name: department.name,
      name_en: department.nameEn,
    })
    .onConflict((c) =>
      c.columns(["region_code", "name"]).doUpdateSet({ line: department.line, name_en: department.nameEn }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
