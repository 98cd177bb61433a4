import { provinceId } from "../../platform/db/distribution.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { staffForTask } from "../identity/service.ts";
import { pausedWorkingDays } from "./clock.ts";
import type { Transition } from "./context.ts";
import { caseErrors } from "./errors.ts";
import { issueCaseLicence } from "./issuing.ts";
import * as pauseStore from "./pauses-store.ts";
import { advanceIfJoined, deliverNow, startStage } from "./stages.ts";
import { PAUSE_KINDS, type PauseKind, type StaffAction } from "./states.ts";
import type { CasePlan, CaseTaskRow, Delivery } from "./tables.ts";
import * as taskStore from "./tasks-store.ts";

/** What staff send with an action on a task; which fields each action needs is checked below. */
export interface TaskActionInput {
  action: StaffAction;
  /** The task's version as the handler saw it: a stale one is refused (409). */
  version?: number | undefined;
  reason?: string | undefined;
  assignee?: string | undefined;
  /** Everything missing or wrong, told at once (一次性告知). */
  items?: { material?: string | undefined; field?: string | undefined; problem: string }[] | undefined;
  opinion?: "agree" | "disagree" | undefined;
  legalBasis?: string | undefined;
  procedure?: PauseKind | undefined;
  trackingNumber?: string | undefined;
  carrier?: string | undefined;
}

type Handler = (t: Transition, task: CaseTaskRow, input: TaskActionInput) => Promise<void>;

const blank = (value: string | undefined) => !value || value.trim() === "";

/** The fields an action cannot do without, every missing one named at once. */
export function missingFields(input: TaskActionInput, delivery: Delivery): FieldProblem[] {
  const need: string[] = [];
  const a = input.action;
  if (["reject", "return", "transfer", "pause", "grant", "deny"].includes(a) && blank(input.reason)) {
    need.push("reason");
  }
  if ((a === "grant" || a === "deny") && blank(input.legalBasis)) need.push("legalBasis");
  if ((a === "assign" || a === "transfer") && blank(input.assignee)) need.push("assignee");
  if (a === "request_supplement" && (input.items ?? []).length === 0) need.push("items");
  if (a === "complete" && !input.opinion) need.push("opinion");
  if (a === "complete" && input.opinion === "disagree" && blank(input.reason)) need.push("reason");
  if (a === "pause" && !(PAUSE_KINDS as readonly string[]).includes(input.procedure ?? ""))
    need.push("procedure");
  if (a === "deliver" && delivery.method === "post" && blank(input.trackingNumber))
    need.push("trackingNumber");
  return need.map((field) => ({ field: `/${field}`, message: "is required for this action" }));
}

const done = (
  t: Transition,
  task: CaseTaskRow,
  extra: { opinion?: "agree" | "disagree"; comment?: string | null } = {},
) =>
  taskStore.updateTask(t.tx, task.province_code, task.id, {
    status: "done",
    completed_at: t.now,
    completed_by: t.actor.kind === "staff" ? t.actor.id : null,
    assignee_id: task.assignee_id ?? (t.actor.kind === "staff" ? t.actor.id : null),
    ...extra,
  });

async function eligible(t: Transition, task: CaseTaskRow, staffId: string): Promise<boolean> {
  const holders = await staffForTask(
    t.tx,
    { role: task.role, departmentId: task.department_id, regionCode: t.row.region_code },
    500,
  );
  return holders.some((h) => h.id === staffId);
}

const handlers: Record<StaffAction, Handler> = {
  async claim(t, task) {
    if (t.actor.kind !== "staff") throw errors.forbidden();
    if (task.assignee_id === t.actor.id) return;
    await taskStore.updateTask(t.tx, task.province_code, task.id, {
      assignee_id: t.actor.id,
      claimed_at: t.now,
    });
    t.happen({ action: "claim", task });
  },
  async release(t, task) {
    await taskStore.updateTask(t.tx, task.province_code, task.id, { assignee_id: null, claimed_at: null });
    t.happen({ action: "release", task });
  },
  async assign(t, task, input) {
    await handOver(t, task, input, "assign");
  },
  async transfer(t, task, input) {
    await handOver(t, task, input, "transfer");
  },
  async accept(t, task) {
    await done(t, task);
    t.set({ accepted_at: t.now });
    t.recomputeClock();
    t.happen({
      action: "accept",
      task,
      data: { dueAt: t.row.due_at, statutoryDueAt: t.row.statutory_due_at },
    });
    await startStage(t, t.row.stage_index + 1);
  },
  async reject(t, task, input) {
    await done(t, task, { comment: input.reason ?? null });
    await taskStore.cancelOpenTasks(t.tx, t.row.province_code, t.row.id, t.now);
    t.close("rejected");
    t.happen({ action: "reject", task, reason: input.reason ?? null }, "closed");
  },
  async request_supplement(t, task, input) {
    const plan = t.row.plan as CasePlan;
    t.set({
      state: "supplement",
      paused_state: t.row.state,
      supplement_rounds: t.row.supplement_rounds + 1,
      supplement_due_at: plan.supplementDays
        ? t.calendar.addWorkingDays(t.now, plan.supplementDays).due
        : null,
    });
    // Before acceptance no clock runs; after it, the days waiting for the applicant are not counted.
    if (t.row.accepted_at) {
      t.set({ paused_since: t.now });
      await pauseStore.insertPause(t.tx, {
        province_code: t.row.province_code,
        id: provinceId(t.row.province_code),
        case_id: t.row.id,
        region_code: t.row.region_code,
        kind: "supplement",
        reason: input.reason?.trim() || "补正材料",
        started_at: t.now,
        started_by: t.actor.kind === "staff" ? t.actor.id : null,
      });
    }
    t.happen(
      {
        action: "request_supplement",
        task,
        reason: input.reason ?? null,
        data: { items: input.items ?? [] },
      },
      "supplement",
    );
  },
  async complete(t, task, input) {
    await done(t, task, { opinion: input.opinion ?? "agree", comment: input.reason ?? null });
    t.happen({ action: "complete", task, reason: input.reason ?? null, data: { opinion: input.opinion } });
    await advanceIfJoined(t);
  },
  async return(t, task, input) {
    const tasks = await taskStore.tasksOf(t.tx, t.row.province_code, t.row.id);
    await taskStore.cancelOpenTasks(t.tx, t.row.province_code, t.row.id, t.now);
    const previous = t.row.stage_index - 1;
    // The same handlers take the case back: they know it.
    const assignees = new Map(
      tasks
        .filter((x) => x.stage_index === previous && x.status === "done" && x.completed_by)
        .map((x) => [x.task_key, x.completed_by as string]),
    );
    t.happen({ action: "return", task, reason: input.reason ?? null });
    await startStage(t, previous, assignees);
  },
  async pause(t, task, input) {
    const procedure = input.procedure as PauseKind;
    t.set({ state: "paused", paused_state: t.row.state, paused_since: t.now });
    await pauseStore.insertPause(t.tx, {
      province_code: t.row.province_code,
      id: provinceId(t.row.province_code),
      case_id: t.row.id,
      region_code: t.row.region_code,
      kind: procedure,
      reason: input.reason ?? "",
      started_at: t.now,
      started_by: t.actor.kind === "staff" ? t.actor.id : null,
    });
    t.happen({ action: "pause", task, reason: input.reason ?? null, data: { procedure } }, "paused");
  },
  async resume(t, task) {
    const days = endPause(t);
    await pauseStore.endOpenPause(t.tx, t.row.province_code, t.row.id, {
      endedAt: t.now,
      workingDays: days,
      endedBy: t.actor.kind === "staff" ? t.actor.id : null,
    });
    t.happen({ action: "resume", task, data: { pausedDays: days, dueAt: t.row.due_at } });
  },
  async grant(t, task, input) {
    await done(t, task, { comment: input.reason ?? null });
    t.set({ decision: "granted", decided_at: t.now });
    t.happen({ action: "grant", task, reason: input.reason ?? null, data: { legalBasis: input.legalBasis } });
    await startStage(t, t.row.stage_index + 1);
  },
  async deny(t, task, input) {
    await done(t, task, { comment: input.reason ?? null });
    await taskStore.cancelOpenTasks(t.tx, t.row.province_code, t.row.id, t.now);
    t.set({ decision: "denied", decided_at: t.now });
    t.close("denied");
    t.happen(
      { action: "deny", task, reason: input.reason ?? null, data: { legalBasis: input.legalBasis } },
      "closed",
    );
  },
  async issue(t, task) {
    const licence = await issueCaseLicence(t);
    await done(t, task);
    t.set({ licence_id: licence.id });
    t.happen({ action: "issue", task, data: { licenceId: licence.id } });
    await startStage(t, t.row.stage_index + 1);
  },
  async deliver(t, task, input) {
    await deliverNow(t, task, {
      ...(input.trackingNumber ? { trackingNumber: input.trackingNumber.trim() } : {}),
      ...(input.carrier ? { carrier: input.carrier.trim() } : {}),
    } as Partial<Delivery>);
  },
};

/** Ends a pause (special procedure or supplement): its working days move every deadline. */
export function endPause(t: Transition): number {
  const since = t.row.paused_since;
  const days = since ? pausedWorkingDays(t.calendar, since, t.now) : 0;
  t.set({
    state: t.row.paused_state ?? t.row.state,
    paused_state: null,
    paused_since: null,
    paused_days: t.row.paused_days + days,
  });
  t.recomputeClock();
  return days;
}

async function handOver(
  t: Transition,
  task: CaseTaskRow,
  input: TaskActionInput,
  action: "assign" | "transfer",
) {
  // Who holds a task is decided among staff: a department's system works tasks, it never hands them out.
  if (t.actor.kind !== "staff") throw errors.forbidden();
  const to = input.assignee as string;
  if (!isUuid(to) || !(await eligible(t, task, to))) throw caseErrors.notEligible();
  await taskStore.updateTask(t.tx, task.province_code, task.id, { assignee_id: to, claimed_at: t.now });
  t.happen({ action, task, reason: input.reason ?? null, data: { from: task.assignee_id, to } });
}

/** A claimed task is its holder's: others may claim, assign or act on it only once it is released. */
export function heldByOther(t: Transition, task: CaseTaskRow): boolean {
  return task.assignee_id !== null && !(t.actor.kind === "staff" && task.assignee_id === t.actor.id);
}

export function handlerFor(action: StaffAction): Handler {
  return handlers[action];
}
