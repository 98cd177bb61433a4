import type { Locale } from "../../../platform/config.ts";
import type { Db, Executor } from "../../../platform/db/database.ts";
import { AppError, errors, isAppError } from "../../../platform/errors.ts";
import { type Actor, hasScope } from "../../../platform/policy.ts";
import {
  actOnTask,
  type CaseView,
  caseOfTask,
  type EngineDeps,
  getCase,
  myWorklist,
  type TaskActionInput,
} from "../../cases/service.ts";
import { presentIds, resolveId } from "../aliases.ts";
import { scalarOf } from "../parse.ts";
import { inLocale } from "./eforms.ts";
import { unlessNotFound } from "./files.ts";
import { mainTaskOf, type TaskOfCase, wrapped } from "./present.ts";
import type { CompletedTask, DataUserTask, UserTask } from "./schemas.ts";
import { eFormIdOf } from "./services.ts";
import { fileStatus, type StatusCode, taskStatus } from "./status.ts";

/**
 * Tasks (docs/govstack-design.md, sections 6.10–6.12): a worker client's department's tasks, read as its
 * native worklist and case views give them, completed through the native engine — which decides who may
 * act, when, and what each action needs. A client that only submits has no tasks, as an applicant has none.
 */

type Decision = Exclude<StatusCode, "PENDING">;
const DECISIONS: readonly Decision[] = ["APPROVED", "SENDBACK", "REJECTED"];

/** The native action each GovStack decision is at each stage (section 4); none: not possible there. */
const ACTIONS: Record<string, Partial<Record<Decision, TaskActionInput["action"]>>> = {
  intake: { APPROVED: "accept", SENDBACK: "request_supplement", REJECTED: "reject" },
  review: { APPROVED: "complete", SENDBACK: "request_supplement", REJECTED: "complete" },
  decision: { APPROVED: "grant", SENDBACK: "return", REJECTED: "deny" },
  issuance: { APPROVED: "issue" },
  delivery: { APPROVED: "deliver" },
};

/** What completing a task with each decision needs besides, by stage. */
const NEEDS: Record<string, Partial<Record<Decision, string[]>>> = {
  intake: { APPROVED: [], SENDBACK: ["reason"], REJECTED: ["reason"] },
  review: { APPROVED: [], SENDBACK: ["reason"], REJECTED: ["reason"] },
  decision: { APPROVED: ["reason", "legalBasis"], SENDBACK: ["reason"], REJECTED: ["reason", "legalBasis"] },
  issuance: { APPROVED: [] },
  delivery: { APPROVED: [] },
};

export interface TaskDeps extends EngineDeps {
  locale: Locale;
}

const isWorker = (actor: Actor) => hasScope(actor, "case.work") || hasScope(actor, "case.decide");

interface Shown {
  view: CaseView;
  task: TaskOfCase;
}

/** The ids, and the fields every task answer shares. */
async function taskFields(db: Executor, { view, task }: Shown, locale: Locale) {
  const eFormId = eFormIdOf(view.item.code, view.item.version);
  const main = mainTaskOf(view) ?? task;
  const [tasks, files, services, eForms] = await Promise.all([
    presentIds(db, "task", [task.id, main.id]),
    presentIds(db, "file", [view.id]),
    presentIds(db, "service", [view.offeringId]),
    presentIds(db, "eform", [eFormId]),
  ]);
  const stage = view.stages[task.stageIndex];
  return {
    taskId: tasks.get(task.id) ?? task.id,
    mainTaskId: tasks.get(main.id) ?? main.id,
    ...(task.assigneeId ? { assigneeId: task.assigneeId } : {}),
    roleId: task.role,
    created: task.createdAt.toISOString(),
    description: [inLocale(stage?.name, locale), inLocale(task.department.name, locale)]
      .filter((part) => part)
      .join(" · "),
    serviceId: services.get(view.offeringId) ?? view.offeringId,
    serviceName: inLocale(view.item.name, locale) ?? view.item.code,
    fileId: files.get(view.id) ?? view.id,
    eFormId: eForms.get(eFormId) ?? eFormId,
    status: taskStatus(task, view, locale),
  };
}

export interface TaskQuery {
  fileId?: string | undefined;
  mainTaskId?: string | undefined;
  assigneeId?: string | undefined;
  sortBy?: "created" | "dueDate" | "name" | "id" | undefined;
  sortOrder?: "asc" | "desc" | undefined;
  offset: number;
  limit: number;
}

export const TASK_SORT_FIELDS = ["created", "dueDate", "name", "id"] as const;

/** The tasks a filter names: a file's (open and done), else the worklist's open ones. */
async function tasksNamed(db: Executor, actor: Actor, query: TaskQuery): Promise<Shown[]> {
  if (query.fileId !== undefined || query.mainTaskId !== undefined) {
    const caseIds: string[] = [];
    if (query.fileId !== undefined) {
      const id = await resolveId(db, "file", query.fileId);
      if (id === undefined) return [];
      caseIds.push(id);
    }
    if (query.mainTaskId !== undefined) {
      const taskId = await resolveId(db, "task", query.mainTaskId);
      const row = taskId === undefined ? undefined : await unlessNotFound(caseOfTask(db, actor, taskId));
      if (!row) return [];
      caseIds.push(row.id);
    }
    if (new Set(caseIds).size > 1) return [];
    const view = await unlessNotFound(getCase(db, actor, caseIds[0] as string));
    return (view?.tasks ?? [])
      .filter((task) => query.assigneeId === undefined || task.assigneeId === query.assigneeId)
      .map((task) => ({ view: view as CaseView, task }));
  }
  const { items } = await myWorklist(db, actor, { assigneeId: query.assigneeId, limit: 500, offset: 0 });
  const views = new Map<string, CaseView | undefined>();
  for (const caseId of new Set(items.map((item) => item.caseId)))
    views.set(caseId, await unlessNotFound(getCase(db, actor, caseId)));
  return items.flatMap((item) => {
    const view = views.get(item.caseId);
    const task = view?.tasks?.find((t) => t.id === item.taskId);
    return view && task ? [{ view, task }] : [];
  });
}

/** Section 6.10. */
export async function listTasks(
  db: Executor,
  deps: TaskDeps,
  actor: Actor,
  query: TaskQuery,
): Promise<UserTask[]> {
  if (!isWorker(actor)) return [];
  const shown = await tasksNamed(db, actor, query);
  const key = ({ view, task }: Shown): string => {
    switch (query.sortBy) {
      case "id":
        return task.id;
      case "name":
        return inLocale(task.name, deps.locale) ?? task.key;
      case "dueDate":
        return task.dueAt ? new Date(task.dueAt).toISOString() : "9999";
      case "created":
        return task.createdAt.toISOString();
      default:
        return `${view.clock.dueAt ? new Date(view.clock.dueAt).toISOString() : "9999"} ${task.id}`;
    }
  };
  const order = query.sortBy === undefined ? "asc" : (query.sortOrder ?? "asc");
  shown.sort((a, b) => (order === "asc" ? 1 : -1) * key(a).localeCompare(key(b)));
  return Promise.all(
    shown.slice(query.offset, query.offset + query.limit).map(async (s) => {
      const fields = await taskFields(db, s, deps.locale);
      return { ...fields, name: inLocale(s.task.name, deps.locale) ?? s.task.key };
    }),
  );
}

/** A task and its case, for a worker that may read the case; 404 otherwise. */
async function taskOr404(db: Executor, actor: Actor, externalId: string): Promise<Shown> {
  const id = await resolveId(db, "task", externalId);
  if (id === undefined) throw errors.notFound("task");
  const row = await caseOfTask(db, actor, id);
  const view = await getCase(db, actor, row.id);
  // A client that only submitted the case sees no tasks natively either.
  const task = view.tasks?.find((t) => t.id === id);
  if (!task) throw errors.notFound("task");
  return { view, task };
}

/** The decisions the task takes now: those whose action the case's state allows. */
function decisionsNow({ view, task }: Shown): Decision[] {
  if (task.status !== "open") return [];
  const actions = ACTIONS[task.stageKind] ?? {};
  return DECISIONS.filter((d) => {
    const action = actions[d];
    return action !== undefined && view.allowedActions.includes(action);
  });
}

/** Section 6.11: the task, the answers of its file, and what completing it takes. */
export async function getTask(
  db: Executor,
  deps: TaskDeps,
  actor: Actor,
  externalId: string,
): Promise<DataUserTask> {
  const shown = await taskOr404(db, actor, externalId);
  const { mainTaskId: _, ...fields } = await taskFields(db, shown, deps.locale);
  const decisions = decisionsNow(shown);
  return {
    ...fields,
    taskName: inLocale(shown.task.name, deps.locale) ?? shown.task.key,
    formVariables: wrapped(shown.view.data),
    data: wrapped({
      dueAt: shown.task.dueAt ? new Date(shown.task.dueAt).toISOString() : null,
      version: shown.task.version,
      decisions,
      needs: Object.fromEntries(decisions.map((d) => [d, NEEDS[shown.task.stageKind]?.[d] ?? []])),
    }),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The first of these fields given, as text: a string, or `{value}`. */
function textOf(data: Record<string, unknown>, names: string[]): string | undefined {
  for (const name of names) {
    const value = scalarOf(data[name]);
    if (typeof value === "string" && value.trim() !== "") return value.slice(0, 2000);
    if (typeof value === "number") return String(value);
  }
  return undefined;
}

/** The decision the data carries (status, decision, outcome or action); absent: APPROVED. */
function decisionOf(data: Record<string, unknown>): Decision {
  for (const name of ["status", "decision", "outcome", "action"]) {
    let value = data[name];
    if (isObject(value)) value = value.code ?? value.value;
    if (value === undefined || value === null || value === "") continue;
    const found = DECISIONS.find((d) => typeof value === "string" && d === value.trim().toUpperCase());
    if (!found) {
      throw errors.validation([
        { field: `/data/${name}`, message: `must be one of ${DECISIONS.join(", ")}` },
      ]);
    }
    return found;
  }
  return "APPROVED";
}

/** The supplement list: `items` as given (each `{material?, field?, problem}`), else one from the reason. */
function itemsOf(data: Record<string, unknown>, reason: string | undefined): TaskActionInput["items"] {
  const given = scalarOf(data.items);
  if (Array.isArray(given)) {
    const items = given.flatMap((raw) => {
      if (typeof raw === "string" && raw.trim() !== "") return [{ problem: raw.slice(0, 500) }];
      if (!isObject(raw)) return [];
      const problem = textOf(raw, ["problem", "reason", "message"]);
      if (!problem) return [];
      const material = textOf(raw, ["material"]);
      const field = textOf(raw, ["field"]);
      return [{ problem, ...(material ? { material } : {}), ...(field ? { field } : {}) }];
    });
    if (items.length > 0) return items.slice(0, 50);
  }
  return reason ? [{ problem: reason }] : [];
}

/** The native action for a decision on this task, with the fields it carries. */
function actionOf(shown: Shown, data: Record<string, unknown>): TaskActionInput {
  const decision = decisionOf(data);
  const action = ACTIONS[shown.task.stageKind]?.[decision];
  if (!action) {
    throw new AppError(
      "case_action_not_allowed",
      409,
      `A ${shown.task.stageKind} task cannot be completed as ${decision}`,
      { allowed: decisionsNow(shown) },
    );
  }
  const reason = textOf(data, ["reason", "comment", "message"]);
  const legalBasis = textOf(data, ["legalBasis"]);
  const trackingNumber = textOf(data, ["trackingNumber"]);
  const carrier = textOf(data, ["carrier"]);
  const version = scalarOf(data.version);
  if (
    version !== undefined &&
    !(typeof version === "number" && Number.isInteger(version)) &&
    !/^\d{1,9}$/.test(String(version))
  ) {
    throw errors.validation([{ field: "/data/version", message: "must be the task's version, an integer" }]);
  }
  return {
    action,
    ...(version !== undefined ? { version: Number(version) } : {}),
    ...(reason ? { reason } : {}),
    ...(legalBasis ? { legalBasis } : {}),
    ...(trackingNumber ? { trackingNumber } : {}),
    ...(carrier ? { carrier } : {}),
    ...(action === "request_supplement" ? { items: itemsOf(data, reason) } : {}),
    ...(shown.task.stageKind === "review" && action === "complete"
      ? { opinion: decision === "REJECTED" ? "disagree" : "agree" }
      : {}),
  } as TaskActionInput;
}

/** The native problems' fields, under /data where the GovStack body carries them. */
function rerooted(error: unknown): unknown {
  if (!isAppError(error) || error.status !== 400 || !error.extra.fields) return error;
  const fields = error.extra.fields.map((f) => ({ ...f, field: `/data${f.field}` }));
  return new AppError(error.code, error.status, error.message, { ...error.extra, fields });
}

/** Section 6.12: a decision on the task, made by the native engine as the client's own act. */
export async function completeTask(
  db: Db,
  deps: TaskDeps,
  actor: Actor,
  externalId: string,
  body: Record<string, unknown>,
): Promise<CompletedTask> {
  const shown = await taskOr404(db, actor, externalId);
  const data = isObject(body.data) ? body.data : body;
  const input = actionOf(shown, data);
  const row = await actOnTask(db, deps, actor, shown.task.id, input).catch((error: unknown) => {
    throw rerooted(error);
  });
  const fields = await taskFields(db, shown, deps.locale);
  const recorded = Object.fromEntries(
    Object.entries({
      action: input.action,
      reason: input.reason,
      legalBasis: input.legalBasis,
      items: input.items,
    }).filter(([, value]) => value !== undefined),
  );
  return {
    taskId: fields.taskId,
    fileId: fields.fileId,
    serviceId: fields.serviceId,
    status: fileStatus(row, deps.locale).status,
    variables: { completion: { data: wrapped(recorded) } },
  };
}
