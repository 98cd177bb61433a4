import type { Insertable, Updateable } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, inProvince } from "../../platform/db/distribution.ts";
import type { RectificationRow, RectificationState, RectificationTable } from "./tables.ts";

export async function insertRectification(
  tx: Executor,
  row: Insertable<RectificationTable>,
): Promise<RectificationRow> {
  return tx.insertInto("rectifications").values(row).returningAll().executeTakeFirstOrThrow();
}

/** By an id from outside (a link, an API path): in the province the id names. */
export async function findRectification(
  db: Executor,
  province: string | undefined,
  id: string,
): Promise<RectificationRow | undefined> {
  return db
    .selectFrom("rectifications")
    .selectAll()
    .$call(inProvince(province))
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A rating's rectification: it lies in the rating's province. */
export async function rectificationOf(
  db: Executor,
  province: string,
  ratingId: string,
): Promise<RectificationRow | undefined> {
  return db
    .selectFrom("rectifications")
    .selectAll()
    .where("province_code", "=", province)
    .where("rating_id", "=", ratingId)
    .executeTakeFirst();
}

export async function lockRectification(
  tx: Executor,
  province: string,
  id: string,
): Promise<RectificationRow | undefined> {
  return tx
    .selectFrom("rectifications")
    .selectAll()
    .where("province_code", "=", province)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateRectification(
  tx: Executor,
  province: string,
  id: string,
  set: Updateable<RectificationTable>,
): Promise<RectificationRow> {
  return tx
    .updateTable("rectifications")
    .set(set)
    .where("province_code", "=", province)
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
 * in the provinces given (undefined: a national jurisdiction's, in every province), the ones still to do
 * first, then by deadline.
 */
export async function worklist(
  db: Executor,
  provinces: string[] | undefined,
  scope: { departmentIds: string[]; regionPrefixes: string[] },
  states: readonly RectificationState[],
  limit: number,
): Promise<WorkItem[]> {
  if (provinces?.length === 0 || (scope.departmentIds.length === 0 && scope.regionPrefixes.length === 0))
    return [];
  let query = db
    .selectFrom("rectifications as x")
    .innerJoin("ratings as r", (join) =>
      join.onRef("r.id", "=", "x.rating_id").onRef("r.province_code", "=", "x.province_code"),
    )
    .selectAll("x")
    .select(["r.level", "r.comment", "r.tags", "r.subject_kind", "r.subject_id"]);
  query = provinces
    ? query.where("x.province_code", "in", provinces)
    : query.modifyFront(allProvinces("a national jurisdiction"));
  return query
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

export interface Swept {
  id: string;
  province_code: string;
}

/** Running rectifications past their deadline and not yet marked overdue, in every province. */
export async function dueForOverdue(db: Executor, now: Date, limit: number): Promise<Swept[]> {
  return db
    .selectFrom("rectifications")
    .modifyFront(allProvinces("the sweep reads every province at once"))
    .select(["id", "province_code"])
    .where("state", "in", ["open", "called_back"])
    .where("overdue_at", "is", null)
    .where("due_at", "<", now)
    .limit(limit)
    .execute();
}

/** Overdue rectifications still running and not yet escalated, in every province. */
export async function overdueNotEscalated(db: Executor, limit: number): Promise<Swept[]> {
  return db
    .selectFrom("rectifications")
    .modifyFront(allProvinces("the sweep reads every province at once"))
    .select(["id", "province_code"])
    .where("state", "in", ["open", "called_back"])
    .where("overdue_at", "is not", null)
    .where("escalated_at", "is", null)
    .limit(limit)
    .execute();
}
