/**
 * The commands of the case engine's property test (engine.property.test.ts), used by nothing else.
 * Each asks the model (engine-model.ts) what must come of it — a refusal with its code, or the events
 * it records — calls the engine as a service at the run's simulated time, and has the case checked
 * against the model afterwards (engine-checks.ts).
 */
import type fc from "fast-check";
import { expect } from "vitest";
import type { Actor } from "../../platform/policy.ts";
import { type Attempt, attempt, caseState, label, lastChecked, verifyCase } from "./engine-checks.ts";
import {
  APPLICANT,
  allowed,
  type CaseModel,
  type DeliveryMethod,
  fireTimers,
  fits,
  actOnTask as modelActOnTask,
  applicantAct as modelApplicantAct,
  type Outcome,
  type Staff,
  type TaskAct,
} from "./engine-model.ts";
import { clockOf } from "./engine-model-clock.ts";
import { engineDeps, type Process, type Rig, submit, type World } from "./engine-rig.ts";
import { actOnTask, applicantAct, sweepClocks } from "./service.ts";
import type { StaffAction } from "./states.ts";
import { SAMPLE_ANSWERS } from "./testing.ts";

const HOUR = 3_600_000;
const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

/**
 * A refused command answers as the model says and leaves the case as last checked; an accepted one
 * records the events the model expects. Answers whether the case changed.
 */
async function settle(rig: Rig, c: CaseModel, expected: Outcome, got: Attempt, said: string) {
  if ("refused" in expected) {
    expect(got, said).toEqual(expected);
    expect(await caseState(rig, c.id), `${said}: refused, yet the case changed`).toEqual(lastChecked(c));
    return false;
  }
  expect(got, said).toEqual({ ok: true });
  c.events.push(...expected.events);
  return true;
}

/** Every field an action may need: a command sends all of them, or none. */
const fields = (to: Staff | undefined) => ({
  reason: "经审查，依法处理",
  legalBasis: "《中华人民共和国食品安全法》第三十五条",
  items: [{ material: "layout", problem: "缺少经营场所平面图" }],
  opinion: "disagree" as const,
  procedure: "expert_review" as const,
  trackingNumber: "SF1234567890",
  assignee: to?.id,
});

export type Version = "none" | "current" | "stale";

async function staffStep(rig: Rig, world: World, c: CaseModel, act: TaskAct, version: Version, said: string) {
  const current = lastChecked(c).tasks.find((x) => x.id === act.task.id)?.version ?? 0;
  const expected = modelActOnTask(c, rig.cal, world.now, act);
  const actor = rig.actors.get(act.who.id) as Actor;
  const got = await attempt(() =>
    actOnTask(rig.t.platform.database.db, engineDeps(rig, world.now), actor, act.task.id, {
      action: act.action as StaffAction,
      ...(version === "none" ? {} : { version: version === "stale" ? current - 1 : current }),
      ...(act.withFields ? fields(act.to) : {}),
    }),
  );
  return settle(rig, c, expected, got, `${said}: ${act.action} by ${label(rig, act.who.id)}`);
}

const CORRECTION = { data: SAMPLE_ANSWERS, changed: {}, materials: [], replaced: [] };

async function applicantStep(
  rig: Rig,
  world: World,
  c: CaseModel,
  action: "withdraw" | "resubmit",
  who: { stranger: boolean; stale: boolean },
  said: string,
) {
  const version = lastChecked(c).row.version;
  const expected = modelApplicantAct(c, world.now, action, who);
  const person = who.stranger ? rig.stranger : rig.applicant;
  const got = await attempt(() =>
    applicantAct(rig.t.platform.database.db, engineDeps(rig, world.now), person, c.id, action, {
      ...(who.stale ? { version: version - 1 } : {}),
      ...(action === "resubmit" ? { correction: CORRECTION } : {}),
    }),
  );
  return settle(rig, c, expected, got, `${said}: ${action}`);
}

abstract class Step implements fc.AsyncCommand<World, Rig> {
  constructor(
    /** Which of the run's cases (there are at most two) the step is about, modulo their number. */
    readonly slot: number,
    /** How long after the step before it this one is taken. */
    readonly minutes: number,
  ) {}
  check(_world: Readonly<World>): boolean {
    return true;
  }
  /** Does the step; answers the cases it changed (a refusal changed none), to check against the model. */
  abstract act(world: World, rig: Rig, c: CaseModel): Promise<CaseModel[]>;
  abstract describe(): string;
  async run(world: World, rig: Rig): Promise<void> {
    world.now = later(world.now, this.minutes * 60_000);
    const c = world.cases[this.slot % world.cases.length] as CaseModel;
    for (const changed of await this.act(world, rig, c)) await verifyCase(rig, changed, world.now);
  }
  toString(): string {
    return `${this.describe()}${this.minutes ? ` +${this.minutes}min` : ""}`;
  }
}

const FORWARD = ["accept", "complete", "grant", "issue", "deliver", "resume", "resubmit"];
const DETOURS = [
  "claim",
  "release",
  "assign",
  "transfer",
  "request_supplement",
  "return",
  "pause",
  "reject",
  "deny",
];

/**
 * A step someone may take now, by one who may (the holder, or someone of the task's role): along the
 * main path, so runs get deep into the process, or aside — handing tasks around, supplements, special
 * procedures, returns, refusals.
 */
export class Take extends Step {
  constructor(
    readonly kind: "forward" | "detour",
    slot: number,
    readonly pick: number,
    minutes: number,
  ) {
    super(slot, minutes);
  }
  moves(world: Readonly<World>): (TaskAct | "resubmit")[] {
    const c = world.cases[this.slot % world.cases.length];
    if (!c) return [];
    const actions = (this.kind === "forward" ? FORWARD : DETOURS).filter((a) => allowed(c).includes(a));
    const moves: (TaskAct | "resubmit")[] = actions.includes("resubmit") ? ["resubmit"] : [];
    for (const task of c.open) {
      const able = world.staff.filter((s) => fits(s, task, c));
      const who = able.find((s) => s.id === task.assignee) ?? able[this.pick % able.length];
      const others = able.filter((s) => s !== who);
      const to = others[this.pick % Math.max(others.length, 1)] ?? who;
      for (const action of actions.filter((a) => !APPLICANT.includes(a))) {
        if (who) moves.push({ action, who, task, stale: false, withFields: true, to });
      }
    }
    return moves;
  }
  override check(world: Readonly<World>): boolean {
    return this.moves(world).length > 0;
  }
  describe(): string {
    return `${this.kind}(case ${this.slot}, pick ${this.pick})`;
  }
  async act(world: World, rig: Rig, c: CaseModel): Promise<CaseModel[]> {
    const moves = this.moves(world);
    const move = moves[this.pick % moves.length];
    if (!move) return [];
    const unchanged = { stranger: false, stale: false };
    const changed =
      move === "resubmit"
        ? await applicantStep(rig, world, c, move, unchanged, this.describe())
        : await staffStep(rig, world, c, move, "none", this.describe());
    return changed ? [c] : [];
  }
}

export type Pick = { how: "holder" | "fit" | "any"; i: number };

/** Any staff action, on an open or a finished task, by anyone, stale or not, with or without its fields. */
export class Act extends Step {
  constructor(
    slot: number,
    readonly action: string,
    readonly target: { open: boolean; i: number },
    readonly by: Pick,
    readonly version: Version,
    readonly withFields: boolean,
    readonly to: Pick | "outsider",
    minutes: number,
  ) {
    super(slot, minutes);
  }
  describe(): string {
    const task = `${this.target.open ? "open" : "finished"} task ${this.target.i}`;
    const to = this.to === "outsider" ? "outsider" : `${this.to.how} ${this.to.i}`;
    const rest = `version ${this.version}, ${this.withFields ? "fields" : "no fields"}, to ${to}`;
    return `act(case ${this.slot}, ${this.action}, ${task}, by ${this.by.how} ${this.by.i}, ${rest})`;
  }
  async act(world: World, rig: Rig, c: CaseModel): Promise<CaseModel[]> {
    const finished = lastChecked(c)
      .tasks.filter((x) => x.status !== "open")
      .map((x) => ({ id: x.id, role: x.role, departmentId: x.department_id, assignee: null }));
    const tasks = this.target.open && c.open.length > 0 ? c.open : finished.length > 0 ? finished : c.open;
    const task = tasks[this.target.i % tasks.length];
    if (!task) return [];
    const choose = (p: Pick): Staff => {
      const holder = world.staff.find((s) => s.id === task.assignee);
      if (p.how === "holder" && holder) return holder;
      const able = world.staff.filter((s) => fits(s, task, c));
      const from = p.how === "any" || able.length === 0 ? world.staff : able;
      return from[p.i % from.length] as Staff;
    };
    // The clerk of the neighbouring county: no task of these cases may be handed to them.
    const to =
      this.to === "outsider" ? world.staff.find((s) => s.jurisdiction !== c.regionCode) : choose(this.to);
    const { action, withFields, version } = this;
    const act = { action, who: choose(this.by), task, stale: version === "stale", withFields, to };
    return (await staffStep(rig, world, c, act, version, this.describe())) ? [c] : [];
  }
}

/** The applicant (or a stranger) withdraws or resubmits, whatever the state. */
export class Applicant extends Step {
  constructor(
    slot: number,
    readonly action: "withdraw" | "resubmit",
    readonly stranger: boolean,
    readonly stale: boolean,
    minutes: number,
  ) {
    super(slot, minutes);
  }
  describe(): string {
    const who = `${this.stranger ? ", stranger" : ""}${this.stale ? ", stale" : ""}`;
    return `applicant(case ${this.slot}, ${this.action}${who})`;
  }
  async act(world: World, rig: Rig, c: CaseModel): Promise<CaseModel[]> {
    return (await applicantStep(rig, world, c, this.action, this, this.describe())) ? [c] : [];
  }
}

export type Advance =
  | { by: "hours" | "days"; n: number }
  | { by: "mark"; mark: "next" | "warn" | "due" | "statutory" | "supplement" | "escalate"; exact: boolean };

/**
 * Time passes — by hours, by days, or to a case's next mark (exactly at it, or a moment after) — and
 * the timers fire. Every case of the run is checked after, and the sweep's counts against the model's.
 */
export class Timer extends Step {
  constructor(
    slot: number,
    readonly advance: Advance,
  ) {
    super(slot, 0);
  }
  describe(): string {
    const a = this.advance;
    return a.by === "mark"
      ? `timer(${a.exact ? "at" : "past"} ${a.mark} of case ${this.slot})`
      : `timer(+${a.n} ${a.by})`;
  }
  until(world: World, rig: Rig, c: CaseModel): Date {
    const a = this.advance;
    if (a.by !== "mark") return later(world.now, a.n * (a.by === "hours" ? HOUR : 24 * HOUR));
    const clock = clockOf(c, rig.cal);
    const marks = {
      warn: clock.warnAt,
      due: clock.dueAt,
      statutory: clock.statutoryDueAt,
      supplement: c.supplementDueAt,
      escalate: c.overdueAt && later(c.overdueAt, 24 * HOUR),
    };
    const upcoming = Object.values(marks).filter((m): m is Date => m !== null && m > world.now);
    const mark = a.mark === "next" ? upcoming.sort((x, y) => x.getTime() - y.getTime())[0] : marks[a.mark];
    if (!mark || mark <= world.now) return later(world.now, HOUR);
    return a.exact ? mark : later(mark, 1);
  }
  async act(world: World, rig: Rig, c: CaseModel): Promise<CaseModel[]> {
    world.now = this.until(world, rig, c);
    const report = await sweepClocks(rig.t.platform.database.db, engineDeps(rig, world.now));
    const fired = world.cases.flatMap((each) => {
      const events = fireTimers(each, rig.cal, world.now);
      each.events.push(...events);
      return events;
    });
    const count = (action: string) => fired.filter((e) => e === action).length;
    expect(report, `${this.describe()} at ${world.now.toISOString()}`).toEqual({
      warned: count("warning"),
      overdue: count("overdue"),
      escalated: count("escalate"),
      lapsed: count("lapse"),
      deemed: count("deemed_grant"),
    });
    return world.cases;
  }
}

/** Another case: a run holds at most two, so timers and people interleave across them. */
export class Submit extends Step {
  constructor(
    readonly process: Process,
    readonly delivery: DeliveryMethod,
    minutes: number,
  ) {
    super(0, minutes);
  }
  override check(world: Readonly<World>): boolean {
    return world.cases.length < 2;
  }
  describe(): string {
    return `submit(${this.process}, ${this.delivery})`;
  }
  async act(world: World, rig: Rig): Promise<CaseModel[]> {
    const c = await submit(rig, world.now, this.process, this.delivery);
    world.cases.push(c);
    return [c];
  }
}
