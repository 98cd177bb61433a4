import { createHash } from "node:crypto";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import * as commentStore from "./comment-store.ts";
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

/** The totals are the sums of the rows counted by the database, one row per article and one overall. */
export function countsOf(rows: commentStore.CountRow[]): CommentCounts {
  const counts: CommentCounts = { total: 0, hidden: 0, overall: 0, byArticle: {} };
  for (const r of rows) {
    counts.total += r.comments;
    counts.hidden += r.hidden;
    if (r.articlePosition === null) counts.overall = r.comments;
    else counts.byArticle[r.articlePosition] = r.comments;
  }
  return counts;
}

/** A page of the comments holds this many: thousands on a popular draft, the page stays light. */
export const COMMENTS_PER_PAGE = 20;

export interface CommentWindow {
  limit: number;
  offset: number;
}

/** The window of a page of the comments, counted from 1. */
export const pageWindow = (page: number): CommentWindow => ({
  limit: COMMENTS_PER_PAGE,
  offset: (page - 1) * COMMENTS_PER_PAGE,
});
export const pageCount = (total: number) => Math.ceil(total / COMMENTS_PER_PAGE);
/** The last page an address may ask for: 200,000 comments, far beyond any draft's. */
export const MAX_PAGE = 10_000;
/** The page a form came from, kept in a hidden field: anything else is the first page. */
export const pageOf = (field: unknown) =>
  typeof field === "string" && /^[1-9]\d{0,4}$/.test(field) && Number(field) <= MAX_PAGE ? Number(field) : 1;

/** A comment as this reader may see it: pseudonymous, hidden text shown to its author and moderators. */
function presenter(c: store.ConsultationRecord, actor: Actor) {
  const moderator = canManage(actor, c);
  return (r: commentStore.CommentRecord): PublicComment => {
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
  };
}

/**
 * One page of the comments, newest first, with the counts and the reader's own comments (for their
 * withdraw buttons) whatever the page: never all the comments at once. Without a window, the counts alone.
 */
export async function commentsFor(
  db: Executor,
  actor: Actor,
  c: store.ConsultationRecord,
  window: CommentWindow | null,
) {
  const [rows, counts, own] = await Promise.all([
    window ? commentStore.commentPage(db, c.id, window) : [],
    commentStore.commentCounts(db, c.id),
    window && actor.kind === "person" ? commentStore.commentsBy(db, c.id, actor.id) : [],
  ]);
  const present = presenter(c, actor);
  return { comments: rows.map(present), mine: own.map(present), counts: countsOf(counts) };
}

export async function readComments(db: Executor, actor: Actor, id: string, window: CommentWindow) {
  const c = await getConsultation(db, actor, id);
  return { consultation: c, ...(await commentsFor(db, actor, c, window)) };
}

/** One comment as this reader may see it (the one just posted, say). */
export async function readComment(db: Executor, actor: Actor, id: string, commentId: string) {
  const c = await getConsultation(db, actor, id);
  const row = await commentStore.findComment(db, id, commentId);
  if (!row) throw errors.notFound("comment");
  return presenter(c, actor)(row);
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
  return commentStore.insertComment(db, {
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
  const comment = await commentStore.findComment(db, id, commentId);
  if (!comment) throw errors.notFound("comment");
  authorize(actor, "consultation.withdraw", { personId: comment.personId });
  requireOpen(c, now);
  await commentStore.withdrawComment(db, commentId, now);
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
    const comment = await commentStore.findComment(tx, id, commentId);
    if (!comment) throw errors.notFound("comment");
    if (comment.hiddenAt) throw consultationErrors.alreadyHidden();
    await commentStore.hideComment(tx, commentId, actor.id, reason, now);
    await auditConsultation(tx, actor, "comment_hide", c, origin, { commentId, reason });
  });
}
