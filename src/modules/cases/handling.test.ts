import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { actOnTask, sweepClocks } from "./service.ts";
import { act, applyOnline, call, caseTestApp, caseWorld, staffOf, taskAt } from "./testing.ts";

let t: TestApp;

beforeAll(async () => {
  t = await caseTestApp();
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const caseRow = (id: string) =>
  db().selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

async function staffActor(staffId: string) {
  const grants = await db()
    .selectFrom("staff_roles")
    .select(["role", "department_id as departmentId", "jurisdiction_code as jurisdictionCode"])
    .where("staff_id", "=", staffId)
    .execute();
  return { kind: "staff" as const, id: staffId, username: "x", displayName: "x", grants };
}

describe("handing tasks around", () => {
  it("claims, refuses another's claim, transfers with a reason, and the new holder acts", async () => {
    const w = await caseWorld(t);
    const colleague = await staffOf(t, "window_clerk");
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    expect((await act(t, w.clerk, intake.id, { action: "claim" })).statusCode).toBe(200);
    const taken = await act(t, colleague, intake.id, { action: "accept" });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe("case_task_assigned_elsewhere");

    const handlers = (await call(t, w.clerk, "GET", `/api/v1/work/tasks/${intake.id}/handlers`)).json();
    expect(handlers.map((h: { id: string }) => h.id)).toContain(colleague.id);
    const noReason = await act(t, w.clerk, intake.id, { action: "transfer", assignee: colleague.id });
    expect(noReason.statusCode).toBe(400);
    const outsider = await staffOf(t, "window_clerk", { region: "330522" });
    const wrong = await act(t, w.clerk, intake.id, {
      action: "transfer",
      assignee: outsider.id,
      reason: "换人",
    });
    expect(wrong.json().code).toBe("case_assignee_not_eligible");
    expect(
      (await act(t, w.clerk, intake.id, { action: "transfer", assignee: colleague.id, reason: "轮岗" }))
        .statusCode,
    ).toBe(200);
    expect((await act(t, colleague, intake.id, { action: "accept" })).json().state).toBe("review");
    // The neighbouring county's clerk cannot see the case at all.
    expect((await call(t, outsider, "GET", `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
  });

  it("two clerks at one task at once: one claim wins, one decision is taken, the other is told why", async () => {
    const w = await caseWorld(t);
    const colleague = await staffOf(t, "window_clerk");
    const claimed = await applyOnline(w);
    const task = await taskAt(t, claimed.caseId, "intake");
    const claims = await Promise.all(
      [w.clerk, colleague].map((who) => act(t, who, task.id, { action: "claim" })),
    );
    expect(claims.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const holder = await db()
      .selectFrom("case_tasks")
      .select("assignee_id")
      .where("id", "=", task.id)
      .executeTakeFirstOrThrow();
    const winner = claims[0]?.statusCode === 200 ? w.clerk : colleague;
    expect(holder.assignee_id).toBe(winner.id);

    // Unclaimed, both accepting and rejecting at the same moment: the case moves once.
    const raced = await applyOnline(w);
    const open = await taskAt(t, raced.caseId, "intake");
    const decisions = await Promise.all([
      act(t, w.clerk, open.id, { action: "accept" }),
      act(t, colleague, open.id, { action: "reject", reason: "材料不全" }),
    ]);
    expect(decisions.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const moves = await db()
      .selectFrom("case_events")
      .select("action")
      .where("case_id", "=", raced.caseId)
      .where("action", "in", ["accept", "reject"])
      .execute();
    expect(moves).toHaveLength(1);
    const won = decisions.find((r) => r.statusCode === 200)?.json().state;
    expect((await caseRow(raced.caseId)).state).toBe(won);
  });

  it("acts on many tasks at once, each on its own", async () => {
    const w = await caseWorld(t);
    const first = await applyOnline(w);
    const second = await applyOnline(w);
    const withdrawn = await applyOnline(w);
    await call(t, w.applicant, "POST", `/api/v1/cases/${withdrawn.caseId}/withdrawal`, {});
    const ids = await Promise.all(
      [first, second, withdrawn].map((c) =>
        db()
          .selectFrom("case_tasks")
          .select("id")
          .where("case_id", "=", c.caseId)
          .where("stage_kind", "=", "intake")
          .executeTakeFirstOrThrow(),
      ),
    );
    const response = await call(t, w.clerk, "POST", "/api/v1/work/tasks/bulk", {
      taskIds: ids.map((x) => x.id),
      action: "accept",
    });
    expect(response.json().results.map((r: { status: number }) => r.status)).toEqual([200, 200, 409]);
    expect((await caseRow(first.caseId)).state).toBe("review");
  });
});

describe("silence and time limits", () => {
  it("closes a case whose supplement was not answered in time", async () => {
    const w = await caseWorld(t);
    const manager = await staffOf(t, "catalog_manager", { jurisdiction: "33" });
    const definition = await call(
      t,
      manager,
      "POST",
      `/api/v1/catalog/items/${w.itemCode}/process-definitions`,
      {
        stages: [
          stage("intake", "intake", "window_clerk", 1),
          stage("review", "review", "reviewer", 2),
          stage("decision", "decision", "approver", 1),
          stage("delivery", "delivery", "window_clerk", 0),
        ],
        supplementDays: 5,
      },
    );
    expect(definition.statusCode).toBe(201);
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    await act(t, w.clerk, intake.id, { action: "request_supplement", items: [{ problem: "缺少平面图" }] });
    const waiting = await caseRow(caseId);
    expect(waiting.supplement_due_at).not.toBeNull();
    const report = await sweepClocks(db(), {
      jobs: t.platform.jobs,
      config: t.platform.config,
      now: new Date((waiting.supplement_due_at as Date).getTime() + 1000),
    });
    expect(report.lapsed).toBe(1);
    expect(await caseRow(caseId)).toMatchObject({ state: "closed", outcome: "lapsed" });
  });

  it("grants a case by law's silence when the item says so, once the statutory limit has passed", async () => {
    const w = await caseWorld(t);
    const manager = await staffOf(t, "catalog_manager", { jurisdiction: "33" });
    await call(t, manager, "POST", `/api/v1/catalog/items/${w.itemCode}/process-definitions`, {
      stages: [
        stage("intake", "intake", "window_clerk", 1),
        stage("review", "review", "reviewer", 2),
        stage("decision", "decision", "approver", 1),
        stage("delivery", "delivery", "window_clerk", 0),
      ],
      onOverdue: "deemed_approval",
    });
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    await actOnTask(
      db(),
      { jobs: t.platform.jobs, config: t.platform.config },
      await staffActor(w.clerk.id),
      intake.id,
      {
        action: "accept",
      },
    );
    const row = await caseRow(caseId);
    await sweepClocks(db(), {
      jobs: t.platform.jobs,
      config: t.platform.config,
      now: new Date((row.statutory_due_at as Date).getTime() + 1000),
    });
    expect(await caseRow(caseId)).toMatchObject({
      state: "closed",
      decision: "deemed_granted",
      outcome: "deemed_granted",
    });
  });
});

function stage(key: string, kind: string, role: string, days: number) {
  return { key, kind, name: { zh: key, en: key }, tasks: [{ key, name: { zh: key, en: key }, role, days }] };
}
