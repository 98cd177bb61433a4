import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { someone } from "../mandates/testing.ts";
import {
  act,
  applyOnline,
  type CaseWorld,
  call,
  caseTestApp,
  caseWorld,
  openTask,
  staffOf,
  taskAt,
} from "./testing.ts";

let t: TestApp;
let w: CaseWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
});
afterAll(() => t.close());

const caseOf = async (who: { cookie: string }, id: string) =>
  (await call(t, who, "GET", `/api/v1/cases/${id}`)).json();

describe("a case from submission to delivery", () => {
  it("is accepted, reviewed, granted, issued and delivered, and the applicant sees every step", async () => {
    const { caseId, number } = await applyOnline(w);
    expect(number).toMatch(/^330523\d{8}\d{6}$/);

    const submitted = await caseOf(w.applicant, caseId);
    expect(submitted).toMatchObject({
      state: "intake",
      clock: { colour: "none" },
      allowedActions: ["withdraw"],
    });
    expect(submitted.materials).toEqual([expect.objectContaining({ key: "application", source: "upload" })]);

    // The clerk finds it on the worklist, due first, and accepts it: the clock starts.
    const worklist = (await call(t, w.clerk, "GET", "/api/v1/work/tasks")).json();
    const intake = worklist.items.find((i: { case: { id: string } }) => i.case.id === caseId);
    expect(intake).toMatchObject({ stageKind: "intake", case: { number, applicantName: "王小明" } });
    const accepted = await act(t, w.clerk, intake.taskId, { action: "accept", version: intake.taskVersion });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ state: "review", clock: { colour: "green", promisedDays: 5 } });
    expect(accepted.json().clock.dueAt).not.toBeNull();

    const review = await taskAt(t, caseId, "review");
    expect((await act(t, w.reviewer, review.id, { action: "complete", opinion: "agree" })).statusCode).toBe(
      200,
    );
    const decision = await taskAt(t, caseId, "decision");
    const granted = await act(t, w.approver, decision.id, {
      action: "grant",
      reason: "材料齐全，符合法定条件",
      legalBasis: "《中华人民共和国食品安全法》第三十五条",
    });
    expect(granted.json()).toMatchObject({ state: "issuance", decision: "granted" });

    const issuance = await taskAt(t, caseId, "issuance");
    const issued = await act(t, w.reviewer, issuance.id, { action: "issue" });
    expect(issued.statusCode).toBe(200);
    // Delivery by download hands over at once: the case is closed (办结).
    expect(issued.json()).toMatchObject({
      state: "closed",
      outcome: "granted",
      clock: { colour: "stopped" },
    });
    const licenceId = issued.json().licenceId as string;
    const verification = await call(t, undefined, "GET", `/api/v1/licences/${licenceId}/verification`);
    expect(verification.json()).toMatchObject({ genuine: true, status: "valid" });

    const timeline = (await call(t, w.applicant, "GET", `/api/v1/cases/${number}/timeline`)).json();
    expect(timeline.map((e: { action: string }) => e.action)).toEqual([
      "submit",
      "accept",
      "complete",
      "grant",
      "issue",
      "deliver",
      "close",
    ]);
    // Taken in at the comprehensive window (一窗受理), reviewed by the line's bureau.
    expect(timeline[1].department.zh).toBe("安吉县政务服务中心");
    expect(timeline[2].department.zh).toBe("安吉县市场监督管理局");
    expect(timeline[1]).not.toHaveProperty("staffName");
    const staffTimeline = (await call(t, w.clerk, "GET", `/api/v1/cases/${caseId}/timeline`)).json();
    expect(staffTimeline[1].staffName).toBe("Test window_clerk");
  });

  it("answers an action the state does not allow with 409 and what is allowed", async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    const response = await act(t, w.clerk, intake.id, { action: "grant", reason: "x", legalBasis: "y" });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: "case_action_not_allowed" });
    expect(response.json().allowed).toEqual(
      expect.arrayContaining(["accept", "reject", "request_supplement", "claim"]),
    );
    expect(response.json().allowed).not.toContain("grant");
  });

  it("refuses a stale task version and lets one of two clerks accept", async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    const other = await staffOf(t, "window_clerk");
    const [a, b] = await Promise.all([
      act(t, w.clerk, intake.id, { action: "accept", version: intake.version }),
      act(t, other, intake.id, { action: "accept", version: intake.version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(["case_task_stale", "case_task_closed"]).toContain(loser.json().code);
    const events = await t.platform.database.db
      .selectFrom("case_events")
      .select("action")
      .where("case_id", "=", caseId)
      .where("action", "=", "accept")
      .execute();
    expect(events).toHaveLength(1);
  });

  it("asks for everything missing at once, and takes the corrected application back", async () => {
    const { caseId, applicationId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    const asked = await act(t, w.clerk, intake.id, {
      action: "request_supplement",
      items: [
        { field: "area", problem: "经营面积与平面图不符" },
        { material: "layout", problem: "缺少经营场所平面图" },
      ],
    });
    expect(asked.json()).toMatchObject({ state: "supplement" });
    const seen = await caseOf(w.applicant, caseId);
    expect(seen.supplement.items).toHaveLength(2);
    expect(seen.allowedActions).toEqual(["resubmit", "withdraw"]);

    const saved = await call(t, w.applicant, "PATCH", `/api/v1/applications/${applicationId}`, {
      answers: { area: 60 },
    });
    expect(saved.statusCode).toBe(200);
    const back = await call(t, w.applicant, "POST", `/api/v1/applications/${applicationId}/resubmission`, {});
    expect(back.statusCode).toBe(200);
    const after = await caseOf(w.clerk, caseId);
    expect(after).toMatchObject({ state: "intake", data: { area: 60 } });
    const events = (await call(t, w.clerk, "GET", `/api/v1/cases/${caseId}/timeline`)).json();
    expect(events.at(-1)).toMatchObject({
      action: "resubmit",
      data: { changed: { area: { from: 45, to: 60 } } },
    });
    // A draft no supplement waits for cannot be resubmitted.
    const again = await call(
      t,
      w.applicant,
      "POST",
      `/api/v1/applications/${applicationId}/resubmission`,
      {},
    );
    expect(again.statusCode).toBe(409);
  });

  it("lets the applicant withdraw before the decision, and not after", async () => {
    const { caseId } = await applyOnline(w);
    const withdrawn = await call(t, w.applicant, "POST", `/api/v1/cases/${caseId}/withdrawal`, {
      reason: "不开店了",
    });
    expect(withdrawn.json()).toMatchObject({ state: "closed", outcome: "withdrawn" });
    expect(await openTask(t, caseId)).toHaveLength(0);
    const twice = await call(t, w.applicant, "POST", `/api/v1/cases/${caseId}/withdrawal`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().allowed).toEqual([]);
  });

  it("shows a case to no one else: another applicant gets 404", async () => {
    const { caseId, number } = await applyOnline(w);
    const stranger = await someone(t, { name: "李四" });
    for (const url of [`/api/v1/cases/${caseId}`, `/api/v1/cases/${number}/timeline`]) {
      expect((await call(t, stranger, "GET", url)).statusCode).toBe(404);
    }
    expect((await call(t, stranger, "POST", `/api/v1/cases/${caseId}/withdrawal`, {})).statusCode).toBe(404);
  });
});

describe("the events", () => {
  it("say where each step began and ended", async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    await act(t, w.clerk, intake.id, { action: "accept" });
    const review = await taskAt(t, caseId, "review");
    await act(t, w.reviewer, review.id, { action: "complete", opinion: "agree" });
    const decision = await taskAt(t, caseId, "decision");
    await act(t, w.approver, decision.id, { action: "deny", reason: "不符合条件", legalBasis: "第三十五条" });
    const events = await t.platform.database.db
      .selectFrom("case_events")
      .select(["action", "from_state", "to_state"])
      .where("case_id", "=", caseId)
      .orderBy("seq")
      .execute();
    expect(events.map((e) => [e.action, e.from_state, e.to_state])).toEqual([
      ["submit", null, "intake"],
      ["accept", "intake", "review"],
      ["complete", "review", "decision"],
      ["deny", "decision", "closed"],
    ]);
  });
});
