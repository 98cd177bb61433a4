import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { loadCalendar } from "../calendar/service.ts";
import type { ProcessDefinition } from "./definition.ts";
import { actOnTask, type EngineDeps, sweepClocks } from "./service.ts";
import { applyOnline, type CaseWorld, call, caseTestApp, caseWorld, staffOf, taskAt } from "./testing.ts";

let t: TestApp;
let w: CaseWorld;
let deps: (now: Date) => EngineDeps;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  deps = (now) => ({ jobs: t.platform.jobs, config: t.platform.config, now });
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const later = (at: Date, ms: number) => new Date(at.getTime() + ms);
const DAY = 86_400_000;
const actor = (id: string) => ({ kind: "staff" as const, id, username: "x", displayName: "x", grants: [] });

async function staffActor(staffId: string) {
  const grants = await db()
    .selectFrom("staff_roles")
    .select(["role", "department_id as departmentId", "jurisdiction_code as jurisdictionCode"])
    .where("staff_id", "=", staffId)
    .execute();
  return { ...actor(staffId), grants };
}

async function caseRow(id: string) {
  return db().selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function inbox(staffId: string) {
  return db()
    .selectFrom("inbox_messages")
    .select("template")
    .where("recipient_id", "=", staffId)
    .execute()
    .then((rows) => rows.map((r) => r.template));
}

async function accepted(now = new Date()) {
  const { caseId } = await applyOnline(w);
  const intake = await taskAt(t, caseId, "intake");
  await actOnTask(db(), deps(now), await staffActor(w.clerk.id), intake.id, { action: "accept" });
  return caseRow(caseId);
}

async function define(definition: ProcessDefinition) {
  const manager = await staffOf(t, "catalog_manager", { jurisdiction: "33", line: "market_regulation" });
  const saved = await call(
    t,
    manager,
    "POST",
    `/api/v1/catalog/items/${w.itemCode}/process-definitions`,
    definition,
  );
  expect(saved.statusCode).toBe(201);
}

describe("the clock", () => {
  it("warns the handlers at 80%, marks the case overdue, and a working day later tells the supervisor", async () => {
    const supervisor = await staffOf(t, "supervisor", { line: "general_office" });
    const row = await accepted();
    expect(row.warn_at && row.due_at && row.warn_at < row.due_at).toBe(true);

    const warned = await sweepClocks(db(), deps(later(row.warn_at as Date, 1000)));
    expect(warned.warned).toBeGreaterThanOrEqual(1);
    expect(await inbox(w.reviewer.id)).toContain("task.warning");

    const overdueAt = later(row.due_at as Date, 1000);
    expect((await sweepClocks(db(), deps(overdueAt))).overdue).toBeGreaterThanOrEqual(1);
    expect((await caseRow(row.id)).overdue_at).not.toBeNull();
    expect(await inbox(w.reviewer.id)).toContain("task.overdue");
    // A second sweep at the same moment changes nothing.
    const again = await sweepClocks(db(), deps(overdueAt));
    expect(again.overdue + again.warned).toBe(0);

    await sweepClocks(db(), deps(later(overdueAt, 4 * DAY)));
    expect((await caseRow(row.id)).escalated_at).not.toBeNull();
    expect(await inbox(supervisor.id)).toContain("case.escalated");
    const list = await call(t, supervisor, "GET", "/api/v1/work/supervision?level=overdue");
    expect(list.json().map((c: { caseId: string }) => c.caseId)).toContain(row.id);

    const view = (await call(t, w.applicant, "GET", `/api/v1/cases/${row.id}`)).json();
    expect(view.clock.colour).toBe("red");
  });

  it("does not count the working days of a special procedure", async () => {
    const start = new Date();
    const row = await accepted(start);
    const review = await taskAt(t, row.id, "review");
    const reviewer = await staffActor(w.reviewer.id);
    await actOnTask(db(), deps(start), reviewer, review.id, {
      action: "pause",
      procedure: "expert_review",
      reason: "需组织专家评审",
    });
    const resumedAt = later(start, 14 * DAY);
    await actOnTask(db(), deps(resumedAt), reviewer, review.id, { action: "resume" });
    const after = await caseRow(row.id);
    const calendar = await loadCalendar(db(), "330523");
    const paused = calendar.workingDaysBetween(start, resumedAt).days;
    expect(paused).toBeGreaterThanOrEqual(8);
    expect(after.paused_days).toBe(paused);
    expect(after.due_at).toEqual(calendar.addWorkingDays(start, after.promised_days + paused).due);
    const pauses = await db().selectFrom("case_pauses").selectAll().where("case_id", "=", row.id).execute();
    expect(pauses).toEqual([expect.objectContaining({ kind: "expert_review", working_days: paused })]);
  });
});

describe("what the item's process says", () => {
  it("runs reviews of two departments side by side and decides only when both are done", async () => {
    await define({
      stages: [
        {
          key: "intake",
          kind: "intake",
          name: { zh: "受理", en: "Intake" },
          tasks: [task("intake", "window_clerk", 1)],
        },
        {
          key: "joint",
          kind: "review",
          name: { zh: "联合审查", en: "Joint review" },
          tasks: [task("market", "reviewer", 2), { ...task("health", "reviewer", 2), line: "health" }],
        },
        {
          key: "decision",
          kind: "decision",
          name: { zh: "决定", en: "Decision" },
          tasks: [task("decision", "approver", 1)],
        },
        {
          key: "delivery",
          kind: "delivery",
          name: { zh: "送达", en: "Delivery" },
          tasks: [task("delivery", "window_clerk", 0)],
        },
      ],
    });
    const healthReviewer = await staffOf(t, "reviewer", { line: "health" });
    const row = await accepted();
    const tasks = await db()
      .selectFrom("case_tasks")
      .selectAll()
      .where("case_id", "=", row.id)
      .where("status", "=", "open")
      .execute();
    expect(tasks.map((x) => x.task_key).sort()).toEqual(["health", "market"]);
    const market = tasks.find((x) => x.task_key === "market");
    const health = tasks.find((x) => x.task_key === "health");
    if (!market || !health) throw new Error("both reviews must be open");
    // Each department sees only its own task.
    const marketList = (await call(t, w.reviewer, "GET", "/api/v1/work/tasks")).json();
    expect(marketList.items.map((i: { taskId: string }) => i.taskId)).toContain(market.id);
    expect(marketList.items.map((i: { taskId: string }) => i.taskId)).not.toContain(health.id);
    expect(
      (
        await call(t, w.reviewer, "POST", `/api/v1/work/tasks/${health.id}/actions`, {
          action: "complete",
          opinion: "agree",
        })
      ).statusCode,
    ).toBe(403);

    await call(t, healthReviewer, "POST", `/api/v1/work/tasks/${health.id}/actions`, {
      action: "complete",
      opinion: "agree",
    });
    expect((await caseRow(row.id)).state).toBe("review");
    await call(t, w.reviewer, "POST", `/api/v1/work/tasks/${market.id}/actions`, {
      action: "complete",
      opinion: "disagree",
      reason: "场所面积不足",
    });
    expect((await caseRow(row.id)).state).toBe("decision");
    // The decision-maker can send it back to the joint review: both departments get it again.
    const decision = await taskAt(t, row.id, "decision");
    const returned = await call(t, w.approver, "POST", `/api/v1/work/tasks/${decision.id}/actions`, {
      action: "return",
      reason: "请补充现场核查意见",
    });
    expect(returned.json()).toMatchObject({ state: "review" });
    const reopened = await db()
      .selectFrom("case_tasks")
      .selectAll()
      .where("case_id", "=", row.id)
      .where("status", "=", "open")
      .execute();
    expect(reopened.map((x) => [x.task_key, x.assignee_id]).sort()).toEqual([
      ["health", healthReviewer.id],
      ["market", w.reviewer.id],
    ]);
  });

  it("refuses a definition out of order, naming every problem", async () => {
    const manager = await staffOf(t, "catalog_manager", { jurisdiction: "33", line: "market_regulation" });
    const bad = await call(t, manager, "POST", `/api/v1/catalog/items/${w.itemCode}/process-definitions`, {
      stages: [
        {
          key: "decision",
          kind: "decision",
          name: { zh: "决定", en: "Decision" },
          tasks: [task("d", "approver", 400 - 399)],
        },
        {
          key: "intake",
          kind: "intake",
          name: { zh: "受理", en: "Intake" },
          tasks: [{ ...task("i", "window_clerk", 1), line: "no_such_line" }],
        },
        {
          key: "review",
          kind: "review",
          name: { zh: "审查", en: "Review" },
          tasks: [task("r", "reviewer", 30)],
        },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(["/stages/0/kind", "/stages/2/kind", "/stages/1/tasks/0/line", "/stages"]),
    );
  });
});

function task(key: string, role: "window_clerk" | "reviewer" | "approver", days: number) {
  return { key, name: { zh: key, en: key }, role, days };
}
