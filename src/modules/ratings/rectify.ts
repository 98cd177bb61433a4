import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceOfId, provincesOfRegions } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { type Actor, can } from "../../platform/policy.ts";
import { contactOf } from "../applicants/service.ts";
import { recordAudit } from "../audit/service.ts";
import { calendarFor } from "../calendar/cached.ts";
import { getDepartment } from "../departments/service.ts";
import { notifyParty } from "../notify/party.ts";
import { ratingErrors } from "./errors.ts";
import { rectifyDays } from "./rate.ts";
import * as rect from "./rectification-store.ts";
import * as store from "./store.ts";
import type { RatingRow, RectificationRow, RectificationState } from "./tables.ts";

export const STEPS = ["callback", "resolve", "accept", "contest", "uphold", "send_back"] as const;
export type Step = (typeof STEPS)[number];
type Party = "department" | "applicant" | "supervisor";

/**
 * The lifecycle as data: which state each step starts from, whose step it is, and where it leads.
 * open → called back → resolved → accepted (closed) or contested → upheld (closed) or sent back (open,
 * with a new deadline).
 */
const LIFECYCLE: Record<Step, { from: RectificationState; by: Party; to: RectificationState }> = {
  callback: { from: "open", by: "department", to: "called_back" },
  resolve: { from: "called_back", by: "department", to: "resolved" },
  accept: { from: "resolved", by: "applicant", to: "closed" },
  contest: { from: "resolved", by: "applicant", to: "contested" },
  uphold: { from: "contested", by: "supervisor", to: "closed" },
  send_back: { from: "contested", by: "supervisor", to: "open" },
};

export const allowedSteps = (state: RectificationState): Step[] =>
  STEPS.filter((s) => LIFECYCLE[s].from === state);

export interface StepInput {
  step: Step;
  /** What was said on the callback, the outcome, the reason to contest, the supervisor's note. */
  text?: string | undefined;
}

export interface Deps {
  jobs: Jobs;
  config: Pick<Config, "baseUrl">;
  requestId?: string | undefined;
}

function facts(r: RectificationRow, rating: RatingRow) {
  return { departmentId: r.department_id, regionCode: r.region_code, raterPersonId: rating.rater_person_id };
}

function parties(actor: Actor, r: RectificationRow, rating: RatingRow): Set<Party> {
  const f = facts(r, rating);
  const mine = new Set<Party>();
  if (can(actor, "rectification.work", f)) mine.add("department");
  if (can(actor, "rectification.respond", f)) mine.add("applicant");
  if (can(actor, "rectification.review", f)) mine.add("supervisor");
  return mine;
}

/** A rectification with its rating, for whoever takes part in it; to anyone else it does not exist. */
export async function loadRectification(db: Executor, actor: Actor, id: string) {
  const r = /^[0-9a-f-]{36}$/i.test(id) ? await rect.findRectification(db, provinceOfId(id), id) : undefined;
  const rating = r ? await store.findRating(db, r.province_code, r.rating_id) : undefined;
  if (!r || !rating || parties(actor, r, rating).size === 0)
    throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.notFound("rectification");
  return { rectification: r, rating, parties: parties(actor, r, rating) };
}

const needsText: Record<Step, boolean> = {
  callback: true,
  resolve: true,
  accept: false,
  contest: true,
  uphold: false,
  send_back: true,
};

/** One step of the lifecycle, by whose step it is; refused with the steps allowed now otherwise. */
export async function takeStep(
  db: Db,
  deps: Deps,
  actor: Actor,
  id: string,
  input: StepInput,
  now = new Date(),
): Promise<RectificationRow> {
  const { parties: mine, rating, rectification } = await loadRectification(db, actor, id);
  const province = rectification.province_code;
  const rule = LIFECYCLE[input.step];
  if (!mine.has(rule.by)) throw errors.forbidden();
  const text = input.text?.trim() ?? "";
  if (needsText[input.step] && (text === "" || text.length > 2000))
    throw errors.validation([
      { field: "/text", message: "must be 1 to 2000 characters: say what was said or done" },
    ]);
  const updated = await db.transaction().execute(async (tx) => {
    const r = await rect.lockRectification(tx, province, id);
    if (!r) throw errors.notFound("rectification");
    if (r.state !== rule.from) throw ratingErrors.step(r.state, allowedSteps(r.state));
    const by = actor.kind === "staff" ? actor.id : null;
    const set = await changes(tx, r, input.step, text, by, now);
    // Nobody can answer for an anonymous visit's rating: its outcome stands once recorded.
    if (input.step === "resolve" && !rating.rater_person_id)
      Object.assign(set, { state: "closed", closed_at: now });
    const row = await rect.updateRectification(tx, province, r.id, { ...set, updated_at: now });
    if (row.state === "resolved" && rating.rater_person_id) await tellApplicant(tx, deps, row, rating);
    await recordAudit(tx, {
      actorKind: actor.kind === "staff" ? "staff" : "person",
      actorId: actor.kind === "staff" || actor.kind === "person" ? actor.id : null,
      action: `rectification.${input.step}`,
      subjectKind: "rectification",
      subjectId: r.id,
      regionCode: r.region_code,
      requestId: deps.requestId ?? null,
      details: { from: r.state, to: row.state, ...(text ? { text } : {}) },
    });
    return row;
  });
  return updated;
}

async function changes(
  tx: Executor,
  r: RectificationRow,
  step: Step,
  text: string,
  by: string | null,
  now: Date,
): Promise<Parameters<typeof rect.updateRectification>[3]> {
  const to = LIFECYCLE[step].to;
  switch (step) {
    case "callback":
      return { state: to, callback_by: by, callback_at: now, callback_note: text };
    case "resolve":
      return {
        state: to,
        outcome: text,
        resolved_by: by,
        resolved_at: now,
        resolved_on_time: now <= r.due_at,
      };
    case "accept":
      return { state: to, response: "accepted", responded_at: now, closed_at: now };
    case "contest":
      return { state: to, response: "contested", contest_reason: text, responded_at: now };
    case "uphold":
      return {
        state: to,
        review: "upheld",
        review_note: text || null,
        reviewed_by: by,
        reviewed_at: now,
        closed_at: now,
      };
    case "send_back": {
      const days = await rectifyDays(tx, r.region_code);
      const calendar = await calendarFor(tx, r.region_code);
      return {
        state: to,
        review: "sent_back",
        review_note: text,
        reviewed_by: by,
        reviewed_at: now,
        due_at: calendar.addWorkingDays(now, days).due,
        rounds: r.rounds + 1,
        overdue_at: null,
        escalated_at: null,
        resolved_on_time: null,
      };
    }
  }
}

async function tellApplicant(tx: Executor, deps: Deps, r: RectificationRow, rating: RatingRow) {
  const personId = rating.rater_person_id as string;
  const contact = await contactOf(tx, personId);
  const department = await getDepartment(tx, r.department_id);
  const link = `${deps.config.baseUrl}/ratings/mine/${rating.id}`;
  const subject =
    rating.subject_kind === "case"
      ? await store.caseSubject(tx, rating.province_code, rating.subject_id)
      : undefined;
  const ref = subject?.number ?? rating.id.slice(0, 8);
  await notifyParty(tx, deps.jobs, {
    recipient: { kind: "person", id: personId, locale: "zh-CN", email: contact?.email ?? null, mobile: null },
    template: "rectification.resolved",
    params: {
      "zh-CN": { caseNumber: ref, departmentName: department.name, link },
      en: { caseNumber: ref, departmentName: department.nameEn || department.name, link },
    },
    regionCode: r.region_code,
  });
}

/** The rectifications a staff member works (their departments') or supervises (their jurisdictions'). */
export async function rectificationWorklist(
  db: Executor,
  actor: Actor,
  states: readonly RectificationState[],
) {
  if (actor.kind !== "staff")
    throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.forbidden();
  const departmentIds = [...new Set(actor.grants.map((g) => g.departmentId))];
  const regionPrefixes = actor.grants.filter((g) => g.role === "supervisor").map((g) => g.jurisdictionCode);
  // Whatever a grant reaches lies within its jurisdiction: one province, or every one for the whole country.
  const provinces = provincesOfRegions(actor.grants.map((g) => g.jurisdictionCode));
  const rows = await rect.worklist(db, provinces, { departmentIds, regionPrefixes }, states, 200);
  // A department's grant counts only within its jurisdiction, as the policy says.
  return rows.filter(
    (r) =>
      can(actor, "rectification.work", { departmentId: r.department_id, regionCode: r.region_code }) ||
      can(actor, "rectification.review", { regionCode: r.region_code }),
  );
}
