import { Value } from "typebox/value";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { clientGrants } from "../../platform/policy/actors.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { partyProvinces } from "../applicants/party-provinces-store.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { getItem, publicItem } from "../catalog/service.ts";
import { lineByCode } from "../departments/lines.ts";
import { staffForTask } from "../identity/service.ts";
import { definitionProblems, ProcessDefinition } from "./definition.ts";

import { caseErrors } from "./errors.ts";
import { readFacts, taskWork } from "./facts.ts";
import * as lists from "./lists-store.ts";
import * as materialStore from "./materials-store.ts";
import { lookupDigests } from "./open.ts";
import type { StoredDefinition } from "./plan.ts";
import { SHORT_TOKEN } from "./short-links.ts";
import * as store from "./store.ts";
import type { CaseRow, DefinitionStatus } from "./tables.ts";
import * as taskStore from "./tasks-store.ts";
import { type CaseView, presentCase, presentTimeline, type TimelineEntry } from "./views.ts";

export { applicantAct, type Correction } from "./applicant.ts";
export type { EngineDeps } from "./context.ts";
export { actOnTask, allowedNow } from "./engine.ts";
export type { RulesVerdict } from "./instant.ts";
export { caseNumber, lookupDigest, type NewCase, openCase } from "./open.ts";
export { reverseDecision } from "./reversal.ts";
export { type SweepReport, sweepClocks } from "./sweep.ts";
export type { CaseRow } from "./tables.ts";
export type { TaskActionInput } from "./transitions.ts";
export type { CaseView, TimelineEntry } from "./views.ts";

/** A case by id or number, for whoever may see it; to anyone else it does not exist. */
export async function loadCase(db: Executor, actor: Actor, idOrNumber: string): Promise<CaseRow> {
  const row = isUuid(idOrNumber)
    ? await store.findCase(db, idOrNumber)
    : /^\d{14,26}$/.test(idOrNumber)
      ? await store.findCaseByNumber(db, idOrNumber)
      : undefined;
  if (!row) throw errors.notFound("case");
  authorize(actor, "case.read", await readFacts(db, row, actor));
  return row;
}

export async function getCase(db: Executor, actor: Actor, idOrNumber: string): Promise<CaseView> {
  return presentCase(db, actor, await loadCase(db, actor, idOrNumber));
}

export async function caseTimeline(db: Executor, actor: Actor, idOrNumber: string): Promise<TimelineEntry[]> {
  const row = await loadCase(db, actor, idOrNumber);
  return presentTimeline(db, actor, row);
}

export async function myCases(db: Executor, actor: Actor, page: { limit: number; offset: number }) {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  if (actor.kind !== "person") throw errors.forbidden();
  const provinces = await partyProvinces(db, { kind: "person", id: actor.id });
  return lists.casesOfPerson(db, provinces, actor.id, page.limit, page.offset);
}

export interface WorklistQuery {
  assignee?: "mine" | "unassigned" | undefined;
  /** Only tasks held by this staff member. */
  assigneeId?: string | undefined;
  offeringId?: string | undefined;
  stageKind?: string | undefined;
  includeWaiting?: boolean | undefined;
  limit: number;
  offset: number;
}

/**
 * 待办: the open tasks of the actor's roles, departments and jurisdictions, what is due first on top. A
 * department's system gets its department's, for the roles its scopes give it (it holds no task, so
 * "mine" is empty for it).
 */
export async function myWorklist(db: Executor, actor: Actor, query: WorklistQuery) {
  authorize(actor, "worklist.read");
  if (actor.kind !== "staff" && actor.kind !== "client") throw errors.forbidden();
  // Ids that cannot name a row match nothing (and never reach a uuid column).
  const unmatchable = [query.assigneeId, query.offeringId].some((id) => id !== undefined && !isUuid(id));
  if (unmatchable) return { items: [], total: 0 };
  return lists.worklist(db, {
    grants: actor.kind === "staff" ? actor.grants : clientGrants(actor),
    assignee: query.assignee === "mine" ? { mine: actor.id } : query.assignee,
    assigneeId: query.assigneeId,
    offeringId: query.offeringId,
    stageKind: query.stageKind,
    includeWaiting: query.includeWaiting,
    limit: query.limit,
    offset: query.offset,
  });
}

/** 效能监察: overdue (or warned) open cases within the supervisor's jurisdictions. */
export async function supervisionList(
  db: Executor,
  actor: Actor,
  level: "overdue" | "warned",
  page: { limit: number; offset: number },
) {
  authorize(actor, "case.supervise");
  if (actor.kind !== "staff") throw errors.forbidden();
  const jurisdictions = actor.grants.filter((g) => g.role === "supervisor").map((g) => g.jurisdictionCode);
  return lists.supervision(db, jurisdictions, level, page.limit, page.offset);
}

/** The case a task belongs to, for whoever may see the case; to anyone else the task does not exist. */
export async function caseOfTask(db: Executor, actor: Actor, taskId: string): Promise<CaseRow> {
  const task = isUuid(taskId) ? await taskStore.findTask(db, taskId) : undefined;
  if (!task) throw errors.notFound("task");
  return loadCase(db, actor, task.case_id);
}

/** Who a task can be assigned or transferred to. */
export async function handlersForTask(db: Executor, actor: Actor, taskId: string) {
  const task = isUuid(taskId) ? await taskStore.findTask(db, taskId) : undefined;
  const row = task && (await store.findCase(db, task.case_id));
  if (!task || !row) throw errors.notFound("task");
  const work = taskWork(task, row);
  if (!can(actor, "task.work", work)) {
    authorize(actor, "case.read", await readFacts(db, row, actor));
    throw errors.forbidden();
  }
  return staffForTask(db, work);
}

/**
 * Progress without signing in: the case number and the last 6 characters of the applicant's phone
 * or ID (or credit code) number. A wrong pair and an unknown number answer alike, so numbers cannot
 * be confirmed by guessing; the route limits how often one address may try.
 */
export async function lookupProgress(
  db: Executor,
  key: Buffer,
  number: string,
  tail: string,
): Promise<{ view: CaseView; timeline: TimelineEntry[] }> {
  const row = /^\d{14,26}$/.test(number.trim()) ? await store.findCaseByNumber(db, number.trim()) : undefined;
  const digests = row ? lookupDigests(key, row.number, tail) : [];
  if (!row?.lookup_digests.some((d) => digests.includes(d))) throw caseErrors.lookupFailed();
  return anonymousProgress(db, row);
}

/**
 * Progress by a short link (/c/…), as the lookup shows it: the link went to the applicant's phone, so
 * holding it is as good as knowing the number and the tail. An unknown token answers as a failed lookup.
 */
export async function progressByShortToken(
  db: Executor,
  token: string,
): Promise<{ view: CaseView; timeline: TimelineEntry[] }> {
  const normal = token.trim().toUpperCase();
  const row = SHORT_TOKEN.test(normal) ? await store.findCaseByShortToken(db, normal) : undefined;
  if (!row) throw caseErrors.lookupFailed();
  return anonymousProgress(db, row);
}

/** What anyone may see of a case without signing in: where it stands, never the applicant's data. */
async function anonymousProgress(db: Executor, row: CaseRow) {
  const anonymous: Actor = { kind: "anonymous" };
  const view = await presentCase(db, anonymous, row);
  return {
    view: { ...view, data: {}, materials: [], commitment: null, delivery: { method: view.delivery.method } },
    timeline: await presentTimeline(db, anonymous, row),
  };
}

/** An item's process definitions, newest first. */
export async function listProcessDefinitions(db: Executor, actor: Actor, itemIdOrCode: string) {
  const { item } = await getItem(db, actor, itemIdOrCode);
  return store.listDefinitions(db, item.id);
}

/**
 * A new version of an item's process: cases opened from now on follow it; open cases keep theirs.
 * Lines must be known ones, and the stages must fit in the item's statutory limit. A draft (a what-if
 * proposal) is kept for the catalogue manager and followed by no case until saved again as published.
 */
export async function saveProcessDefinition(
  db: Db,
  actor: Actor,
  itemIdOrCode: string,
  definition: unknown,
  origin: { requestId?: string; status?: DefinitionStatus } = {},
): Promise<{ id: string; version: number }> {
  const { item } = await getItem(db, actor, itemIdOrCode);
  authorize(actor, "catalog.manage", { ownerRegionCode: item.ownerRegionCode });
  if (actor.kind !== "staff") throw errors.forbidden();
  await checkProcessDefinition(db, item.id, definition);
  const status = origin.status ?? "published";
  return db.transaction().execute(async (tx) => {
    const saved = await store.insertDefinition(tx, {
      itemId: item.id,
      definition,
      createdBy: actor.id,
      status,
    });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "process.define",
      subjectKind: "catalog_item",
      subjectId: item.id,
      regionCode: item.ownerRegionCode,
      requestId: origin.requestId ?? null,
      details: { code: item.code, version: saved.version, status },
    });
    return saved;
  });
}

/** Whether a definition may be saved for an item: every problem at once (400), or nothing. */
export async function checkProcessDefinition(
  db: Executor,
  itemId: string,
  definition: unknown,
): Promise<ProcessDefinition> {
  if (!Value.Check(ProcessDefinition, definition)) {
    throw errors.validation(
      [...Value.Errors(ProcessDefinition, definition)].slice(0, 50).map((e) => ({
        field: e.instancePath || "/",
        message: e.message,
      })),
    );
  }
  const { version } = await publicItem(db, itemId);
  const problems: FieldProblem[] = definitionProblems(definition, version.content.statutoryDays);
  definition.stages.forEach((stage, i) => {
    stage.tasks.forEach((task, j) => {
      if (task.line && !lineByCode(task.line)) {
        problems.push({
          field: `/stages/${i}/tasks/${j}/line`,
          message: `is not a known line (${task.line})`,
        });
      }
    });
  });
  if (problems.length > 0) throw errors.validation(problems);
  return definition;
}

/** For the catalogue's guard: an item with open cases cannot be retired. */
export function openCaseCount(db: Executor, itemId: string): Promise<number> {
  return store.countOpenCases(db, itemId);
}

/** What the applicant told Tongban last time: the answers of their latest case, to prefill a new form. */
export async function latestAnswers(
  db: Executor,
  applicant: { kind: "person" | "organisation"; id: string },
) {
  return store.latestAnswers(db, await partyProvinces(db, applicant), applicant);
}

/** The item's newest process definition as stored (null when it has none: one is derived). */
export async function latestProcess(db: Executor, itemId: string): Promise<StoredDefinition | null> {
  return (await store.latestDefinition(db, itemId)) ?? null;
}

/** The largest upload for one material, in bytes: the item's process definition says, or 10 MB. */
export function uploadLimitOf(stored: StoredDefinition | null): number {
  const mb = (stored?.definition as { maxUploadMb?: unknown } | undefined)?.maxUploadMb;
  return (typeof mb === "number" && mb > 0 ? mb : 10) * 1024 * 1024;
}

export async function uploadLimit(db: Executor, itemId: string): Promise<number> {
  return uploadLimitOf(await latestProcess(db, itemId));
}

/** What a case holds for each material: the file's digest, or how it was satisfied otherwise. */
export async function caseMaterialDigests(
  db: Executor,
  province: string,
  caseId: string,
): Promise<Map<string, string>> {
  const rows = await materialStore.materialsOf(db, province, caseId);
  return new Map(rows.map((m) => [m.material_key, m.file_sha256 ?? m.source]));
}

/**
 * The case submitted with an Idempotency-Key, if any: a person's in a province where they have cases, a
 * department system's in the province of the offering it applied through.
 */
export async function caseForKey(
  db: Executor,
  submitter: { kind: "person"; id: string } | { kind: "client"; id: string; province: string },
  key: string,
) {
  const provinces = submitter.kind === "person" ? await partyProvinces(db, submitter) : [submitter.province];
  return store.findCaseByKey(db, provinces, { kind: submitter.kind, id: submitter.id }, key);
}
