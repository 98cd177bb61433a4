/**
 * What the case engine's property test (engine.property.test.ts) holds the database to after every
 * step, used by nothing else: the case as the model (engine-model.ts) says it must be — its state and
 * open tasks, its events in order, its clock counted day by day, its pauses, what it shows — and a
 * refused command leaving it exactly as it was.
 */
import { expect } from "vitest";
import { inProvince, provinceOfId } from "../../platform/db/distribution.ts";
import { isAppError } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { APPLICANT, allowed, type CaseModel } from "./engine-model.ts";
import { clockOf, openPause, pauseDays, shown } from "./engine-model-clock.ts";
import type { Rig } from "./engine-rig.ts";
import { presentCase } from "./views.ts";

export type Attempt = { ok: true } | { refused: string };

/** A refusal is the project's own 4xx error; anything else thrown is a crash and fails the run as it is. */
export async function attempt(work: () => Promise<unknown>): Promise<Attempt> {
  try {
    await work();
    return { ok: true };
  } catch (error) {
    if (isAppError(error) && error.status >= 400 && error.status < 500) return { refused: error.code };
    throw error;
  }
}

/** Everything of a case a refused command must leave as it was. */
export async function caseState(rig: Rig, caseId: string) {
  const db = rig.t.platform.database.db;
  const row = await db
    .selectFrom("cases")
    .selectAll()
    .where("id", "=", caseId)
    .$call(inProvince(provinceOfId(caseId)))
    .executeTakeFirstOrThrow();
  const province = row.province_code;
  return {
    row,
    tasks: await db
      .selectFrom("case_tasks")
      .selectAll()
      .where("province_code", "=", province)
      .where("case_id", "=", caseId)
      .orderBy("id")
      .execute(),
    events: await db
      .selectFrom("case_events")
      .selectAll()
      .where("province_code", "=", province)
      .where("case_id", "=", caseId)
      .orderBy("seq")
      .execute(),
    pauses: await db
      .selectFrom("case_pauses")
      .selectAll()
      .where("province_code", "=", province)
      .where("case_id", "=", caseId)
      .orderBy("started_at")
      .execute(),
  };
}
export type CaseState = Awaited<ReturnType<typeof caseState>>;

/** Each case as last checked against the model: a refused command must leave it exactly so. */
const checked = new Map<string, CaseState>();
export const lastChecked = (c: CaseModel): CaseState => {
  const state = checked.get(c.id);
  if (!state) throw new Error(`case ${c.id} was never checked`);
  return state;
};

/** A retired case is checked no more. */
export const forget = (c: CaseModel) => checked.delete(c.id);

export const label = (rig: Rig, id: string | null) => {
  const i = rig.pool.findIndex((s) => s.id === id);
  return i < 0 ? String(id) : `${rig.pool[i]?.role}#${i}`;
};

/** The database holds what the model says: state, tasks, events, clock, pauses, and what the case shows. */
export async function verifyCase(rig: Rig, c: CaseModel, now: Date): Promise<void> {
  const state = await caseState(rig, c.id);
  checked.set(c.id, state);
  const { row, tasks, events, pauses } = state;
  for (const task of c.open) {
    task.id ||=
      tasks.find((x) => x.status === "open" && x.stage_index === task.stage && x.task_key === task.key)?.id ??
      "";
  }
  const where = `case ${row.number} after ${c.events.join(" → ")}`;
  expect(
    {
      state: row.state,
      pausedState: row.paused_state,
      stage: row.stage_index,
      decision: row.decision,
      outcome: row.outcome,
      closed: row.closed_at !== null,
    },
    where,
  ).toEqual({
    state: c.state,
    pausedState: c.pausedState,
    stage: c.stage,
    decision: c.decision,
    outcome: c.outcome,
    closed: c.state === "closed",
  });
  // Every open task is one the model expects, at the case's stage: none is open on a closed case.
  const open = tasks.filter((x) => x.status === "open");
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
  expect(
    open
      .map((x) => ({
        stage: x.stage_index,
        key: x.task_key,
        holder: label(rig, x.assignee_id),
        due: x.due_at,
      }))
      .sort(byKey),
    `${where}: open tasks`,
  ).toEqual(
    c.open
      .map((x) => ({ stage: x.stage, key: x.key, holder: label(rig, x.assignee), due: x.dueAt }))
      .sort(byKey),
  );
  if (row.state === "closed") expect(open, `${where}: a closed case has open tasks`).toEqual([]);

  // Events are numbered 1, 2, 3…, each begins where the one before ended, none is dated ahead.
  expect(
    events.map((e) => e.action),
    `${where}: events`,
  ).toEqual(c.events);
  events.forEach((e, i) => {
    const before = events[i - 1];
    expect(e.seq, where).toBe(i + 1);
    expect(e.from_state, `${where}: event ${e.seq} begins elsewhere`).toBe(before ? before.to_state : null);
    expect(e.at.getTime(), where).toBeGreaterThanOrEqual(before?.at.getTime() ?? 0);
    expect(e.at.getTime(), where).toBeLessThanOrEqual(now.getTime());
  });
  expect(events.at(-1)?.to_state, where).toBe(row.state);

  // The clock: the model counts paused days day by day from the holiday table, never asks the engine.
  const clock = clockOf(c, rig.cal);
  expect(
    {
      acceptedAt: row.accepted_at,
      pausedDays: row.paused_days,
      pausedSince: row.paused_since,
      dueAt: row.due_at,
      statutoryDueAt: row.statutory_due_at,
      warnAt: row.warn_at,
      uncertain: row.clock_uncertain,
      supplementDueAt: row.supplement_due_at,
      warnedAt: row.warned_at,
      overdueAt: row.overdue_at,
      escalatedAt: row.escalated_at,
    },
    `${where}: clock`,
  ).toEqual({
    acceptedAt: c.acceptedAt,
    pausedDays: clock.pausedDays,
    pausedSince: openPause(c)?.from ?? null,
    dueAt: clock.dueAt,
    statutoryDueAt: clock.statutoryDueAt,
    warnAt: clock.warnAt,
    uncertain: clock.uncertain,
    supplementDueAt: c.supplementDueAt,
    warnedAt: c.warnedAt,
    overdueAt: c.overdueAt,
    escalatedAt: c.escalatedAt,
  });
  expect(
    pauses.map((p) => ({
      supplement: p.kind === "supplement",
      from: p.started_at,
      to: p.ended_at,
      days: p.working_days,
    })),
    `${where}: pauses`,
  ).toEqual(
    c.pauses.map((p) => ({
      supplement: p.kind === "supplement",
      from: p.from,
      to: p.to,
      days: p.to ? pauseDays(p, rig.cal) : null,
    })),
  );
  const clerk = rig.actors.get(rig.pool[0]?.id ?? "") as Actor;
  const view = await presentCase(rig.t.platform.database.db, clerk, row, now);
  expect({ colour: view.clock.colour, daysLeft: view.clock.daysLeft }, `${where}: clock shown`).toEqual(
    shown(c, rig.cal, now),
  );
  expect([...view.allowedActions].sort(), `${where}: allowed`).toEqual(
    allowed(c)
      .filter((a) => !APPLICANT.includes(a))
      .sort(),
  );
}
