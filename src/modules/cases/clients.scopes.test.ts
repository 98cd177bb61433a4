import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import type { ClientScope } from "../clients/service.ts";
import { apiClient, type TestClient } from "../clients/testing.ts";
import { getCase, myWorklist } from "./service.ts";
import { act, applyOnline, type CaseWorld, caseTestApp, caseWorld, taskAt } from "./testing.ts";

/**
 * A department's system working cases (docs/govstack-design.md, section 2.7): with `case.work` the
 * window clerk's and the reviewer's tasks of its own department within its region, with `case.decide`
 * the approver's; never holding a task, never another department's.
 */

let t: TestApp;
let w: CaseWorld;
let departments: { window: string; bureau: string; civil: string; nextCounty: string };
/** The county's comprehensive window (intake), its market regulation bureau (review, decision). */
let windowSystem: TestClient;
let bureauWorker: TestClient;
let bureauDecider: TestClient;
/** Another department of the county, and the same bureau in the next county. */
let civilAffairs: TestClient;
let nextCounty: TestClient;
let submitOnly: TestClient;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  const db = t.platform.database.db;
  departments = {
    window: await department(db, "330523"),
    bureau: await department(db, "330523", "market_regulation"),
    civil: await department(db, "330523", "civil_affairs"),
    nextCounty: await department(db, "330522", "market_regulation"),
  };
  windowSystem = await apiClient(db, departments.window, ["case.work"]);
  bureauWorker = await apiClient(db, departments.bureau, ["case.work"]);
  bureauDecider = await apiClient(db, departments.bureau, ["case.decide"]);
  civilAffairs = await apiClient(db, departments.civil, ["case.work", "case.decide"]);
  nextCounty = await apiClient(db, departments.nextCounty, ["case.work", "case.decide"]);
  submitOnly = await apiClient(db, departments.bureau, ["application.submit"]);
});
afterAll(() => t.close());

const db = () => t.platform.database.db;

const as = (client: TestClient, method: "GET" | "POST", url: string, payload?: object) =>
  t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) });

const actAs = (client: TestClient, taskId: string, body: object) =>
  as(client, "POST", `/api/v1/work/tasks/${taskId}/actions`, body);

async function worklistCases(client: TestClient): Promise<string[]> {
  const response = await as(client, "GET", "/api/v1/work/tasks?limit=200");
  expect(response.statusCode).toBe(200);
  return response.json().items.map((i: { case: { id: string } }) => i.case.id);
}

/** The client as the API resolves it. */
const actorOf = (client: TestClient, departmentId: string, scopes: ClientScope[]): Actor => ({
  kind: "client",
  id: client.id,
  name: "测试用部门系统",
  departmentId,
  regionCode: departmentId === departments.nextCounty ? "330522" : "330523",
  scopes,
});

async function lastEvent(caseId: string) {
  return db()
    .selectFrom("case_events")
    .select(["action", "actor_kind", "actor_id"])
    .where("case_id", "=", caseId)
    .orderBy("seq", "desc")
    .executeTakeFirstOrThrow();
}

/** A case the window system has taken in: in review at the bureau. */
async function inReview(): Promise<string> {
  const { caseId } = await applyOnline(w);
  const intake = await taskAt(t, caseId, "intake");
  expect((await actAs(windowSystem, intake.id, { action: "accept" })).statusCode).toBe(200);
  return caseId;
}

describe("worklists of department systems (GET /api/v1/work/tasks)", () => {
  it("+ the window's system has the intake task; the bureau's systems do not", async () => {
    const { caseId } = await applyOnline(w);
    expect(await worklistCases(windowSystem)).toContain(caseId);
    expect(await worklistCases(bureauWorker)).not.toContain(caseId);
    expect(await worklistCases(bureauDecider)).not.toContain(caseId);
  });

  it("+ once in review, the bureau's working system has it, its deciding system not yet", async () => {
    const caseId = await inReview();
    expect(await worklistCases(bureauWorker)).toContain(caseId);
    expect(await worklistCases(bureauDecider)).not.toContain(caseId);
    expect(await worklistCases(windowSystem)).not.toContain(caseId);
  });

  it("− another department's system, and the same bureau's in the next county, see none of it", async () => {
    const caseId = await inReview();
    expect(await worklistCases(civilAffairs)).not.toContain(caseId);
    expect(await worklistCases(nextCounty)).not.toContain(caseId);
    expect((await as(civilAffairs, "GET", `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await as(nextCounty, "GET", `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
  });

  it("− a system that only submits has no worklist (403) and reads no case it did not submit (404)", async () => {
    const { caseId } = await applyOnline(w);
    expect((await as(submitOnly, "GET", "/api/v1/work/tasks")).statusCode).toBe(403);
    expect((await as(submitOnly, "GET", `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
  });

  it("+ filters by offering and by holder, each item naming its offering, item and when it was made", async () => {
    const { caseId } = await applyOnline(w);
    const actor = actorOf(windowSystem, departments.window, ["case.work"]);
    const page = { limit: 200, offset: 0 };
    const byOffering = await myWorklist(db(), actor, { ...page, offeringId: w.offeringId });
    const item = byOffering.items.find((i) => i.caseId === caseId);
    expect(item).toMatchObject({
      offeringId: w.offeringId,
      itemCode: w.itemCode,
      itemVersion: 1,
      stageKind: "intake",
      createdAt: expect.any(Date),
    });
    expect((await myWorklist(db(), actor, { ...page, offeringId: randomUUID() })).items).toEqual([]);
    expect((await myWorklist(db(), actor, { ...page, offeringId: "not-an-id" })).total).toBe(0);

    const intake = await taskAt(t, caseId, "intake");
    await act(t, w.clerk, intake.id, { action: "claim" });
    const held = await myWorklist(db(), actor, { ...page, assigneeId: w.clerk.id });
    expect(held.items.map((i) => i.caseId)).toEqual([caseId]);
    expect((await myWorklist(db(), actor, { ...page, assigneeId: randomUUID() })).items).toEqual([]);
  });

  it("+ the same filters on the native route; − one longer than an id 400", async () => {
    const { caseId } = await applyOnline(w);
    const url = (query: string) => `/api/v1/work/tasks?limit=200&${query}`;
    const byOffering = await as(windowSystem, "GET", url(`offering=${w.offeringId}`));
    expect(byOffering.json().items.map((i: { case: { id: string } }) => i.case.id)).toContain(caseId);
    const other = await as(windowSystem, "GET", url(`offering=${randomUUID()}`));
    expect(other.json()).toMatchObject({ total: 0, items: [] });
    const nobody = await as(windowSystem, "GET", url(`assigneeId=${randomUUID()}`));
    expect(nobody.json()).toMatchObject({ total: 0, items: [] });
    expect((await as(windowSystem, "GET", url(`offering=${"x".repeat(41)}`))).statusCode).toBe(400);
  });
});

describe("working tasks (POST /api/v1/work/tasks/{task}/actions)", () => {
  it("+ accepts at intake: the case goes to review, the event is the system's", async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    const response = await actAs(windowSystem, intake.id, { action: "accept", version: intake.version });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ state: "review" });
    expect(await lastEvent(caseId)).toMatchObject({ actor_kind: "client", actor_id: windowSystem.id });
    const done = await db()
      .selectFrom("case_tasks")
      .select(["status", "completed_by", "assignee_id"])
      .where("id", "=", intake.id)
      .executeTakeFirstOrThrow();
    // The event says who did it; the task's holder columns are for staff.
    expect(done).toEqual({ status: "done", completed_by: null, assignee_id: null });
  });

  it("+ asks for a supplement, and + rejects with a reason; − a rejection without one 400", async () => {
    const { caseId: sentBack } = await applyOnline(w);
    const first = await taskAt(t, sentBack, "intake");
    const asked = await actAs(windowSystem, first.id, {
      action: "request_supplement",
      items: [{ material: "layout", problem: "缺少经营场所平面图" }],
    });
    expect(asked.json()).toMatchObject({ state: "supplement" });

    const { caseId: refused } = await applyOnline(w);
    const second = await taskAt(t, refused, "intake");
    const bare = await actAs(windowSystem, second.id, { action: "reject" });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors).toEqual([{ field: "/reason", message: expect.any(String) }]);
    const rejected = await actAs(windowSystem, second.id, {
      action: "reject",
      reason: "不属于本部门受理范围",
    });
    expect(rejected.json()).toMatchObject({ state: "closed", outcome: "rejected" });
    expect(await lastEvent(refused)).toMatchObject({ action: "reject", actor_kind: "client" });
  });

  it("− never holds a task: claiming and assigning 403, releasing 409", async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    expect((await actAs(windowSystem, intake.id, { action: "claim" })).statusCode).toBe(403);
    const assign = await actAs(windowSystem, intake.id, { action: "assign", assignee: w.clerk.id });
    expect(assign.statusCode).toBe(403);
    expect((await actAs(windowSystem, intake.id, { action: "release" })).statusCode).toBe(409);
    const task = await db()
      .selectFrom("case_tasks")
      .select(["assignee_id", "status"])
      .where("id", "=", intake.id)
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ assignee_id: null, status: "open" });
  });

  it("− a task a staff member has claimed is not the system's to act on: 409", async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    expect((await act(t, w.clerk, intake.id, { action: "claim" })).statusCode).toBe(200);
    const response = await actAs(windowSystem, intake.id, { action: "accept" });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe("case_task_assigned_elsewhere");
  });

  it("− another department's task: 403 when it sees the case, 404 when it does not", async () => {
    const caseId = await inReview();
    const review = await taskAt(t, caseId, "review");
    // The case passed through the window, so the window's system sees it, but the review is the bureau's.
    expect((await actAs(windowSystem, review.id, { action: "complete", opinion: "agree" })).statusCode).toBe(
      403,
    );
    expect((await actAs(civilAffairs, review.id, { action: "complete", opinion: "agree" })).statusCode).toBe(
      404,
    );
    expect((await actAs(nextCounty, review.id, { action: "complete", opinion: "agree" })).statusCode).toBe(
      404,
    );
    expect((await taskAt(t, caseId, "review")).id).toBe(review.id);
  });

  it("− case.work on the approver's task 403; + case.decide decides, stating its basis", async () => {
    const caseId = await inReview();
    const review = await taskAt(t, caseId, "review");
    expect((await actAs(bureauWorker, review.id, { action: "complete", opinion: "agree" })).statusCode).toBe(
      200,
    );
    const decision = await taskAt(t, caseId, "decision");
    const grant = {
      action: "grant",
      reason: "材料齐全，符合法定条件",
      legalBasis: "《食品安全法》第三十五条",
    };
    expect((await actAs(bureauWorker, decision.id, grant)).statusCode).toBe(403);
    // The decider does not review.
    expect(await worklistCases(bureauDecider)).toContain(caseId);
    const unfounded = await actAs(bureauDecider, decision.id, { action: "grant", reason: "符合条件" });
    expect(unfounded.statusCode).toBe(400);
    expect(unfounded.json().errors).toEqual([{ field: "/legalBasis", message: expect.any(String) }]);
    const granted = await actAs(bureauDecider, decision.id, grant);
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ state: "issuance", decision: "granted" });
    expect(await lastEvent(caseId)).toMatchObject({ action: "grant", actor_id: bureauDecider.id });
  });
});

describe("the case as a working system sees it", () => {
  it("+ with its tasks (and when each was made) and the handlers' actions, not the applicant's", async () => {
    const caseId = await inReview();
    const view = await getCase(db(), actorOf(bureauWorker, departments.bureau, ["case.work"]), caseId);
    expect(view.tasks?.map((task) => task.stageKind)).toEqual(["intake", "review"]);
    expect(view.tasks?.every((task) => task.createdAt instanceof Date)).toBe(true);
    expect(view.allowedActions).toContain("complete");
    expect(view.allowedActions).not.toContain("withdraw");
    const native = await as(bureauWorker, "GET", `/api/v1/cases/${caseId}`);
    expect(native.statusCode).toBe(200);
    expect(native.json().tasks).toHaveLength(2);
  });
});
