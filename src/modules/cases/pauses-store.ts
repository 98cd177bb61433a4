import { type Insertable, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { CasePauseTable } from "./tables.ts";

/** The SQL of a case's pauses: the spans its clock stood still, whose working days push its deadlines. */

export async function insertPause(tx: Executor, row: Insertable<CasePauseTable>): Promise<void> {
  await tx.insertInto("case_pauses").values(row).execute();
}

export async function endOpenPause(
  tx: Executor,
  province: string,
  caseId: string,
  end: { endedAt: Date; workingDays: number; endedBy: string | null },
): Promise<void> {
  await tx
    .updateTable("case_pauses")
    .set({ ended_at: end.endedAt, working_days: end.workingDays, ended_by: end.endedBy })
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .where("ended_at", "is", null)
    .execute();
}

/**
 * The working days of the pauses that began at `since` or later and have ended. A running case has no
 * open pause, and one that began before a mark the sweep set while it ran ended before it too.
 */
export async function pausedDaysSince(
  db: Executor,
  province: string,
  caseId: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom("case_pauses")
    .select(sql<string>`coalesce(sum(working_days), 0)`.as("days"))
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .where("started_at", ">=", since)
    .where("ended_at", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(row.days);
}

export async function pausesOf(db: Executor, province: string, caseId: string) {
  return db
    .selectFrom("case_pauses")
    .selectAll()
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .orderBy("started_at")
    .execute();
}
