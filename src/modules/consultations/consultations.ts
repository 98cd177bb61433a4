import { randomBytes } from "node:crypto";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { getDepartment } from "../departments/service.ts";
import type { ArticleInput } from "./articles.ts";
import { consultationErrors, type FieldIssue, FieldsError } from "./errors.ts";
import * as extras from "./settings-store.ts";
import * as store from "./store.ts";

export type { ConsultationRecord } from "./store.ts";

/**
 * The shortest open period when a region has set none: 30 days, the usual rule for draft rules and
 * regulations (规章制定程序条例 asks for not less than 30 days of public comment).
 */
export const DEFAULT_MINIMUM_DAYS = 30;
const DAY_MS = 86_400_000;

/** Where a consultation is now: "upcoming" is published but not yet open; "closed" follows from time. */
export type Phase = "draft" | "upcoming" | "open" | "closed" | "summarised";

export function phaseOf(
  c: Pick<store.ConsultationRecord, "state" | "opensAt" | "closesAt">,
  now: Date,
): Phase {
  if (c.state === "draft") return "draft";
  if (c.state === "summarised") return "summarised";
  if (now < c.opensAt) return "upcoming";
  return now < c.closesAt ? "open" : "closed";
}

/**
 * The day in China of an instant, as a number: a period is counted in calendar days as the law counts
 * them (from 1 December to 31 December is 30 days), whatever the hour it opens or closes.
 */
const chinaDay = (ms: number) => Math.floor((ms + 8 * 3_600_000) / DAY_MS);

/** Whole days left until it closes, counting a part day as one; 0 once closed. */
export function daysLeft(closesAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((closesAt.getTime() - now.getTime()) / DAY_MS));
}

/** What each phase lets staff do next: the 409s list these. */
export const ALLOWED: Record<Phase, string[]> = {
  draft: ["edit", "attach", "publish"],
  upcoming: ["hide"],
  open: ["hide"],
  closed: ["hide", "addPoint", "removePoint", "publishSummary"],
  summarised: [],
};

/** A consultation the actor may see: published ones for anyone, drafts for their department's managers. */
export async function getConsultation(
  db: Executor,
  actor: Actor,
  id: string,
): Promise<store.ConsultationRecord> {
  const found = await store.findConsultation(db, id);
  if (!found) throw errors.notFound("consultation");
  if (found.state === "draft" && !canManage(actor, found)) throw errors.notFound("consultation");
  return found;
}

/** One the actor manages (its department's administrators and approvers); 404 for anyone else. */
export async function getManaged(db: Executor, actor: Actor, id: string): Promise<store.ConsultationRecord> {
  const found = await store.findConsultation(db, id);
  if (!found) throw errors.notFound("consultation");
  authorize(actor, "consultation.manage", found);
  return found;
}

/** The acting staff member's id; only staff manage consultations, so anyone else is refused. */
export function staffId(actor: Actor): string {
  if (actor.kind !== "staff") throw errors.forbidden();
  return actor.id;
}

export const canManage = (actor: Actor, c: { departmentId: string; regionCode: string }) =>
  can(actor, "consultation.manage", c);

export async function listPublic(
  db: Executor,
  filter: {
    regionCode?: string | undefined;
    departmentId?: string | undefined;
    limit: number;
    offset: number;
  },
  now = new Date(),
) {
  return store.listConsultations(db, { ...filter, states: ["published", "summarised"] }, now);
}

/** The consultations of the departments where the actor may draft, drafts included. */
export async function listManaged(db: Executor, actor: Actor, now = new Date()) {
  authorize(actor, "consultation.draft");
  if (actor.kind !== "staff") return [];
  const departmentIds = [
    ...new Set(
      actor.grants
        .filter((g) => g.role === "administrator" || g.role === "approver")
        .map((g) => g.departmentId),
    ),
  ];
  const rows = await store.listConsultations(
    db,
    { states: ["draft", "published", "summarised"], departmentIds, limit: 200, offset: 0 },
    now,
  );
  return rows.filter((r) => canManage(actor, r));
}

export interface DraftInput {
  title: string;
  purpose: string;
  contact: string;
  opensAt: Date;
  closesAt: Date;
  shortPeriodReason?: string | null | undefined;
  articles: ArticleInput[];
}

export async function minimumDays(db: Executor, regionCode: string): Promise<number> {
  return (await extras.minimumDaysFor(db, regionCode)) ?? DEFAULT_MINIMUM_DAYS;
}

/** Every problem of a draft at once: empty parts, a period that ends before it starts or is too short. */
function checkDraft(
  input: DraftInput,
  minimum: number,
): { fields: store.ConsultationFields; articles: ArticleInput[] } {
  const issues: FieldIssue[] = [];
  const title = input.title.trim();
  const purpose = input.purpose.trim();
  const contact = input.contact.trim();
  const reason = input.shortPeriodReason?.trim() || null;
  if (!title) issues.push({ field: "/title", key: "consultation.problem.required" });
  if (!purpose) issues.push({ field: "/purpose", key: "consultation.problem.required" });
  if (!contact) issues.push({ field: "/contact", key: "consultation.problem.required" });
  const articles = input.articles
    .map((a) => ({ number: a.number.trim(), heading: a.heading?.trim() || null, body: a.body.trim() }))
    .filter((a) => a.number || a.body);
  if (articles.length === 0) issues.push({ field: "/articles", key: "consultation.problem.noArticles" });
  articles.forEach((a, i) => {
    if (!a.number) issues.push({ field: `/articles/${i}/number`, key: "consultation.problem.articleNumber" });
    if (!a.body) issues.push({ field: `/articles/${i}/body`, key: "consultation.problem.articleBody" });
  });
  const opens = input.opensAt.getTime();
  const closes = input.closesAt.getTime();
  if (Number.isNaN(opens)) issues.push({ field: "/opensAt", key: "consultation.problem.date" });
  if (Number.isNaN(closes)) issues.push({ field: "/closesAt", key: "consultation.problem.date" });
  if (closes <= opens) issues.push({ field: "/closesAt", key: "consultation.problem.closesBeforeOpens" });
  else if (chinaDay(closes) - chinaDay(opens) < minimum && !reason)
    issues.push({
      field: "/shortPeriodReason",
      key: "consultation.problem.shortPeriod",
      params: { days: minimum },
    });
  if (issues.length > 0) throw new FieldsError(issues);
  return {
    fields: {
      title,
      purpose,
      contact,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      shortPeriodReason: reason,
    },
    articles,
  };
}

type Origin = { requestId?: string | undefined };

function audit(
  tx: Executor,
  actor: Actor,
  action: string,
  c: { id: string; regionCode: string },
  origin: Origin,
  details?: Record<string, unknown>,
) {
  return recordAudit(tx, {
    actorKind: "staff",
    actorId: actor.kind === "staff" ? actor.id : null,
    action: `consultation.${action}`,
    subjectKind: "consultation",
    subjectId: c.id,
    regionCode: c.regionCode,
    requestId: origin.requestId ?? null,
    ...(details ? { details } : {}),
  });
}

export { audit as auditConsultation };

/** A new draft of one of the actor's departments: staff only see it until it is published. */
export async function createDraft(
  db: Db,
  actor: Actor,
  departmentId: string,
  input: DraftInput,
  origin: Origin = {},
): Promise<string> {
  authorize(actor, "consultation.draft");
  if (actor.kind !== "staff") throw errors.forbidden();
  const department = await getDepartment(db, departmentId).catch(() => undefined);
  const scope = { departmentId, regionCode: department?.regionCode ?? "" };
  if (!department || !canManage(actor, scope))
    throw new FieldsError([{ field: "/department", key: "consultation.problem.department" }]);
  const { fields, articles } = checkDraft(input, await minimumDays(db, department.regionCode));
  return db.transaction().execute(async (tx) => {
    const id = await store.insertConsultation(tx, {
      ...fields,
      departmentId,
      regionCode: department.regionCode,
      createdBy: actor.id,
      salt: randomBytes(16).toString("hex"),
    });
    await store.replaceArticles(tx, id, articles);
    await audit(tx, actor, "create", { id, regionCode: department.regionCode }, origin);
    return id;
  });
}

/** Changes a draft, its articles and period; a published consultation no longer changes (409). */
export async function updateDraft(
  db: Db,
  actor: Actor,
  id: string,
  input: DraftInput,
  origin: Origin = {},
): Promise<void> {
  const c = await getManaged(db, actor, id);
  const { fields, articles } = checkDraft(input, await minimumDays(db, c.regionCode));
  await db.transaction().execute(async (tx) => {
    await store.lockConsultation(tx, id);
    const now = await store.findConsultation(tx, id);
    if (now?.state !== "draft") throw consultationErrors.notDraft(ALLOWED[phaseOf(now ?? c, new Date())]);
    await store.updateConsultation(tx, id, fields);
    await store.replaceArticles(tx, id, articles);
    await audit(tx, actor, "update", c, origin);
  });
}

/**
 * Publishes a draft. The period counts from publication when it was set to open earlier, and the
 * minimum is checked again on what is left, so a late publication cannot shorten the public's time.
 */
export async function publish(
  db: Db,
  actor: Actor,
  id: string,
  origin: Origin = {},
  now = new Date(),
): Promise<void> {
  const c = await getManaged(db, actor, id);
  if (c.state !== "draft") throw consultationErrors.notDraft(ALLOWED[phaseOf(c, now)]);
  const opensAt = c.opensAt < now ? now : c.opensAt;
  const articles = await store.articlesOf(db, id);
  checkDraft({ ...c, opensAt, articles }, await minimumDays(db, c.regionCode));
  await db.transaction().execute(async (tx) => {
    await store.lockConsultation(tx, id);
    const fresh = await store.findConsultation(tx, id);
    if (fresh?.state !== "draft") throw consultationErrors.notDraft(ALLOWED[phaseOf(fresh ?? c, now)]);
    if (opensAt !== c.opensAt) await store.updateConsultation(tx, id, { ...c, opensAt });
    await store.markPublished(tx, id, staffId(actor), now);
    await audit(tx, actor, "publish", c, origin, {
      opensAt: opensAt.toISOString(),
      closesAt: c.closesAt.toISOString(),
    });
  });
}

export async function articlesOf(db: Executor, actor: Actor, id: string) {
  await getConsultation(db, actor, id);
  return store.articlesOf(db, id);
}
