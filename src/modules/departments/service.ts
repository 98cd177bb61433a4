import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { ancestorCodes } from "../regions/codes.ts";
import { departmentName, LINES } from "./lines.ts";
import * as store from "./store.ts";
import type { DepartmentRow } from "./tables.ts";

export interface Department {
  id: string;
  regionCode: string;
  line: string;
  name: string;
  nameEn: string;
}

function present(row: DepartmentRow): Department {
  return { id: row.id, regionCode: row.region_code, line: row.line, name: row.name, nameEn: row.name_en };
}

export async function listDepartments(db: Executor, regionCode: string): Promise<Department[]> {
  return (await store.listInRegion(db, regionCode)).map(present);
}

export async function getDepartment(db: Executor, id: string): Promise<Department> {
  const row = await store.findById(db, id);
  if (!row) throw errors.notFound("department");
  return present(row);
}

/** The same line's departments in the regions above: where a county bureau escalates or asks. */
export async function counterparts(db: Executor, id: string): Promise<Department[]> {
  const department = await getDepartment(db, id);
  return (await store.listInLine(db, department.line, ancestorCodes(department.regionCode))).map(present);
}

/** Creates (or renames to the usual names) one department per line in a region; returns ids by line. */
export async function ensureLineDepartments(
  db: Executor,
  region: { code: string; name: string; level: number },
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const line of LINES) {
    const { name, nameEn } = departmentName(line, region.name, region.level);
    ids.set(line.code, await store.upsert(db, { regionCode: region.code, line: line.code, name, nameEn }));
  }
  return ids;
}

/** The department of a line in a region, if the region has one. */
export async function findLineDepartment(
  db: Executor,
  regionCode: string,
  line: string,
): Promise<Department | undefined> {
  const [row] = await store.listInLine(db, line, [regionCode]);
  return row && present(row);
}
