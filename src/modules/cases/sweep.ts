import type { Db } from "../../platform/db/database.ts";
import type { JobDefinition } from "../../platform/jobs.ts";
import { calendarFor } from "../calendar/cached.ts";
import { type EngineDeps, SYSTEM, Transition } from "./context.ts";
import { afterTransition } from "./effects.ts";
import * as pauseStore from "./pauses-store.ts";
import { startStage } from "./stages.ts";
import * as store from "./store.ts";
import type { CaseRow } from "./tables.ts";
import * as taskStore from "./tasks-store.ts";

/**
 * The clock's timers, run every few minutes by one server (a pg-boss schedule): a warning at 80% of
 * the promised time (yellow), overdue at the due date (red) — each told to the handlers — and a
 * working day later the nearest supervisors; a supplement not answered in time lapses the case
 * (视为撤回); where the item says silence is consent, the statutory limit passing grants it (视为准予).
 * Each case is handled in its own transaction with the case locked, skipping one a person holds this
 * moment, so a timer and a handler never both move a case.
 */
export const SWEEP_JOB = "cases.clock-sweep";
const BATCH = 200;

export interface SweepReport {
  warned: number;
  overdue: number;
  escalated: number;
  lapsed: number;
  deemed: number;
}

type Step = { kind: store.SweepKind; counter: keyof SweepReport; apply: (t: Transition) => Promise<boolean> };

const STEPS: Step[] = [
  {
    kind: "lapse",
    counter: "lapsed",
    apply: async (t) => {
      if (t.row.state !== "supplement" || !t.row.supplement_due_at || t.row.supplement_due_at >= t.now)
        return false;
      await taskStore.cancelOpenTasks(t.tx, t.row.province_code, t.row.id, t.now);
      if (t.row.paused_since)
        await pauseStore.endOpenPause(t.tx, t.row.province_code, t.row.id, {
          endedAt: t.now,
          workingDays: 0,
          endedBy: null,
        });
      t.close("lapsed");
      t.happen({ action: "lapse", data: { supplementDueAt: t.row.supplement_due_at } }, "closed");
      return true;
    },
  },
  {
    kind: "deem",
    counter: "deemed",
    apply: async (t) => {
      if (!running(t.row) || t.row.decision || !t.row.statutory_due_at || t.row.statutory_due_at >= t.now)
        return false;
      const decision = (t.row.plan as { stages: { kind: string }[] }).stages.findIndex(
        (s) => s.kind === "decision",
      );
      await taskStore.cancelOpenTasks(t.tx, t.row.province_code, t.row.id, t.now);
      t.set({ decision: "deemed_granted", decided_at: t.now, stage_index: decision });
      // No end state of its own: like a grant, it ends where the next stage puts the case (issuance, or
      // delivery at a window), so the next event begins where this one ended. Naming "decision" here
      // left the log saying the case stood at its decision while it waited at delivery.
      t.happen({ action: "deemed_grant", data: { statutoryDueAt: t.row.statutory_due_at } });
      await startStage(t, decision + 1);
      return true;
    },
  },
  {
    kind: "warn",
    counter: "warned",
    apply: async (t) => {
      if (!running(t.row) || t.row.warned_at || !t.row.warn_at || t.row.warn_at > t.now) return false;
      t.set({ warned_at: t.now });
      t.happen({ action: "warning", data: { dueAt: t.row.due_at } });
      return true;
    },
  },
  {
    kind: "overdue",
    counter: "overdue",
    apply: async (t) => {
      if (!running(t.row) || t.row.overdue_at || !t.row.due_at || t.row.due_at >= t.now) return false;
      t.set({ overdue_at: t.now, warned_at: t.row.warned_at ?? t.now });
      t.happen({ action: "overdue", data: { dueAt: t.row.due_at } });
      return true;
    },
  },
  {
    kind: "escalate",
    counter: "escalated",
    apply: async (t) => {
      if (!running(t.row) || !t.row.overdue_at || t.row.escalated_at) return false;
      // A working day after it went red, unless it was put right in the meantime. Days it spent paused
      // since (a supplement, a special procedure) are not counted: they are no more the handlers'
      // than they are the clock's, and counting them escalated a case the moment it came back.
      const since = t.calendar.workingDaysBetween(t.row.overdue_at, t.now).days;
      const paused = await pauseStore.pausedDaysSince(t.tx, t.row.province_code, t.row.id, t.row.overdue_at);
      if (since - paused < 1) return false;
      t.set({ escalated_at: t.now });
      t.happen({ action: "escalate", data: { dueAt: t.row.due_at, overdueAt: t.row.overdue_at } });
      return true;
    },
  },
];

function running(row: CaseRow): boolean {
  return row.accepted_at !== null && !["closed", "paused", "supplement"].includes(row.state);
}

export async function sweepClocks(db: Db, deps: EngineDeps): Promise<SweepReport> {
  const report: SweepReport = { warned: 0, overdue: 0, escalated: 0, lapsed: 0, deemed: 0 };
  const now = deps.now ?? new Date();
  for (const step of STEPS) {
    for (const { id, province } of await store.clockCandidates(db, step.kind, now, BATCH)) {
      const moved = await db.transaction().execute(async (tx) => {
        const row = await store.lockCaseForTimer(tx, province, id);
        if (!row) return false;
        const t = new Transition(tx, deps, SYSTEM, row, await calendarFor(tx, row.region_code), now);
        if (!(await step.apply(t))) return false;
        await t.commit();
        await afterTransition(t);
        return true;
      });
      if (moved) report[step.counter] += 1;
    }
  }
  return report;
}

export const sweepJob: JobDefinition = {
  name: SWEEP_JOB,
  schedule: { cron: "*/5 * * * *", tz: "Asia/Shanghai" },
  retryLimit: 1,
  run: async (_data, { db, log, config, jobs }) => {
    const report = await sweepClocks(db, { jobs, config });
    if (Object.values(report).some((n) => n > 0)) log.info({ report }, "case clocks swept");
  },
};
