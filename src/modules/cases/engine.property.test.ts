import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/policy.ts";
import { verifyCase } from "./engine-checks.ts";
import type { DeliveryMethod } from "./engine-model.ts";
import { buildRig, engineDeps, PROCESSES, type Rig, retire, submit, type World } from "./engine-rig.ts";
import { Act, Applicant, Submit, Take, Timer, type Version } from "./engine-steps.ts";
import { actOnTask, sweepClocks } from "./service.ts";
import { STAFF_ACTIONS } from "./states.ts";
import { caseTestApp } from "./testing.ts";

/**
 * State-machine properties of the case engine (issue 10): random interleavings of submission, intake,
 * supplements answered or let lapse, review, returns, special procedures, decision, withdrawal, tasks
 * handed around and timers firing never bring a case to a state its definition forbids, and its clock
 * never counts a paused day. Each step is first put to a model (engine-model.ts, engine-model-clock.ts),
 * then made through the engine's service functions (engine-steps.ts), and the database is held to the
 * model after it (engine-checks.ts).
 *
 * One database serves every run (engine-rig.ts): each run opens its own cases at a random moment of
 * 2026 — a year whose holidays and make-up working days the calendar has — and retires them when it
 * ends, so one run's timers never find another's cases. On failure fast-check prints the seed, the
 * path and the shrunk steps; to replay, give `seed` and `path` to `fc.assert` and the printed
 * `replayPath` to `fc.commands`.
 */
const SEED = 20_261_128;
const RUNS = 100;

let rig: Rig;
beforeAll(async () => {
  rig = await buildRig(await caseTestApp());
});
afterAll(() => rig?.t.close());

const db = () => rig.t.platform.database.db;
const later = (at: Date, ms: number) => new Date(at.getTime() + ms);
const HOUR = 3_600_000;

const weighted = <T>(often: T, rarely: T) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(often) }, { weight: 1, arbitrary: fc.constant(rarely) });
const minutes = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600 }));
const slot = fc.nat({ max: 1 });
const pick = fc.record({
  how: fc.constantFrom("holder" as const, "fit" as const, "any" as const),
  i: fc.nat(7),
});
const anyProcess = fc.constantFrom(...PROCESSES);
const anyDelivery = fc.constantFrom<DeliveryMethod>("download", "pickup", "post");

const take = (kind: "forward" | "detour") =>
  fc.record({ slot, pick: fc.nat(7), minutes }).map((r) => new Take(kind, r.slot, r.pick, r.minutes));
const act = fc
  .record({
    slot,
    action: fc.constantFrom(...STAFF_ACTIONS),
    target: fc.record({ open: weighted(true, false), i: fc.nat(3) }),
    by: pick,
    version: fc.constantFrom<Version>("none", "none", "current", "stale"),
    withFields: weighted(true, false),
    to: fc.oneof({ weight: 3, arbitrary: pick }, { weight: 1, arbitrary: fc.constant("outsider" as const) }),
    minutes,
  })
  .map((r) => new Act(r.slot, r.action, r.target, r.by, r.version, r.withFields, r.to, r.minutes));
const applicant = fc
  .record({
    slot,
    action: fc.constantFrom("withdraw" as const, "resubmit" as const),
    stranger: weighted(false, true),
    stale: weighted(false, true),
    minutes,
  })
  .map((r) => new Applicant(r.slot, r.action, r.stranger, r.stale, r.minutes));
const marks = ["warn", "due", "statutory", "supplement", "escalate"] as const;
const timer = fc
  .record({
    slot,
    advance: fc.oneof(
      fc.record({
        by: fc.constantFrom("hours" as const, "days" as const),
        n: fc.integer({ min: 1, max: 9 }),
      }),
      fc.record({ by: fc.constant("mark" as const), mark: fc.constantFrom(...marks), exact: fc.boolean() }),
      fc.record({
        by: fc.constant("mark" as const),
        mark: fc.constant("next" as const),
        exact: fc.boolean(),
      }),
    ),
  })
  .map((r) => new Timer(r.slot, r.advance));
const another = fc
  .record({ process: anyProcess, delivery: anyDelivery, minutes })
  .map((r) => new Submit(r.process, r.delivery, r.minutes));

/** Some moment of 2026, China time. */
const start = fc
  .integer({ min: Date.parse("2026-01-01T00:00:00+08:00"), max: Date.parse("2026-11-20T00:00:00+08:00") })
  .map((ms) => new Date(ms));

// Steps along the main path weigh most, so that runs get past intake; then time, detours, mischief.
const kinds: fc.Arbitrary<fc.AsyncCommand<World, Rig>>[] = [
  ...[take("forward"), take("forward"), take("forward"), take("detour"), take("detour")],
  ...[act, act, applicant, timer, timer, timer, another],
];
const steps = fc.commands(kinds, { maxCommands: 36, size: "max" });

describe("the case engine under random interleavings", () => {
  it("never reaches a state its definition forbids, and never counts a paused day", async () => {
    await fc.assert(
      fc.asyncProperty(start, anyProcess, anyDelivery, steps, async (at, first, method, commands) => {
        const world: World = { cases: [], now: at, staff: rig.pool };
        try {
          await fc.asyncModelRun(async () => {
            const c = await submit(rig, at, first, method);
            world.cases.push(c);
            await verifyCase(rig, c, at);
            return { model: world, real: rig };
          }, commands);
        } finally {
          await retire(rig, world.cases);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});

describe("what the properties found", () => {
  const staff = (role: string) => rig.actors.get(rig.pool.find((s) => s.role === role)?.id ?? "") as Actor;
  const openTask = (caseId: string) =>
    db()
      .selectFrom("case_tasks")
      .selectAll()
      .where("case_id", "=", caseId)
      .where("status", "=", "open")
      .executeTakeFirstOrThrow();
  const caseRow = (id: string) =>
    db().selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  // Monday 2 March 2026, 09:00 in China: no holiday near it.
  const monday = new Date("2026-03-02T09:00:00+08:00");
  const day = (n: number, hour = 9) => later(monday, n * 24 * HOUR + (hour - 9) * HOUR);

  it("records a deemed grant as ending where the case went next, so the next event begins there", async () => {
    const c = await submit(rig, monday, "deemed", "pickup");
    try {
      await actOnTask(db(), engineDeps(rig, monday), staff("window_clerk"), (await openTask(c.id)).id, {
        action: "accept",
      });
      const accepted = await caseRow(c.id);
      await sweepClocks(db(), engineDeps(rig, later(accepted.statutory_due_at as Date, 1)));
      const events = await db()
        .selectFrom("case_events")
        .select(["action", "from_state", "to_state"])
        .where("case_id", "=", c.id)
        .orderBy("seq")
        .execute();
      // Delivery at a window waits for the clerk: the grant's event must not leave the case at its decision.
      expect(events.map((e) => [e.action, e.from_state, e.to_state])).toEqual([
        ["submit", null, "intake"],
        ["accept", "intake", "review"],
        ["deemed_grant", "review", "delivery"],
        ["warning", "delivery", "delivery"],
        ["overdue", "delivery", "delivery"],
      ]);
      expect((await caseRow(c.id)).state).toBe("delivery");
    } finally {
      await retire(rig, [c]);
    }
  });

  it("escalates an overdue case a counted working day after it went red, not counting a pause since", async () => {
    const c = await submit(rig, monday, "derived", "download");
    try {
      await actOnTask(db(), engineDeps(rig, monday), staff("window_clerk"), (await openTask(c.id)).id, {
        action: "accept",
      });
      // Five promised working days: due at the end of Monday 9 March, red on the Tuesday.
      await sweepClocks(db(), engineDeps(rig, day(8)));
      expect((await caseRow(c.id)).overdue_at).toEqual(day(8));
      const review = (await openTask(c.id)).id;
      const reviewer = staff("reviewer");
      await actOnTask(db(), engineDeps(rig, day(8, 10)), reviewer, review, {
        action: "pause",
        procedure: "expert_review",
        reason: "需组织专家评审",
      });
      await actOnTask(db(), engineDeps(rig, day(11, 10)), reviewer, review, { action: "resume" });
      // Wednesday to Friday were the experts': no working day of the handlers' has passed since red.
      expect((await sweepClocks(db(), engineDeps(rig, day(11, 11)))).escalated).toBe(0);
      expect((await caseRow(c.id)).escalated_at).toBeNull();
      // Monday 16 March is one.
      await sweepClocks(db(), engineDeps(rig, day(14)));
      expect((await caseRow(c.id)).escalated_at).toEqual(day(14));
    } finally {
      await retire(rig, [c]);
    }
  });
});
