import type { AppError } from "../../platform/errors.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { PAUSE_KINDS, type PauseKind, STAFF_ACTIONS, type StaffAction } from "./states.ts";
import type { TaskActionInput } from "./transitions.ts";
import type { CaseView, TaskView } from "./views.ts";

/**
 * The action forms of the case page as data: which forms a task offers its viewer, what a posted form
 * means as an action of the engine, and the engine's refusals as problems at the form's fields.
 */

/** A problem of one field, as a message key so the page says it in the reader's language. */
export interface Issue {
  key: MessageKey;
  params?: Record<string, number>;
}

/** What was typed into one action form, and its problems by field name, to draw it again. */
export interface ActionForm {
  taskId: string;
  action: StaffAction;
  values: Record<string, string>;
  errors: Record<string, Issue>;
  /** Rows of the supplement form. */
  rows: number;
}

export const SUPPLEMENT_ROWS = 3;
export const MAX_ROWS = 30;

export function isStaffAction(value: unknown): value is StaffAction {
  return typeof value === "string" && (STAFF_ACTIONS as readonly string[]).includes(value);
}

/**
 * The forms a task offers: none unless it is open at the case's current stage; none while another
 * holds it (the engine would refuse them all); claiming and assigning while nobody holds it,
 * releasing and transferring while the viewer does; then what the case's state allows.
 */
export function actionsFor(view: CaseView, task: TaskView, viewerId: string): StaffAction[] {
  if (task.status !== "open" || task.stageIndex !== view.stageIndex || view.state === "closed") return [];
  if (task.assigneeId !== null && task.assigneeId !== viewerId) return [];
  const mine = task.assigneeId === viewerId;
  return view.allowedActions.filter(isStaffAction).filter((action) => {
    if (action === "claim" || action === "assign") return !mine;
    if (action === "release" || action === "transfer") return mine;
    return true;
  });
}

const LIMITS: Record<string, number> = { reason: 2000, legalBasis: 1000, trackingNumber: 60, carrier: 60 };

const trimmed = (value: string | undefined) => {
  const text = value?.trim() ?? "";
  return text === "" ? undefined : text;
};

/** How many supplement rows a posted form had (or asks for, with "more rows"). */
export function rowsOf(body: Record<string, string>): number {
  const indexes = Object.keys(body)
    .map((key) => /^items\.(\d+)\./.exec(key)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number);
  const had = indexes.length > 0 ? Math.max(...indexes) + 1 : SUPPLEMENT_ROWS;
  return Math.min(MAX_ROWS, Math.max(SUPPLEMENT_ROWS, had));
}

/**
 * A posted form as the engine's input, with the problems only the page can see: a supplement row
 * that names a material or field but not what is wrong with it. Empty rows are left out.
 */
export function readAction(
  action: StaffAction,
  body: Record<string, string>,
): { input: TaskActionInput; problems: Record<string, Issue> } {
  const problems: Record<string, Issue> = {};
  // The API's limits, told at the field rather than refused as a whole.
  for (const [name, max] of Object.entries(LIMITS)) {
    const length = (body[name] ?? "").trim().length;
    if (length > max) problems[name] = { key: "work.problem.tooLong", params: { max } };
  }
  const version = /^\d{1,9}$/.test(body.version ?? "") ? Number(body.version) : undefined;
  const input: TaskActionInput = { action, version };
  const reason = trimmed(body.reason);
  if (reason) input.reason = reason;
  const assignee = trimmed(body.assignee);
  if (assignee) input.assignee = assignee;
  const legalBasis = trimmed(body.legalBasis);
  if (legalBasis) input.legalBasis = legalBasis;
  if (body.opinion === "agree" || body.opinion === "disagree") input.opinion = body.opinion;
  if ((PAUSE_KINDS as readonly string[]).includes(body.procedure ?? "")) {
    input.procedure = body.procedure as PauseKind;
  }
  const trackingNumber = trimmed(body.trackingNumber);
  if (trackingNumber) input.trackingNumber = trackingNumber;
  const carrier = trimmed(body.carrier);
  if (carrier) input.carrier = carrier;
  if (action === "request_supplement") {
    const items: NonNullable<TaskActionInput["items"]> = [];
    for (let i = 0; i < rowsOf(body); i++) {
      const material = trimmed(body[`items.${i}.material`]);
      const field = trimmed(body[`items.${i}.field`]);
      const problem = trimmed(body[`items.${i}.problem`]);
      if (problem && problem.length > 500) {
        problems[`items.${i}.problem`] = { key: "work.problem.tooLong", params: { max: 500 } };
      } else if (problem) {
        items.push({ ...(material ? { material } : {}), ...(field ? { field } : {}), problem });
      } else if (material || field) problems[`items.${i}.problem`] = { key: "work.problem.itemProblem" };
    }
    input.items = items;
  }
  return { input, problems };
}

const FIELD_PROBLEMS: Record<string, MessageKey> = {
  reason: "work.problem.reason",
  legalBasis: "work.problem.legalBasis",
  assignee: "work.problem.assignee",
  items: "work.problem.items",
  opinion: "work.problem.opinion",
  procedure: "work.problem.procedure",
  trackingNumber: "work.problem.trackingNumber",
};

/**
 * The engine's refusal as problems at this form's fields (by posted name), or undefined when it is
 * not about what was typed. A missing supplement list points at the first row.
 */
export function fieldProblems(error: AppError, action: StaffAction): Record<string, Issue> | undefined {
  if (error.code === "case_assignee_not_eligible") return { assignee: { key: "work.problem.notEligible" } };
  if (error.code !== "validation_failed" || !error.extra.fields) return undefined;
  const problems: Record<string, Issue> = {};
  for (const { field } of error.extra.fields) {
    const name = field.replace(/^\//, "").split("/")[0] ?? "";
    const key =
      name === "reason" && action === "complete" ? "work.problem.disagreeReason" : FIELD_PROBLEMS[name];
    if (!key) continue;
    problems[name === "items" ? "items.0.problem" : name] = { key };
  }
  return Object.keys(problems).length > 0 ? problems : undefined;
}

/** The id of an action form's input: unique on the page, whatever tasks it shows. */
export const inputId = (taskId: string, action: string, name: string) =>
  `f-${taskId}-${action}-${name.replace(/\./g, "-")}`;
