import type { Executor } from "../../platform/db/database.ts";
import type { GuideRow } from "./tables.ts";

export async function findGuide(db: Executor, departmentId: string): Promise<GuideRow | undefined> {
  return db
    .selectFrom("disclosure_guides")
    .selectAll()
    .where("department_id", "=", departmentId)
    .executeTakeFirst();
}

export async function upsertGuide(db: Executor, row: GuideRow): Promise<void> {
  const { department_id: _, ...rest } = row;
  await db
    .insertInto("disclosure_guides")
    .values(row)
    .onConflict((oc) => oc.column("department_id").doUpdateSet(rest))
    .execute();
}
