import type { Executor } from "../../platform/db/database.ts";
import type { HideReason } from "./tables.ts";

export interface CommentRecord {
  id: string;
  articlePosition: number | null;
  personId: string;
  body: string;
  createdAt: Date;
  hiddenAt: Date | null;
  hiddenReason: HideReason | null;
}

/** The comments that count: withdrawn ones are gone for everyone. */
function liveComments(db: Executor, consultationId: string) {
  return db
    .selectFrom("consultation_comments")
    .where("consultation_id", "=", consultationId)
    .where("withdrawn_at", "is", null);
}

function selectComments(db: Executor, consultationId: string) {
  return liveComments(db, consultationId)
    .select([
      "id",
      "article_position as articlePosition",
      "person_id as personId",
      "body",
      "created_at as createdAt",
      "hidden_at as hiddenAt",
      "hidden_reason as hiddenReason",
    ])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc");
}

export interface CountRow {
  /** Null for the comments on the draft as a whole. */
  articlePosition: number | null;
  comments: number;
  hidden: number;
}

/** How many comments, and how many of them hidden, on each article and on the whole draft: one row each. */
export async function commentCounts(db: Executor, consultationId: string): Promise<CountRow[]> {
  const rows = await liveComments(db, consultationId)
    .select((eb) => [
      "article_position as articlePosition",
      eb.fn.countAll<string>().as("comments"),
      eb.fn.count<string>("hidden_at").as("hidden"),
    ])
    .groupBy("article_position")
    .execute();
  return rows.map((r) => ({
    articlePosition: r.articlePosition,
    comments: Number(r.comments),
    hidden: Number(r.hidden),
  }));
}

/** One page of the comments, newest first (the id breaks ties between comments of the same instant). */
export async function commentPage(
  db: Executor,
  consultationId: string,
  window: { limit: number; offset: number },
): Promise<CommentRecord[]> {
  return selectComments(db, consultationId).limit(window.limit).offset(window.offset).execute();
}

/** One person's comments, newest first, whichever page of the others is shown. */
export async function commentsBy(
  db: Executor,
  consultationId: string,
  personId: string,
): Promise<CommentRecord[]> {
  return selectComments(db, consultationId).where("person_id", "=", personId).execute();
}

/** The authors of these comments (those not withdrawn), by comment id. */
export async function commentAuthors(
  db: Executor,
  consultationId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await liveComments(db, consultationId)
    .select(["id", "person_id"])
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.person_id]));
}

/** Which of these ids are comments of the consultation, not withdrawn. */
export async function knownComments(
  db: Executor,
  consultationId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await liveComments(db, consultationId).select("id").where("id", "in", ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function hasComments(db: Executor, consultationId: string): Promise<boolean> {
  const row = await liveComments(db, consultationId).select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function findComment(
  db: Executor,
  consultationId: string,
  commentId: string,
): Promise<CommentRecord | undefined> {
  return selectComments(db, consultationId).where("id", "=", commentId).executeTakeFirst();
}

export async function insertComment(
  db: Executor,
  values: {
    consultationId: string;
    articlePosition: number | null;
    personId: string;
    body: string;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto("consultation_comments")
    .values({
      consultation_id: values.consultationId,
      article_position: values.articlePosition,
      person_id: values.personId,
      body: values.body,
      created_at: values.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function withdrawComment(db: Executor, commentId: string, at: Date): Promise<void> {
  await db
    .updateTable("consultation_comments")
    .set({ withdrawn_at: at })
    .where("id", "=", commentId)
    .execute();
}

export async function hideComment(
  db: Executor,
  commentId: string,
  by: string,
  reason: HideReason,
  at: Date,
): Promise<void> {
  await db
    .updateTable("consultation_comments")
    .set({ hidden_at: at, hidden_by: by, hidden_reason: reason })
    .where("id", "=", commentId)
    .execute();
}
