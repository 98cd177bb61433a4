import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import {
  act,
  applyOnline,
  type CaseWorld,
  call,
  caseTestApp,
  caseWorld,
  type Staff,
  staffOf,
  taskAt,
} from "../cases/testing.ts";

/**
 * A disclosure request (依申请公开) runs on the case engine: an item under the life event "information"
 * with a statutory limit of 20 working days, accepted at the window, answered by the department's
 * approver with one of the four answer types.
 */
let t: TestApp;
let w: CaseWorld;
let otherApprover: Staff;

const REQUEST_ITEM = {
  name: { zh: "政府信息公开申请", en: "Request for disclosure of government information" },
  type: "other" as const,
  events: ["information" as const],
  statutoryDays: 20,
  promisedDays: 15,
  form: {
    schema: {
      type: "object",
      properties: {
        description: { type: "string", title: "所需信息的描述", maxLength: 2000 },
        medium: { type: "string", title: "获取方式", enum: ["纸质", "电子"] },
      },
      required: ["description", "medium"],
    },
    ui: { pages: [{ title: { zh: "所需信息", en: "The information" }, fields: ["description", "medium"] }] },
  },
  steps: [
    { key: "intake", name: { zh: "受理", en: "Intake" }, role: "window_clerk" as const, days: 0 },
    { key: "search", name: { zh: "检索", en: "Search" }, role: "reviewer" as const, days: 10 },
    { key: "reply", name: { zh: "答复", en: "Reply" }, role: "approver" as const, days: 5 },
  ],
};

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t, REQUEST_ITEM);
  otherApprover = await staffOf(t, "approver", { line: "civil_affairs" });
});
afterAll(() => t.close());

/** A request applied for online, accepted and searched: waiting for its answer. */
async function requestAtDecision() {
  const c = await applyOnline(w, {
    answers: { description: "2025 年本县民宿补助资金发放明细", medium: "电子" },
  });
  const intake = await taskAt(t, c.caseId, "intake");
  expect((await act(t, w.clerk, intake.id, { action: "accept" })).statusCode).toBe(200);
  const review = await taskAt(t, c.caseId, "review");
  expect((await act(t, w.reviewer, review.id, { action: "complete", opinion: "agree" })).statusCode).toBe(
    200,
  );
  return c;
}

const answer = (who: Staff, caseId: string, body: object) =>
  call(t, who, "POST", `/api/v1/disclosure/requests/${caseId}/answer`, body);

describe("answering a disclosure request", () => {
  it("runs on 20 working days from acceptance", async () => {
    const c = await requestAtDecision();
    const status = (await call(t, w.approver, "GET", `/api/v1/disclosure/requests/${c.caseId}`)).json();
    expect(status.statutoryDays).toBe(20);
    const accepted = await t.platform.database.db
      .selectFrom("cases")
      .select(["accepted_at", "statutory_due_at"])
      .where("id", "=", c.caseId)
      .executeTakeFirstOrThrow();
    const days =
      ((accepted.statutory_due_at as Date).getTime() - (accepted.accepted_at as Date).getTime()) / 86_400_000;
    // 20 working days are at least 4 calendar weeks, and with a holiday week in between under six.
    expect(days).toBeGreaterThanOrEqual(25);
    expect(days).toBeLessThan(42);
    expect(status.dueAt).toBe((accepted.statutory_due_at as Date).toISOString());
  });

  it.each([
    ["disclosed", {}, "granted"],
    [
      "partly_disclosed",
      { reason: "涉及个人信息的部分不予公开", legalBasis: "《政府信息公开条例》第十五条" },
      "granted",
    ],
    ["not_held", {}, "denied"],
    ["not_disclosable", { reason: "属于国家秘密", legalBasis: "《政府信息公开条例》第十四条" }, "denied"],
  ] as const)("answers %s and the engine decides the case %s", async (type, extra, decision) => {
    const c = await requestAtDecision();
    const response = await answer(w.approver, c.caseId, { answer: type, ...extra });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().answer).toBe(type);
    expect(response.json().legalBasis).not.toBe("");
    const row = await t.platform.database.db
      .selectFrom("cases")
      .select(["decision", "state", "outcome"])
      .where("id", "=", c.caseId)
      .executeTakeFirstOrThrow();
    expect(row.decision).toBe(decision);
    if (decision === "denied") expect(row.outcome).toBe("denied");
    // Granted, it goes on to delivery, which for a download closes it at once.
    else expect(["delivery", "closed"]).toContain(row.state);
    expect(row.outcome === "denied").toBe(decision === "denied");
    const status = (await call(t, w.applicant, "GET", `/api/v1/disclosure/requests/${c.caseId}`)).json();
    expect(status.answer.answer).toBe(type);
  });

  it("refuses not disclosable without a reason and legal ground (400, both named)", async () => {
    const c = await requestAtDecision();
    const response = await answer(w.approver, c.caseId, { answer: "not_disclosable" });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("/reason");
    expect(response.body).toContain("/legalBasis");
  });

  it("is invisible to another department's staff (404) and answered only once (409)", async () => {
    const c = await requestAtDecision();
    expect((await answer(otherApprover, c.caseId, { answer: "disclosed" })).statusCode).toBe(404);
    expect((await answer(w.approver, c.caseId, { answer: "not_held" })).statusCode).toBe(201);
    const twice = await answer(w.approver, c.caseId, { answer: "disclosed" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe("disclosure_answered");
  });

  it("answers from the staff's page without JavaScript, listed among the requests waiting for the approver", async () => {
    const c = await requestAtDecision();
    const list = await call(t, w.approver, "GET", "/work/disclosure/requests");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/work/disclosure/requests/${c.number}`);
    const elsewhere = await call(t, otherApprover, "GET", "/work/disclosure/requests");
    expect(elsewhere.body).not.toContain(c.number);
    const page = await call(t, w.approver, "GET", `/work/disclosure/requests/${c.number}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="answer"');
  });
});
