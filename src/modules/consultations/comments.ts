import { createHash } from "node:crypto";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { auditConsultation, canManage, getConsultation, getManaged, phaseOf } from "./consultations.ts";
import { consultationErrors, FieldsError } from "./errors.ts";
import * as store from "./store.ts";
import type { HideReason } from "./tables.ts";

/** The longest comment: a page of text; longer submissions go by post or e-mail to the contact. */
export const COMMENT_MAX = 3000;

/**
 * A commenter's tag, the same for all their comments on one consultation and unrelated to their tags on
 * any other: the consultation's secret salt hashed with their id. Four hex digits tell commenters apart
 * on a page without making them traceable.
 */
export function pseudonymTag(salt: string, personId: string): string {
  return createHash("sha256").update(`${salt}:${personId}`).digest("hex").slice(0, 4);
}

export interface PublicComment {
  id: string;
  article: number | null;
  authorTag: string;
  createdAt: Date;
  /** Null when hidden, unless the reader wrote it or moderates it. */
  text: string | null;
  hiddenReason: HideReason | null;
  mine: boolean;
}

export interface CommentCounts {
  /** Every comment not withdrawn, hidden ones included. */
  total: number;
  hidden: number;
  overall: number;
  byArticle: Record<number, number>;
}

export function countComments(
  comments: Pick<store.CommentRecord, "articlePosition" | "hiddenAt">[],
): CommentCounts {
  const byArticle: Record<number, number> = {};
  let overall = 0;
  for (const c of comments) {
    if (c.articlePosition === null) overall++;
    else byArticle[c.articlePosition] = (byArticle[c.articlePosition] ?? 0) + 1;
  }
  return { total: comments.length, hidden: comments.filter((c) => c.hiddenAt).length, overall, byArticle };
}

/** The comments as this reader may see them: pseudonymous, hidden text shown to its author and moderators. */
export async function readComments(db: Executor, actor: Actor, id: string) {
  const c = await getConsultation(db, actor, id);
  const rows = await store.commentsOf(db, id);
  const moderator = canManage(actor, c);
  const comments: PublicComment[] = rows.map((r) => {
    const mine = actor.kind === "person" && actor.id === r.personId;
    return {
      id: r.id,
      article: r.articlePosition,
      authorTag: pseudonymTag(c.pseudonymSalt, r.personId),
      createdAt: r.createdAt,
      text: r.hiddenAt && !mine && !moderator ? null : r.body,
      hiddenReason: r.hiddenReason,
      mine,
    };
  });
  return { consultation: c, comments, counts: countComments(rows) };
}

/** Refuses comments outside the open period: 409 saying when it opens or when it closed. */
function requireOpen(c: store.ConsultationRecord, now: Date): void {
  const phase = phaseOf(c, now);
  if (phase === "upcoming") throw consultationErrors.notYetOpen(c.opensAt);
  if (phase !== "open") throw consultationErrors.closed(c.closesAt);
}

/**
 * A signed-in person's comment on one article or on the draft as a whole. One person may comment as
 * often as they wish; each comment stands alone and is never edited, only withdrawn.
 */
export async function postComment(
  db: Db,
  actor: Actor,
  id: string,
  input: { article?: number | null | undefined; text: string },
  now = new Date(),
): Promise<string> {
  authorize(actor, "consultation.comment");
  if (actor.kind !== "person") throw errors.forbidden();
  const c = await getConsultation(db, actor, id);
  requireOpen(c, now);
  const text = input.text.trim();
  const article = input.article ?? null;
  const issues: ConstructorParameters<typeof FieldsError>[0] = [];
  if (!text) issues.push({ field: "/text", key: "consultation.problem.commentEmpty" });
  else if ([...text].length > COMMENT_MAX)
    issues.push({ field: "/text", key: "consultation.problem.commentLong", params: { max: COMMENT_MAX } });
  if (article !== null && !(await store.articlesOf(db, id)).some((a) => a.position === article))
    issues.push({ field: "/article", key: "consultation.problem.noSuchArticle", params: { article } });
  if (issues.length > 0) throw new FieldsError(issues);
  return store.insertComment(db, {
    consultationId: id,
    articlePosition: article,
    personId: actor.id,
    body: text,
    at: now,
  });
}

/** The author takes back their comment while the period is open; to anyone else it does not exist. */
export async function withdrawComment(db: Db, actor: Actor, id: string, commentId: string, now = new Date()) {
  const c = await getConsultation(db, actor, id);
  const comment = await store.findComment(db, id, commentId);
  if (!comment) throw errors.notFound("comment");
  authorize(actor, "consultation.withdraw", { personId: comment.person_id });
  requireOpen(c, now);
  await store.withdrawComment(db, commentId, now);
}

/**
 * Hides a comment for abuse only — one of the fixed reasons, never disagreement. It still counts in the
 * totals and the summary says how many were hidden; its author still sees it, with the reason.
 */
export async function hideComment(
  db: Db,
  actor: Actor,
  id: string,
  commentId: string,
  reason: HideReason,
  origin: { requestId?: string | undefined } = {},
  now = new Date(),
): Promise<void> {
  const c = await getManaged(db, actor, id);
  if (actor.kind !== "staff") throw errors.notFound();
  await db.transaction().execute(async (tx) => {
    const comment = await store.findComment(tx, id, commentId);
    if (!comment) throw errors.notFound("comment");
    if (comment.hidden_at) throw consultationErrors.alreadyHidden();
    await store.hideComment(tx, commentId, actor.id, reason, now);
    await auditConsultation(tx, actor, "comment_hide", c, origin, { commentId, reason });
  });
}
