import { type Insertable, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { CaseEventRow, CaseEventTable } from "./tables.ts";

/** The SQL of a case's events: the numbered record of what was done to it, which its timeline shows. */

/** Appends events numbered after the case's last; the case row is locked, so numbers never clash. */
export async function appendEvents(
  tx: Executor,
  province: string,
  caseId: string,
  events: Omit<Insertable<CaseEventTable>, "case_id" | "seq">[],
  /** The last number when the caller knows it (0 for a case made in this transaction). */
  after?: number,
): Promise<CaseEventRow[]> {
  if (events.length === 0) return [];
  const last =
    after ??
    Number(
      (
        await tx
          .selectFrom("case_events")
          .select(sql<number>`coalesce(max(seq), 0)`.as("seq"))
          .where("province_code", "=", province)
          .where("case_id", "=", caseId)
          .executeTakeFirstOrThrow()
      ).seq,
    );
  return tx
    .insertInto("case_events")
    .values(events.map((e, i) => ({ ...e, case_id: caseId, seq: last + i + 1 })))
    .returningAll()
    .execute();
}

export async function eventsOf(db: Executor, province: string, caseId: string): Promise<CaseEventRow[]> {
  return db
    .selectFrom("case_events")
    .selectAll()
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .orderBy("seq")
    .execute();
}
