import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceId, provinceOf, provinceOfId } from "../../platform/db/distribution.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { calendarFor } from "../calendar/cached.ts";
import { ratingErrors } from "./errors.ts";
import { isBad, isLevel, TAGS, type Tag, tagsFor } from "./levels.ts";
import * as rectStore from "./rectification-store.ts";
import * as store from "./store.ts";
import type { RaterKind, RatingChannel, RatingRow, RatingSubject } from "./tables.ts";
import { TOKEN, tokenHash } from "./tokens.ts";

export const DEFAULT_RECTIFY_DAYS = 5;
export const MAX_COMMENT = 1000;

export interface RatingInput {
  level: number;
  tags: string[];
  comment?: string | undefined;
}

/** Every problem of a rating at once: a level of the five, tags of the level's group, a comment that fits. */
export function checkRating(input: RatingInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const levelOk = Number.isInteger(input.level) && isLevel(input.level);
  if (!levelOk) problems.push({ field: "/level", message: "must be one of 5, 4, 3, 2, 1" });
  const allowed: readonly string[] = levelOk ? tagsFor(input.level) : TAGS;
  input.tags.forEach((tag, i) => {
    if (!allowed.includes(tag))
      problems.push({
        field: `/tags/${i}`,
        message: (TAGS as readonly string[]).includes(tag)
          ? "is not a reason for this level: pick from its group"
          : "is not a known reason",
      });
  });
  if (new Set(input.tags).size !== input.tags.length)
    problems.push({ field: "/tags", message: "names a reason twice" });
  if ((input.comment ?? "").length > MAX_COMMENT)
    problems.push({ field: "/comment", message: `must be at most ${MAX_COMMENT} characters` });
  return problems;
}

/** Who a rating's facts say rated, and what the public figures count it under. */
interface Rated {
  subjectKind: RatingSubject;
  subjectId: string;
  regionCode: string;
  departmentId: string | null;
  itemCode: string | null;
  itemName: { zh: string; en: string } | null;
  siteId: string | null;
  caseChannel: string | null;
  raterKind: RaterKind;
  raterPersonId: string | null;
}

/** The people who may rate a case, and how each is marked: the applicant, or who acted for them. */
export function ratersOf(c: store.CaseSubject): Map<string, RaterKind> {
  const raters = new Map<string, RaterKind>();
  if (c.applicantKind === "person") raters.set(c.applicantId, "applicant");
  if (c.submitterKind === "person" && !raters.has(c.submitterId)) {
    // An organisation's own representative applying is the applicant; anyone under a mandate is an agent.
    const representative = c.applicantKind === "organisation" && c.mandateId === null;
    raters.set(c.submitterId, representative ? "applicant" : "agent");
  }
  return raters;
}

function caseRated(c: store.CaseSubject, personId: string | null, kind: RaterKind): Rated {
  if (c.state !== "closed") throw ratingErrors.notClosed(c.state);
  return {
    subjectKind: "case",
    subjectId: c.id,
    regionCode: c.regionCode,
    departmentId: c.departmentIds[0] ?? null,
    itemCode: c.itemCode,
    itemName: c.itemName,
    siteId: c.siteId,
    caseChannel: c.channel,
    raterKind: kind,
    raterPersonId: personId,
  };
}

function visitRated(v: store.VisitSubject): Rated {
  if (v.status !== "done") throw ratingErrors.visitNotServed();
  return {
    subjectKind: "visit",
    subjectId: v.id,
    regionCode: v.regionCode,
    departmentId: v.departmentId,
    itemCode: null,
    itemName: null,
    siteId: v.siteId,
    caseChannel: null,
    raterKind: "applicant",
    raterPersonId: v.personId,
  };
}

/** The rectification period over a region: the nearest setting's, else the default. */
export async function rectifyDays(db: Executor, regionCode: string): Promise<number> {
  return (await store.rectifyDaysOver(db, regionCode))?.days ?? DEFAULT_RECTIFY_DAYS;
}

function ratingValues(
  rated: Rated,
  channel: RatingChannel,
  input: RatingInput,
  now: Date,
): store.RatingValues {
  return {
    province_code: provinceOf(rated.regionCode),
    id: provinceId(provinceOf(rated.regionCode)),
    subject_kind: rated.subjectKind,
    subject_id: rated.subjectId,
    channel,
    level: input.level,
    tags: input.tags,
    comment: (input.comment ?? "").trim(),
    rater_kind: rated.raterKind,
    rater_person_id: rated.raterPersonId,
    region_code: rated.regionCode,
    department_id: rated.departmentId,
    item_code: rated.itemCode,
    item_name: rated.itemName?.zh ?? null,
    item_name_en: rated.itemName?.en ?? null,
    site_id: rated.siteId,
    case_channel: rated.caseChannel,
    created_at: now,
  };
}

/** A bad rating's rectification, due N working days from now in the region's calendar. */
async function openRectification(tx: Executor, row: RatingRow, departmentId: string, now: Date) {
  const days = await rectifyDays(tx, row.region_code);
  const calendar = await calendarFor(tx, row.region_code);
  await rectStore.insertRectification(tx, {
    province_code: row.province_code,
    id: provinceId(row.province_code),
    rating_id: row.id,
    region_code: row.region_code,
    department_id: departmentId,
    state: "open",
    due_at: calendar.addWorkingDays(now, days).due,
    created_at: now,
    updated_at: now,
  });
}

/**
 * Keeps a rating — spending its link, when it came by one — and for a bad one opens its rectification
 * in the same transaction. A second rating on the subject's channel is refused. A good rating is one
 * statement, atomic without a transaction: the public's busiest write, kept to one round trip.
 */
async function record(
  db: Db,
  rated: Rated,
  channel: RatingChannel,
  input: RatingInput,
  now: Date,
  token?: string,
): Promise<RatingRow> {
  const values = ratingValues(rated, channel, input, now);
  const keep = async (tx: Executor) => {
    const row = token
      ? await store.insertRatingSpending(tx, tokenHash(token), values)
      : await store.insertRating(tx, values);
    // By link, nothing kept means the link was spent a moment ago or the subject is rated on the
    // channel: both by a submission that raced this one, whose rating stands.
    if (!row) throw ratingErrors.alreadyRated();
    if (isBad(input.level) && rated.departmentId) await openRectification(tx, row, rated.departmentId, now);
    return row;
  };
  // The rating row is itself the record of who rated what and when, and is never changed: no audit entry
  // (the trail is for staff actions), so the public's busiest write takes no turn at the chain.
  return isBad(input.level) ? db.transaction().execute(keep) : keep(db);
}

function validate(input: RatingInput): void {
  const problems = checkRating(input);
  if (problems.length > 0) throw errors.validation(problems);
}

/** The signed-in applicant (or their agent) rates their closed case on the case page. */
export async function rateCaseOnline(
  db: Db,
  actor: Actor,
  caseIdOrNumber: string,
  input: RatingInput,
  now = new Date(),
): Promise<RatingRow> {
  const subject = await store.caseSubject(db, store.provinceOfCaseKey(caseIdOrNumber), caseIdOrNumber);
  if (!subject) throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.notFound("case");
  const raters = ratersOf(subject);
  authorize(actor, "rating.submit", { raterIds: [...raters.keys()] });
  const personId = actor.kind === "person" ? actor.id : "";
  const rated = caseRated(subject, personId, raters.get(personId) ?? "applicant");
  validate(input);
  return record(db, rated, "online", input, now);
}

/** What a token opens: the subject to show on the form before rating. */
export interface TokenSubject {
  channel: "sms" | "pad";
  /** Whom a text message's link was sent to; null for a pad's. */
  personId: string | null;
  kind: RatingSubject;
  caseSubject?: store.CaseSubject;
  visit?: store.VisitSubject;
}

/** A token's subject, for the form; a wrong or spent token is not found, whichever it was. */
export async function openToken(db: Executor, token: string): Promise<TokenSubject> {
  if (!TOKEN.test(token)) throw ratingErrors.tokenNotFound();
  const row = await store.findToken(db, tokenHash(token));
  if (!row || row.used_at) throw ratingErrors.tokenNotFound();
  if (row.subject_kind === "case") {
    const c = await store.caseSubject(db, row.province_code, row.subject_id);
    if (!c) throw ratingErrors.tokenNotFound();
    return { channel: row.kind, personId: row.person_id, kind: "case", caseSubject: c };
  }
  const v = await store.visitSubject(db, row.province_code, row.subject_id);
  if (!v) throw ratingErrors.tokenNotFound();
  return { channel: row.kind, personId: row.person_id, kind: "visit", visit: v };
}

/** Rates by a text message's or a pad's link, without signing in: the token is spent with the rating. */
export async function rateByToken(
  db: Db,
  token: string,
  input: RatingInput,
  now = new Date(),
): Promise<RatingRow> {
  const opened = await openToken(db, token);
  let rated: Rated;
  if (opened.caseSubject) {
    const personId = opened.personId;
    const kind = personId ? (ratersOf(opened.caseSubject).get(personId) ?? "applicant") : "applicant";
    rated = caseRated(opened.caseSubject, personId, kind);
  } else {
    rated = visitRated(opened.visit as store.VisitSubject);
  }
  validate(input);
  return record(db, rated, opened.channel, input, now, token);
}

/** 追评: the rater adds to their rating; the rating stays as it was and both are shown. */
export async function addToRating(db: Db, actor: Actor, ratingId: string, text: string, now = new Date()) {
  const rating = await store.findRating(db, provinceOfId(ratingId), ratingId);
  if (!rating) throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.notFound("rating");
  authorize(actor, "rating.add", { raterPersonId: rating.rater_person_id });
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.length > MAX_COMMENT)
    throw errors.validation([{ field: "/text", message: `must be 1 to ${MAX_COMMENT} characters` }]);
  return db.transaction().execute(async (tx) => {
    const added = await store.insertAddition(tx, rating, trimmed, now);
    await recordAudit(tx, {
      actorKind: "person",
      actorId: rating.rater_person_id,
      action: "rating.add",
      subjectKind: "rating",
      subjectId: rating.id,
      regionCode: rating.region_code,
    });
    return added;
  });
}

export type { Tag };
