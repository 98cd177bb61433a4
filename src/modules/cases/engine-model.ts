/**
 * A model of the case engine for its state-machine property test (engine.property.test.ts), used by
 * nothing else. It is written from the rules — the process definition, the glossary's intake,
 * supplement, review and decision, the clock's timers — not read from states.ts or the handlers, so
 * that the two can disagree: the model says what must happen, the test checks that the engine did it.
 * The clock it keeps is engine-model-clock.ts.
 */
import { clockOf, countedDays, type ModelCalendar, openPause, type Pause } from "./engine-model-clock.ts";

const DAY_MS = 86_400_000;

export type StageKind = "intake" | "review" | "decision" | "issuance" | "delivery";
export type State = StageKind | "supplement" | "paused" | "closed";
export type DeliveryMethod = "download" | "pickup" | "post";

export interface PlanTask {
  key: string;
  role: string;
  departmentId: string;
  days: number;
}
export interface Plan {
  stages: { kind: StageKind; tasks: PlanTask[] }[];
  onOverdue: "escalate" | "deemed_approval";
  supplementDays: number | null;
  promisedDays: number;
  statutoryDays: number;
}

export interface Staff {
  id: string;
  role: string;
  departmentId: string;
  jurisdiction: string;
}

export interface ModelTask {
  /** Learnt from the database once the engine has made the task. */
  id: string;
  key: string;
  stage: number;
  role: string;
  departmentId: string;
  assignee: string | null;
  dueAt: Date;
}

export interface CaseModel {
  id: string;
  regionCode: string;
  plan: Plan;
  delivery: DeliveryMethod;
  state: State;
  pausedState: State | null;
  stage: number;
  open: ModelTask[];
  /** Who last completed each task of each stage: a return hands the stage back to them. */
  completedBy: Map<number, Map<string, string>>;
  acceptedAt: Date | null;
  pauses: Pause[];
  supplementDueAt: Date | null;
  decision: "granted" | "denied" | "deemed_granted" | null;
  outcome: string | null;
  warnedAt: Date | null;
  overdueAt: Date | null;
  escalatedAt: Date | null;
  /** Every event's action, in order. */
  events: string[];
}

export type Outcome = { refused: string } | { events: string[] };

const refused = (code: string): Outcome => ({ refused: code });

export function newCase(id: string, regionCode: string, plan: Plan, delivery: DeliveryMethod): CaseModel {
  return {
    id,
    regionCode,
    plan,
    delivery,
    state: "intake",
    pausedState: null,
    stage: 0,
    open: [],
    completedBy: new Map(),
    acceptedAt: null,
    pauses: [],
    supplementDueAt: null,
    decision: null,
    outcome: null,
    warnedAt: null,
    overdueAt: null,
    escalatedAt: null,
    events: ["submit"],
  };
}

/** Opens a stage's tasks; a stage of delivery by download hands over at once and closes the case. */
export function startStage(
  m: CaseModel,
  cal: ModelCalendar,
  now: Date,
  index: number,
  assignees: ReadonlyMap<string, string> = new Map(),
): string[] {
  const stage = m.plan.stages[index];
  if (!stage) throw new Error(`the model's plan has no stage ${index}`);
  m.stage = index;
  m.state = stage.kind;
  m.open = stage.tasks.map((t) => ({
    id: "",
    key: t.key,
    stage: index,
    role: t.role,
    departmentId: t.departmentId,
    assignee: assignees.get(t.key) ?? null,
    dueAt: cal.after(now, t.days),
  }));
  if (stage.kind === "delivery" && m.delivery === "download") return deliver(m, now);
  return [];
}

function deliver(m: CaseModel, now: Date): string[] {
  close(m, now, m.decision === "deemed_granted" ? "deemed_granted" : "granted");
  return ["deliver", "close"];
}

function close(m: CaseModel, now: Date, outcome: string): void {
  m.state = "closed";
  m.outcome = outcome;
  m.open = [];
  m.pausedState = null;
  m.supplementDueAt = null;
  const pause = openPause(m);
  if (pause) Object.assign(pause, { to: now, counts: false });
}

function endPause(m: CaseModel, now: Date): void {
  const pause = openPause(m);
  if (pause) pause.to = now;
  m.state = m.pausedState ?? m.state;
  m.pausedState = null;
}

/**
 * What staff and the applicant may do in each state: completeness is checked at intake (supplement,
 * rejection), the applicant may withdraw until the decision, and nothing is done on the tasks while a
 * special procedure or a supplement holds the case.
 */
const HANDLING = ["claim", "release", "assign", "transfer"];
const ALLOWED: Record<State, string[]> = {
  intake: [...HANDLING, "accept", "reject", "request_supplement", "withdraw"],
  supplement: ["resubmit", "withdraw"],
  review: [...HANDLING, "complete", "return", "request_supplement", "pause", "withdraw"],
  decision: [...HANDLING, "grant", "deny", "return", "pause", "withdraw"],
  issuance: [...HANDLING, "issue"],
  delivery: [...HANDLING, "deliver"],
  paused: ["resume", "withdraw"],
  closed: [],
};
export const APPLICANT = ["resubmit", "withdraw"];

/** A case goes back only to a review stage just before the one it is in. */
export function allowed(m: CaseModel): string[] {
  const returnable = m.stage > 0 && m.plan.stages[m.stage - 1]?.kind === "review";
  return ALLOWED[m.state].filter((a) => a !== "return" || returnable);
}

export const fits = (who: Staff, task: { role: string; departmentId: string }, m: CaseModel) =>
  who.role === task.role &&
  who.departmentId === task.departmentId &&
  m.regionCode.startsWith(who.jurisdiction);

const seesCase = (who: Staff, m: CaseModel) =>
  m.regionCode.startsWith(who.jurisdiction) &&
  m.plan.stages.some((s) => s.tasks.some((t) => t.departmentId === who.departmentId));

/** Fields an action cannot do without: the test sends all of them, or none. */
export function needsFields(action: string, delivery: DeliveryMethod): boolean {
  const needy = ["reject", "return", "transfer", "pause", "grant", "deny", "assign", "request_supplement"];
  return needy.includes(action) || action === "complete" || (action === "deliver" && delivery === "post");
}

export interface TaskAct {
  action: string;
  who: Staff;
  task: { id: string; role: string; departmentId: string };
  stale: boolean;
  withFields: boolean;
  to: Staff | undefined;
}

/**
 * A staff action on a task: refused with the code the engine must answer, or the events it must
 * record. The refusals come in the order a person meets them: a task one may not work (or not even
 * see), a version one read before someone else acted, a finished task, an action the state does not
 * allow, a task another holds, a field left out.
 */
export function actOnTask(m: CaseModel, cal: ModelCalendar, now: Date, act: TaskAct): Outcome {
  const { action, who } = act;
  if (!fits(who, act.task, m)) return refused(seesCase(who, m) ? "forbidden" : "not_found");
  if (act.stale) return refused("case_task_stale");
  const task = m.open.find((t) => t.id === act.task.id);
  if (!task) return refused("case_task_closed");
  if (!allowed(m).includes(action) || APPLICANT.includes(action)) return refused("case_action_not_allowed");
  const holds = task.assignee === who.id;
  if (action === "transfer" || action === "release" ? !holds : task.assignee !== null && !holds) {
    return refused("case_task_assigned_elsewhere");
  }
  if (!act.withFields && needsFields(action, m.delivery)) return refused("validation_failed");
  return apply(m, cal, now, act, task);
}

function apply(m: CaseModel, cal: ModelCalendar, now: Date, act: TaskAct, task: ModelTask): Outcome {
  const { action, who } = act;
  const done = () => {
    m.open = m.open.filter((t) => t !== task);
    const byKey = m.completedBy.get(task.stage) ?? new Map<string, string>();
    byKey.set(task.key, who.id);
    m.completedBy.set(task.stage, byKey);
  };
  switch (action) {
    case "claim":
      if (task.assignee === who.id) return { events: [] };
      task.assignee = who.id;
      return { events: ["claim"] };
    case "release":
      task.assignee = null;
      return { events: ["release"] };
    case "assign":
    case "transfer":
      if (!act.to || !fits(act.to, task, m)) return refused("case_assignee_not_eligible");
      task.assignee = act.to.id;
      return { events: [action] };
    case "accept":
      done();
      m.acceptedAt = now;
      return { events: ["accept", ...startStage(m, cal, now, m.stage + 1)] };
    case "reject":
      close(m, now, "rejected");
      return { events: ["reject"] };
    case "request_supplement":
      m.pausedState = m.state;
      m.state = "supplement";
      m.supplementDueAt = m.plan.supplementDays ? cal.after(now, m.plan.supplementDays) : null;
      // Before acceptance no clock runs, so there is nothing to stop.
      if (m.acceptedAt) m.pauses.push({ kind: "supplement", from: now, to: null, counts: true });
      return { events: ["request_supplement"] };
    case "complete":
      done();
      if (m.open.length > 0) return { events: ["complete"] };
      return { events: ["complete", ...startStage(m, cal, now, m.stage + 1)] };
    case "return":
      return {
        events: ["return", ...startStage(m, cal, now, m.stage - 1, m.completedBy.get(m.stage - 1))],
      };
    case "pause":
      m.pausedState = m.state;
      m.state = "paused";
      m.pauses.push({ kind: "procedure", from: now, to: null, counts: true });
      return { events: ["pause"] };
    case "resume":
      endPause(m, now);
      return { events: ["resume"] };
    case "grant":
      done();
      m.decision = "granted";
      return { events: ["grant", ...startStage(m, cal, now, m.stage + 1)] };
    case "deny":
      m.decision = "denied";
      close(m, now, "denied");
      return { events: ["deny"] };
    case "issue":
      done();
      return { events: ["issue", ...startStage(m, cal, now, m.stage + 1)] };
    case "deliver":
      return { events: deliver(m, now) };
  }
  throw new Error(`the model knows no action ${action}`);
}

/** The applicant's withdrawal or resubmission; a stranger is told the case does not exist. */
export function applicantAct(
  m: CaseModel,
  now: Date,
  action: "withdraw" | "resubmit",
  who: { stranger: boolean; stale: boolean },
): Outcome {
  if (who.stranger) return refused("not_found");
  if (who.stale) return refused("case_task_stale");
  if (!allowed(m).includes(action)) return refused("case_action_not_allowed");
  if (action === "withdraw") {
    close(m, now, "withdrawn");
    return { events: ["withdraw"] };
  }
  endPause(m, now);
  m.supplementDueAt = null;
  return { events: ["resubmit"] };
}

const running = (m: CaseModel) =>
  m.acceptedAt !== null && !["closed", "paused", "supplement"].includes(m.state);

/**
 * The timers firing at `now`, in the sweep's order: a supplement not answered in time lapses the case;
 * silence past the statutory limit grants it where the item says so; then the warning at 80%, overdue
 * after the due date, and escalation once a counted working day has passed since it went red.
 */
export function fireTimers(m: CaseModel, cal: ModelCalendar, now: Date): string[] {
  const events: string[] = [];
  if (m.state === "supplement" && m.supplementDueAt && m.supplementDueAt < now) {
    close(m, now, "lapsed");
    return ["lapse"];
  }
  const clock = clockOf(m, cal);
  if (running(m) && m.plan.onOverdue === "deemed_approval" && !m.decision && clock.statutoryDueAt) {
    if (clock.statutoryDueAt < now) {
      m.decision = "deemed_granted";
      const decision = m.plan.stages.findIndex((s) => s.kind === "decision");
      events.push("deemed_grant", ...startStage(m, cal, now, decision + 1));
    }
  }
  if (!running(m)) return events;
  if (!m.warnedAt && clock.warnAt && clock.warnAt <= now) {
    m.warnedAt = now;
    events.push("warning");
  }
  if (!m.overdueAt && clock.dueAt && clock.dueAt < now) {
    m.overdueAt = now;
    m.warnedAt ??= now;
    events.push("overdue");
  }
  const red = m.overdueAt;
  if (
    red &&
    !m.escalatedAt &&
    red.getTime() <= now.getTime() - DAY_MS &&
    countedDays(m, cal, red, now) >= 1
  ) {
    m.escalatedAt = now;
    events.push("escalate");
  }
  return events;
}
