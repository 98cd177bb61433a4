import type { Executor } from "../../platform/db/database.ts";
import type { AnswerRow } from "./tables.ts";

/** The answer to a case read before: it lies in the case's province. */
export async function findAnswer(
  db: Executor,
  province: string,
  caseId: string,
): Promise<AnswerRow | undefined> {
  return db
    .selectFrom("disclosure_answers")
    .selectAll()
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .executeTakeFirst();
}

/** Records the answer; false when the case has one already (a second answer racing the first). */
export async function insertAnswer(db: Executor, row: AnswerRow): Promise<boolean> {
  const inserted = await db
    .insertInto("disclosure_answers")
    .values(row)
    .onConflict((oc) => oc.columns(["province_code", "case_id"]).doNothing())
    .returning("case_id")
    .executeTakeFirst();
  return inserted !== undefined;
}
