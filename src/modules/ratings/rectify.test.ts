import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import { loadCalendar } from "../calendar/service.ts";
import { call, caseTestApp, nationalStaff, staffOf } from "../cases/testing.ts";
import { someone } from "../mandates/testing.ts";
import { sweepRectifications } from "./overdue.ts";
import { rectificationWorklist } from "./rectify.ts";
import { closedCase, type RatingWorld, ratingWorld } from "./testing.ts";

let t: TestApp;
let w: RatingWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await ratingWorld(t);
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const bad = { level: 1, tags: ["slow", "many_visits"], comment: "跑了三次才办成" };

/** A bad rating of a fresh closed case by the world's applicant: its id and its rectification's. */
async function badRating(level = 1) {
  const { number } = await closedCase(w);
  const rated = await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, { ...bad, level });
  expect(rated.statusCode).toBe(201);
  expect(rated.json().rectification).toBe(true);
  const mine = (await call(t, w.applicant, "GET", `/api/v1/ratings/${rated.json().id}`)).json();
  return {
    ratingId: rated.json().id as string,
    id: mine.rectification.id as string,
    rectification: mine.rectification,
  };
}

const step = (who: { cookie: string } | undefined, id: string, body: object) =>
  call(t, who, "POST", `/api/v1/rectifications/${id}/steps`, body);

describe("a bad rating's rectification", () => {
  it("opens with the rating, due in five working days of the county's calendar", async () => {
    const before = new Date();
    const { rectification } = await badRating(2);
    const calendar = await loadCalendar(db(), "330523");
    const due = new Date(rectification.dueAt);
    expect(calendar.workingDaysBetween(before, due).days).toBe(5);
    expect(rectification).toMatchObject({ state: "open", round: 1, allowed: ["callback"] });
  });

  it("goes open → called back → resolved → contested → sent back → … → accepted, each by whose step it is", async () => {
    const { id } = await badRating();
    const list = (await call(t, w.reviewer, "GET", "/api/v1/rectifications")).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(id);

    // Resolving before the callback is refused with what is allowed.
    const early = await step(w.reviewer, id, { step: "resolve", text: "已整改" });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: "rectification_step_not_allowed", allowed: ["callback"] });
    expect((await step(w.reviewer, id, { step: "callback" })).statusCode).toBe(400);
    const called = await step(w.reviewer, id, { step: "callback", text: "已电话联系申请人，了解情况" });
    expect(called.json()).toMatchObject({
      state: "called_back",
      callback: { note: "已电话联系申请人，了解情况" },
    });
    const resolved = await step(w.reviewer, id, { step: "resolve", text: "已精简材料清单，一次告知" });
    expect(resolved.json()).toMatchObject({ state: "resolved", resolvedOnTime: true });
    const told = await db()
      .selectFrom("inbox_messages")
      .select("template")
      .where("recipient_id", "=", w.applicant.id)
      .where("template", "=", "rectification.resolved")
      .execute();
    expect(told.length).toBeGreaterThan(0);

    // A contest by anyone but the rater: a stranger cannot see it (404), the department may not (403).
    const stranger = await someone(t);
    expect((await step(stranger, id, { step: "contest", text: "不满意" })).statusCode).toBe(404);
    expect((await step(w.reviewer, id, { step: "contest", text: "不满意" })).statusCode).toBe(403);
    expect((await step(undefined, id, { step: "contest", text: "不满意" })).statusCode).toBe(401);
    const contested = await step(w.applicant, id, { step: "contest", text: "问题没有解决" });
    expect(contested.json()).toMatchObject({ state: "contested", contestReason: "问题没有解决" });

    // A review by anyone but a supervisor of the region.
    expect((await step(w.reviewer, id, { step: "uphold" })).statusCode).toBe(403);
    expect((await step(w.applicant, id, { step: "uphold" })).statusCode).toBe(403);
    const elsewhere = await staffOf(t, "supervisor", { region: "330522", jurisdiction: "330522" });
    expect((await step(elsewhere, id, { step: "uphold" })).statusCode).toBe(404);
    const sentBack = await step(w.supervisor, id, { step: "send_back", text: "请重新核实" });
    expect(sentBack.json()).toMatchObject({ state: "open", round: 2, review: "sent_back" });

    await step(w.reviewer, id, { step: "callback", text: "再次回访" });
    await step(w.reviewer, id, { step: "resolve", text: "已当面致歉并补办" });
    const accepted = await step(w.applicant, id, { step: "accept" });
    expect(accepted.json()).toMatchObject({ state: "closed", response: "accepted", allowed: [] });
    expect(accepted.json().closedAt).not.toBeNull();

    const audited = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", id)
      .orderBy("seq")
      .execute();
    expect(audited.map((a) => a.action)).toEqual([
      "rectification.callback",
      "rectification.resolve",
      "rectification.contest",
      "rectification.send_back",
      "rectification.callback",
      "rectification.resolve",
      "rectification.accept",
    ]);
  });

  it("is closed when a supervisor upholds a contested outcome", async () => {
    const { id } = await badRating();
    await step(w.reviewer, id, { step: "callback", text: "已回访" });
    await step(w.reviewer, id, { step: "resolve", text: "已整改" });
    await step(w.applicant, id, { step: "contest", text: "不认可" });
    const upheld = await step(w.supervisor, id, { step: "uphold", text: "整改到位" });
    expect(upheld.json()).toMatchObject({ state: "closed", review: "upheld" });
  });
});

describe("the worklist of a supervisor over the whole country", () => {
  it("holds the rectifications in a province's regions", async () => {
    const { id } = await badRating();
    const national = nationalStaff("supervisor", await department(db(), "330523"));
    const items = await rectificationWorklist(db(), national, ["open"]);
    expect(items.map((r) => r.id)).toContain(id);
  });
});

describe("the rectification period", () => {
  it("is set by an administrator of the region, inherited below, and refused to others", async () => {
    expect((await call(t, w.admin, "GET", "/api/v1/rating-settings/330523")).json()).toMatchObject({
      days: 5,
      source: "default",
    });
    const set = await call(t, w.admin, "PUT", "/api/v1/rating-settings/330523", { days: 3 });
    expect(set.json()).toMatchObject({ regionCode: "330523", days: 3, source: "own" });
    expect((await call(t, w.admin, "GET", "/api/v1/rating-settings/330523001")).json()).toMatchObject({
      days: 3,
      source: "inherited",
      fromRegionCode: "330523",
    });
    expect((await call(t, w.admin, "PUT", "/api/v1/rating-settings/330523", { days: 0 })).statusCode).toBe(
      400,
    );
    const otherAdmin = await staffOf(t, "administrator", { region: "330522", jurisdiction: "330522" });
    expect((await call(t, otherAdmin, "PUT", "/api/v1/rating-settings/330523", { days: 9 })).statusCode).toBe(
      404,
    );
    expect(
      (await call(t, w.applicant, "PUT", "/api/v1/rating-settings/330523", { days: 9 })).statusCode,
    ).toBe(403);

    const before = new Date();
    const { rectification } = await badRating();
    const calendar = await loadCalendar(db(), "330523");
    expect(calendar.workingDaysBetween(before, new Date(rectification.dueAt)).days).toBe(3);
    await call(t, w.admin, "PUT", "/api/v1/rating-settings/330523", { days: 5 });
  });
});

describe("overdue rectifications", () => {
  it("are marked at the deadline and escalated to the county's supervisors a working day later, once", async () => {
    const { id, rectification } = await badRating();
    const deps = { jobs: t.platform.jobs, config: t.platform.config };
    const due = new Date(rectification.dueAt);
    const calendar = await loadCalendar(db(), "330523");
    const justAfter = new Date(due.getTime() + 60_000);
    const first = await sweepRectifications(db(), deps, justAfter);
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    expect((await call(t, w.reviewer, "GET", `/api/v1/rectifications/${id}`)).json()).toMatchObject({
      overdue: true,
      escalated: false,
    });
    // Not yet a working day late: nobody is told.
    await sweepRectifications(db(), deps, justAfter);
    expect((await call(t, w.reviewer, "GET", `/api/v1/rectifications/${id}`)).json().escalated).toBe(false);

    // A working day after it was marked overdue (counted from the mark's day, not the deadline's: a
    // deadline on a Friday and one on a Tuesday must both wait a whole working day).
    const later = calendar.addWorkingDays(justAfter, 1).due;
    const second = await sweepRectifications(db(), deps, later);
    expect(second.escalated).toBeGreaterThanOrEqual(1);
    const again = await sweepRectifications(db(), deps, later);
    expect(again.escalated).toBe(0);
    const inbox = await db()
      .selectFrom("inbox_messages")
      .select(["template", "link"])
      .where("recipient_id", "=", w.supervisor.id)
      .where("template", "=", "rectification.escalated")
      .execute();
    expect(inbox.filter((m) => String(m.link).endsWith(id))).toHaveLength(1);
  });
});
