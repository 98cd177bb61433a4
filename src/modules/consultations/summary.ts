import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import * as commentStore from "./comment-store.ts";
import { pseudonymTag } from "./comments.ts";
import {
  ALLOWED,
  auditConsultation,
  type ConsultationRecord,
  canManage,
  getConsultation,
  getManaged,
  phaseOf,
  staffId,
} from "./consultations.ts";
import { consultationErrors, type FieldIssue, FieldsError } from "./errors.ts";
import * as store from "./store.ts";
import * as summaryStore from "./summary-store.ts";
import { ADOPTIONS, type Adoption } from "./tables.ts";

type Origin = { requestId?: string | undefined };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The summary is written after the period closes and before it is published; 409 at any other time. */
function requireWritable(c: ConsultationRecord, now: Date): void {
  const phase = phaseOf(c, now);
  if (phase === "summarised") throw consultationErrors.summarised();
  if (phase !== "closed") throw consultationErrors.stillOpen(c.closesAt, ALLOWED[phase]);
}

export interface PointInput {
  summary: string;
  adoption: Adoption;
  reason?: string | null | undefined;
  comments?: string[] | undefined;
}

/** A point of the feedback summary: what one or more comments said, adopted or not, and why. */
export async function addPoint(
  db: Db,
  actor: Actor,
  id: string,
  input: PointInput,
  origin: Origin = {},
  now = new Date(),
): Promise<string> {
  const c = await getManaged(db, actor, id);
  requireWritable(c, now);
  const summary = input.summary.trim();
  const reason = input.reason?.trim() || null;
  const commentIds = [...new Set(input.comments ?? [])];
  const issues: FieldIssue[] = [];
  if (!summary) issues.push({ field: "/summary", key: "consultation.problem.required" });
  if (!ADOPTIONS.includes(input.adoption))
    issues.push({ field: "/adoption", key: "consultation.problem.adoption" });
  if (input.adoption === "not_adopted" && !reason)
    issues.push({ field: "/reason", key: "consultation.problem.reasonRequired" });
  // The page's form posts any text: only what looks like an id is looked up, the rest is unknown.
  const known = await commentStore.knownComments(
    db,
    id,
    commentIds.filter((cid) => UUID.test(cid)),
  );
  if (commentIds.some((cid) => !known.has(cid)))
    issues.push({ field: "/comments", key: "consultation.problem.noSuchComment" });
  if (issues.length > 0) throw new FieldsError(issues);
  return db.transaction().execute(async (tx) => {
    await store.lockConsultation(tx, id);
    requireWritable((await store.findConsultation(tx, id)) ?? c, now);
    const pointId = await summaryStore.insertPoint(tx, {
      consultationId: id,
      summary,
      adoption: input.adoption,
      reason,
      commentIds,
      createdBy: staffId(actor),
    });
    await auditConsultation(tx, actor, "summary_point_add", c, origin, { pointId, adoption: input.adoption });
    return pointId;
  });
}

export async function removePoint(
  db: Db,
  actor: Actor,
  id: string,
  pointId: string,
  origin: Origin = {},
  now = new Date(),
) {
  const c = await getManaged(db, actor, id);
  requireWritable(c, now);
  await db.transaction().execute(async (tx) => {
    await store.lockConsultation(tx, id);
    requireWritable((await store.findConsultation(tx, id)) ?? c, now);
    if (!(await summaryStore.deletePoint(tx, id, pointId))) throw errors.notFound("point");
    await auditConsultation(tx, actor, "summary_point_remove", c, origin, { pointId });
  });
}

/** Publishes the summary, once: the consultation is then summarised and nothing of it changes. */
export async function publishSummary(
  db: Db,
  actor: Actor,
  id: string,
  origin: Origin = {},
  now = new Date(),
) {
  const c = await getManaged(db, actor, id);
  requireWritable(c, now);
  await db.transaction().execute(async (tx) => {
    await store.lockConsultation(tx, id);
    requireWritable((await store.findConsultation(tx, id)) ?? c, now);
    const points = await summaryStore.pointsOf(tx, id);
    if (points.length === 0 && (await commentStore.hasComments(tx, id)))
      throw consultationErrors.summaryEmpty();
    await store.markSummarised(tx, id, staffId(actor), now);
    await auditConsultation(tx, actor, "summary_publish", c, origin, { points: points.length });
  });
}

export interface SummaryView {
  published: boolean;
  points: summaryStore.PointRecord[];
  byAdoption: Record<Adoption, number>;
  /** The pseudonyms of the comments the points answer, by comment id: those alone are read. */
  authorTags: Map<string, string>;
}

/**
 * The summary: public once published; before that, its draft points for the managers only (null for
 * anyone else, who sees no summary yet).
 */
export async function readSummary(db: Executor, actor: Actor, id: string): Promise<SummaryView | null> {
  const c = await getConsultation(db, actor, id);
  const published = c.state === "summarised";
  if (!published && !canManage(actor, c)) return null;
  const points = await summaryStore.pointsOf(db, id);
  const byAdoption = { adopted: 0, partly_adopted: 0, not_adopted: 0 };
  for (const p of points) byAdoption[p.adoption]++;
  const cited = await commentStore.commentAuthors(db, id, [...new Set(points.flatMap((p) => p.commentIds))]);
  const authorTags = new Map(
    [...cited].map(([commentId, personId]) => [commentId, pseudonymTag(c.pseudonymSalt, personId)]),
  );
  return { published, points, byAdoption, authorTags };
}
