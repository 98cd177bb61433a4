import type { Executor } from "../../platform/db/database.ts";
import type { Adoption } from "./tables.ts";

export interface PointRecord {
  id: string;
  position: number;
  summary: string;
  adoption: Adoption;
  reason: string | null;
  commentIds: string[];
}

export async function pointsOf(db: Executor, consultationId: string): Promise<PointRecord[]> {
  const points = await db
    .selectFrom("consultation_summary_points")
    .select(["id", "position", "summary", "adoption", "reason"])
    .where("consultation_id", "=", consultationId)
    .orderBy("position")
    .execute();
  if (points.length === 0) return [];
  const links = await db
    .selectFrom("consultation_point_comments")
    .select(["point_id", "comment_id"])
    .where(
      "point_id",
      "in",
      points.map((p) => p.id),
    )
    .execute();
  return points.map((p) => ({
    ...p,
    commentIds: links.filter((l) => l.point_id === p.id).map((l) => l.comment_id),
  }));
}

export async function insertPoint(
  db: Executor,
  values: {
    consultationId: string;
    summary: string;
    adoption: Adoption;
    reason: string | null;
    commentIds: string[];
    createdBy: string;
  },
): Promise<string> {
  const next = await db
    .selectFrom("consultation_summary_points")
    .select((eb) => eb.fn.max("position").as("last"))
    .where("consultation_id", "=", values.consultationId)
    .executeTakeFirst();
  const row = await db
    .insertInto("consultation_summary_points")
    .values({
      consultation_id: values.consultationId,
      position: Number(next?.last ?? 0) + 1,
      summary: values.summary,
      adoption: values.adoption,
      reason: values.reason,
      created_by: values.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (values.commentIds.length > 0) {
    await db
      .insertInto("consultation_point_comments")
      .values(values.commentIds.map((comment_id) => ({ point_id: row.id, comment_id })))
      .execute();
  }
  return row.id;
}

export async function deletePoint(db: Executor, consultationId: string, pointId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("consultation_summary_points")
    .where("consultation_id", "=", consultationId)
    .where("id", "=", pointId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
