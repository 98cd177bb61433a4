import type { Executor } from "../../platform/db/database.ts";
import { provinceOf, provinceOfId } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { LEVEL_KEYS, type Level } from "./levels.ts";
import { ratersOf } from "./rate.ts";
import * as rect from "./rectification-store.ts";
import { allowedSteps } from "./rectify.ts";
import * as store from "./store.ts";
import type { RatingAdditionRow, RatingRow, RectificationRow } from "./tables.ts";

export function presentRectification(r: RectificationRow) {
  const at = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id,
    ratingId: r.rating_id,
    state: r.state,
    allowed: allowedSteps(r.state),
    departmentId: r.department_id,
    regionCode: r.region_code,
    dueAt: r.due_at.toISOString(),
    round: r.rounds,
    overdue: r.overdue_at !== null,
    escalated: r.escalated_at !== null,
    callback: r.callback_at ? { at: at(r.callback_at), note: r.callback_note ?? "" } : null,
    outcome: r.outcome,
    resolvedAt: at(r.resolved_at),
    resolvedOnTime: r.resolved_on_time,
    response: r.response,
    contestReason: r.contest_reason,
    review: r.review,
    reviewNote: r.review_note,
    closedAt: at(r.closed_at),
  };
}
export type RectificationView = ReturnType<typeof presentRectification>;

export function presentRating(row: RatingRow, additions: RatingAdditionRow[], r?: RectificationRow) {
  return {
    id: row.id,
    subject: { kind: row.subject_kind, id: row.subject_id },
    channel: row.channel,
    level: row.level,
    levelKey: LEVEL_KEYS[row.level as Level],
    tags: row.tags,
    comment: row.comment,
    raterKind: row.rater_kind,
    createdAt: row.created_at.toISOString(),
    additions: additions
      .filter((a) => a.rating_id === row.id)
      .map((a) => ({ text: a.text, createdAt: a.created_at.toISOString() })),
    rectification: r ? presentRectification(r) : null,
  };
}
export type RatingView = ReturnType<typeof presentRating>;

/** One's own rating, with what was added to it and its rectification; to anyone else it does not exist. */
export async function myRating(db: Executor, actor: Actor, id: string): Promise<RatingView> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await store.findRating(db, provinceOfId(id), id) : undefined;
  if (!row) throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.notFound("rating");
  authorize(actor, "rating.add", { raterPersonId: row.rater_person_id });
  return presentRating(
    row,
    await store.additionsOf(db, [row]),
    await rect.rectificationOf(db, row.province_code, row.id),
  );
}

/** The actor's own ratings of a case (one per channel); to anyone who may not rate it, it does not exist. */
export async function myRatingsOfCase(
  db: Executor,
  actor: Actor,
  caseIdOrNumber: string,
): Promise<RatingView[]> {
  const subject = await store.caseSubject(db, store.provinceOfCaseKey(caseIdOrNumber), caseIdOrNumber);
  if (!subject) throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.notFound("case");
  authorize(actor, "rating.submit", { raterIds: [...ratersOf(subject).keys()] });
  if (actor.kind !== "person") return [];
  const province = provinceOf(subject.regionCode);
  const rows = (await store.ratingsOf(db, province, "case", subject.id)).filter(
    (r) => r.rater_person_id === actor.id,
  );
  const additions = await store.additionsOf(db, rows);
  return Promise.all(
    rows.map(async (r) => presentRating(r, additions, await rect.rectificationOf(db, r.province_code, r.id))),
  );
}
