import type { Insertable, Updateable } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { RectificationRow, RectificationState, RectificationTable } from "./tables.ts";

export async function insertRectification(
  tx: Executor,
  row: Insertable<RectificationTable>,
): Promise<RectificationRow> {
  return tx.insertInto("rectifications").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findRectification(db: Executor, id: string): Promise<RectificationRow | undefined> {
  return db.selectFrom("rectifications").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function rectificationOf(db: Executor, ratingId: string): Promise<RectificationRow | undefined> {
  return db.selectFrom("rectifications").selectAll().where("rating_id", "=", ratingId).executeTakeFirst();
}

export async function lockRectification(tx: Executor, id: string): Promise<RectificationRow | undefined> {
  return tx.selectFrom("rectifications").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function updateRectification(
  tx: Executor,
  id: string,
  set: Updateable<RectificationTable>,
): Promise<RectificationRow> {
  return tx
    .updateTable("rectifications")
    .set(set)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface WorkItem extends RectificationRow {
  level: number;
  comment: string;
  tags: string[];
  subject_kind: string;
  subject_id: string;
}

/**
 * Rectifications of some departments (a department's staff) or of some region subtrees (supervisors),
 * the ones still to do first, then by deadline.
 */
export async function worklist(
  db: Executor,
  scope: { departmentIds: string[]; regionPrefixes: string[] },
  states: readonly RectificationState[],
  limit: number,
): Promise<WorkItem[]> {
  if (scope.departmentIds.length === 0 && scope.regionPrefixes.length === 0) return [];
  return db
    .selectFrom("rectifications as x")
    .innerJoin("ratings as r", "r.id", "x.rating_id")
    .selectAll("x")
    .select(["r.level", "r.comment", "r.tags", "r.subject_kind", "r.subject_id"])
    .where("x.state", "in", [...states])
    .where((eb) =>
      eb.or([
        ...(scope.departmentIds.length > 0 ? [eb("x.department_id", "in", scope.departmentIds)] : []),
        ...scope.regionPrefixes.map((p) => eb("x.region_code", "like", `${p}%`)),
      ]),
    )
    .orderBy("x.due_at")
    .limit(limit)
    .execute();
}

/** Running rectifications past their deadline and not yet marked overdue. */
export async function dueForOverdue(db: Executor, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("rectifications")
    .select("id")
    .where("state", "in", ["open", "called_back"])
    .where("overdue_at", "is", null)
    .where("due_at", "<", now)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Overdue rectifications still running and not yet escalated. */
export async function overdueNotEscalated(db: Executor, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("rectifications")
    .select("id")
    .where("state", "in", ["open", "called_back"])
    .where("overdue_at", "is not", null)
    .where("escalated_at", "is", null)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
