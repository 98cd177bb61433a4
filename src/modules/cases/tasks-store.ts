import { type Insertable, sql, type Updateable } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { inProvince, provinceOfId } from "../../platform/db/distribution.ts";
import type { CaseTaskRow, CaseTaskTable } from "./tables.ts";

/** The SQL of a case's tasks: the work its stages hand to departments. */

export async function insertTasks(tx: Executor, rows: Insertable<CaseTaskTable>[]): Promise<CaseTaskRow[]> {
  if (rows.length === 0) return [];
  return tx.insertInto("case_tasks").values(rows).returningAll().execute();
}

export async function findTask(db: Executor, id: string): Promise<CaseTaskRow | undefined> {
  return db
    .selectFrom("case_tasks")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
}

export async function lockTask(tx: Executor, province: string, id: string): Promise<CaseTaskRow | undefined> {
  return tx
    .selectFrom("case_tasks")
    .selectAll()
    .where("province_code", "=", province)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateTask(
  tx: Executor,
  province: string,
  id: string,
  set: Updateable<CaseTaskTable>,
): Promise<CaseTaskRow> {
  return tx
    .updateTable("case_tasks")
    .set({ ...set, version: sql`version + 1` })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function tasksOf(db: Executor, province: string, caseId: string): Promise<CaseTaskRow[]> {
  return db
    .selectFrom("case_tasks")
    .selectAll()
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .orderBy("created_at")
    .orderBy("task_key")
    .execute();
}

export async function cancelOpenTasks(
  tx: Executor,
  province: string,
  caseId: string,
  now: Date,
): Promise<CaseTaskRow[]> {
  return tx
    .updateTable("case_tasks")
    .set({ status: "cancelled", completed_at: now, version: sql`version + 1` })
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .where("status", "=", "open")
    .returningAll()
    .execute();
}
