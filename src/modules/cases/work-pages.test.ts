import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { formPairs, openPage, type Pairs, post, summaryLinks, withValue } from "../catalog/admin-testing.ts";
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
} from "./testing.ts";

let t: TestApp;
let w: CaseWorld;
let neighbour: Staff;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  neighbour = await staffOf(t, "window_clerk", { region: "330522" });
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const caseRow = (id: string) =>
  db().selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const html = (url: string, who?: { cookie: string }) =>
  t.app.inject({ url, headers: { accept: "text/html", ...(who ? { cookie: who.cookie } : {}) } });
const casePage = (caseId: string) => `/work/cases/${caseId}`;
const actionUrl = (caseId: string, taskId: string) => `/work/cases/${caseId}/tasks/${taskId}`;
const actionForm = (page: string, action: string) => formPairs(page, `name="action" value="${action}"`);
const eventsOf = async (caseId: string) =>
  (
    await db()
      .selectFrom("case_events")
      .select("action")
      .where("case_id", "=", caseId)
      .orderBy("seq")
      .execute()
  ).map((e) => e.action);

/** Opens the case page as a staff member and posts one of its action forms with `typed` filled in. */
async function submit(
  who: Staff,
  caseId: string,
  taskId: string,
  action: string,
  typed: Record<string, string> = {},
) {
  const page = await openPage(t, casePage(caseId), who.cookie);
  let pairs: Pairs = actionForm(page.html, action);
  for (const [name, value] of Object.entries(typed)) pairs = withValue(pairs, name, value);
  return post(t, actionUrl(caseId, taskId), pairs, page.cookie);
}

describe("the worklist", () => {
  it("lists a new case's intake task for the county's clerk and not for the neighbouring county's", async () => {
    const { number, caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    const mine = await html("/work", w.clerk);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(number);
    expect(mine.body).toContain(`href="/work/cases/${caseId}#task-${intake.id}"`);
    expect(mine.body).toContain("尚未受理，办理时限还没有开始计算");
    const theirs = await html("/work", neighbour);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(number);
    // Filtered to the clerk's own tasks, the unclaimed one is not there.
    expect((await html("/work?assignee=mine", w.clerk)).body).not.toContain(number);
  });

  it("claims and accepts ticked tasks each on its own, and says which did not go through and why", async () => {
    const first = await applyOnline(w);
    const second = await applyOnline(w);
    const withdrawn = await applyOnline(w);
    const page = await openPage(t, "/work?stage=intake", w.clerk.cookie);
    const ticked: string[] = [];
    for (const c of [first, second, withdrawn]) {
      const intake = await taskAt(t, c.caseId, "intake");
      ticked.push(`${intake.id}:${intake.version}`);
      expect(page.html).toContain(`name="task" value="${intake.id}:${intake.version}"`);
    }
    await call(t, w.applicant, "POST", `/api/v1/cases/${withdrawn.caseId}/withdrawal`, {});
    const csrf = formPairs(page.html, 'action="/work/bulk"').filter(([n]) => n === "_csrf" || n === "stage");
    const pairs: Pairs = [...csrf, ...ticked.map((v): [string, string] => ["task", v]), ["action", "accept"]];
    const done = await post(t, "/work/bulk", pairs, page.cookie);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("“受理”：3 项中 2 项已办理");
    // Withdrawing cancelled its task after the list was drawn: that one is refused, and says so.
    expect(done.body).toContain(`${withdrawn.number}：未办理：在您打开后已有人处理了这项任务`);
    expect((await caseRow(first.caseId)).state).toBe("review");
    expect((await caseRow(second.caseId)).state).toBe("review");
  });
});

describe("a case through the page forms", () => {
  it("is accepted, reviewed, granted and issued by posting the forms of the case page", async () => {
    const { caseId, number } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    // The link in a notification leads to the task on the case page.
    const link = await html(`/work/tasks/${intake.id}`, w.clerk);
    expect(link.statusCode).toBe(303);
    expect(link.headers.location).toBe(`/work/cases/${caseId}#task-${intake.id}`);

    const page = await openPage(t, casePage(caseId), w.clerk.cookie);
    expect(page.html).toContain(number);
    expect(page.html).toContain("小明面馆");
    expect(page.html).toContain("店铺名称");
    expect(page.html).toContain(`href="/api/v1/cases/${caseId}/materials/application"`);
    expect(page.html).toContain(`name="version" value="${intake.version}"`);

    const accepted = await submit(w.clerk, caseId, intake.id, "accept");
    expect(accepted.statusCode, accepted.body.slice(0, 400)).toBe(303);
    expect(accepted.headers.location).toBe(`/work/cases/${caseId}?done=accept`);
    const after = await html(accepted.headers.location as string, w.clerk);
    expect(after.body).toContain("已受理，办理时限开始计算。");
    expect(after.body).toContain("还剩");

    const review = await taskAt(t, caseId, "review");
    const reviewed = await submit(w.reviewer, caseId, review.id, "complete", { opinion: "agree" });
    expect(reviewed.statusCode, reviewed.body.slice(0, 400)).toBe(303);

    const decision = await taskAt(t, caseId, "decision");
    const grantForm = actionForm((await openPage(t, casePage(caseId), w.approver.cookie)).html, "grant");
    // The item's legal basis is offered as the starting text.
    expect(grantForm).toContainEqual(["legalBasis", "《中华人民共和国食品安全法》第三十五条"]);
    const granted = await submit(w.approver, caseId, decision.id, "grant", {
      reason: "材料齐全，符合法定条件",
    });
    expect(granted.statusCode, granted.body.slice(0, 400)).toBe(303);

    const issuance = await taskAt(t, caseId, "issuance");
    const issued = await submit(w.reviewer, caseId, issuance.id, "issue");
    expect(issued.statusCode, issued.body.slice(0, 400)).toBe(303);
    expect(await caseRow(caseId)).toMatchObject({ state: "closed", outcome: "granted" });
    expect(await eventsOf(caseId)).toEqual([
      "submit",
      "accept",
      "complete",
      "grant",
      "issue",
      "deliver",
      "close",
    ]);

    // The whole timeline with the names of the staff who acted.
    const closed = await html(casePage(caseId), w.clerk);
    expect(closed.body).toContain("Test window_clerk");
    expect(closed.body).toContain("Test approver");
    expect(closed.body).toContain("此案件当前没有您可以办理的任务。");
  });

  it("answers a stale form with the case as it is now and changes nothing", async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    const page = await openPage(t, casePage(caseId), w.clerk.cookie);
    const stale = actionForm(page.html, "accept");
    // Someone claims the task after the page was drawn: its version moves on.
    expect((await act(t, w.clerk, intake.id, { action: "claim" })).statusCode).toBe(200);
    const response = await post(t, actionUrl(caseId, intake.id), stale, page.cookie);
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain("有人先办理了");
    expect(response.body).toContain("在您打开后已有人处理了这项任务");
    // The page shows the task as it is now: held by the clerk, with a fresh version to act on.
    expect(response.body).toContain(`name="version" value="${intake.version + 1}"`);
    expect(await caseRow(caseId)).toMatchObject({ state: "intake", accepted_at: null });
    expect(await eventsOf(caseId)).toEqual(["submit", "claim"]);
  });

  it("re-renders a refused form with an error summary linked to its fields, keeping what was typed", async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    const rejected = await submit(w.clerk, caseId, intake.id, "reject", { reason: "  " });
    expect(rejected.statusCode).toBe(400);
    const reasonId = `f-${intake.id}-reject-reason`;
    expect(summaryLinks(rejected.body)).toEqual([{ href: `#${reasonId}`, text: "请写明理由" }]);
    expect(rejected.body).toMatch(new RegExp(`<textarea id="${reasonId}"[^>]*aria-invalid="true"`));
    expect(rejected.body).toMatch(/<details class="action" open>\s*<summary>不予受理<\/summary>/);

    // A row naming a material but not its problem is refused; the other row's words come back.
    const asked = await submit(w.clerk, caseId, intake.id, "request_supplement", {
      "items.0.material": "layout",
      "items.1.field": "area",
      "items.1.problem": "经营面积与平面图不符",
    });
    expect(asked.statusCode).toBe(400);
    expect(summaryLinks(asked.body)).toEqual([
      { href: `#f-${intake.id}-request_supplement-items-0-problem`, text: "请写明这一项的问题及补正要求" },
    ]);
    expect(asked.body).toContain("经营面积与平面图不符</textarea>");
    expect(asked.body).toMatch(/<option value="layout" selected>/);
    expect((await caseRow(caseId)).state).toBe("intake");

    // "Add more rows" draws the form again with three more, nothing sent and nothing lost.
    const more = await submit(w.clerk, caseId, intake.id, "request_supplement", {
      "items.2.problem": "申请书未签字",
      more: "1",
    });
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('name="items.5.problem"');
    expect(more.body).toContain("申请书未签字</textarea>");
    expect((await caseRow(caseId)).state).toBe("intake");

    const sent = await submit(w.clerk, caseId, intake.id, "request_supplement", {
      "items.0.material": "layout",
      "items.0.problem": "缺少经营场所平面图",
      "items.1.field": "area",
      "items.1.problem": "经营面积与平面图不符",
    });
    expect(sent.statusCode, sent.body.slice(0, 400)).toBe(303);
    expect((await caseRow(caseId)).state).toBe("supplement");
    const waiting = await html(casePage(caseId), w.clerk);
    expect(waiting.body).toContain("缺少经营场所平面图");
  });
});

describe("who may see the staff pages", () => {
  it("sends anonymous visitors and signed-in persons to the staff sign-in", async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    for (const url of ["/work", casePage(caseId), `/work/tasks/${intake.id}`, "/work/supervision"]) {
      for (const who of [undefined, w.applicant]) {
        const response = await html(url, who);
        expect(response.statusCode, url).toBe(303);
        expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(url)}`);
      }
    }
    // A person's form post, with a valid token of their own, changes nothing.
    const home = await openPage(t, "/", w.applicant.cookie);
    const token = formPairs(home.html, 'action="/account/signout"');
    const posted = await post(
      t,
      actionUrl(caseId, intake.id),
      [...token, ["action", "accept"], ["version", String(intake.version)]],
      home.cookie,
    );
    expect(posted.statusCode).toBe(303);
    expect((await caseRow(caseId)).state).toBe("intake");
  });

  it("answers 404 to a clerk of another county for the case and its task", async () => {
    const { caseId, number } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    for (const url of [casePage(caseId), casePage(number), `/work/tasks/${intake.id}`]) {
      expect((await html(url, neighbour)).statusCode, url).toBe(404);
    }
  });

  it("lists an overdue case under supervision for the county's supervisors only", async () => {
    const { caseId, number } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    expect((await act(t, w.clerk, intake.id, { action: "accept" })).statusCode).toBe(200);
    const DAY = 86_400_000;
    await db()
      .updateTable("cases")
      .set({ due_at: new Date(Date.now() - 5 * DAY), overdue_at: new Date(Date.now() - 4 * DAY) })
      .where("id", "=", caseId)
      .execute();
    const supervisor = await staffOf(t, "supervisor", { line: "general_office" });
    const list = await html("/work/supervision", supervisor);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/work/cases/${caseId}"`);
    expect(list.body).toContain(number);
    expect(list.body).toMatch(/已超期 \d+ 个工作日/);
    expect(list.body).toContain("市场监督管理局");
    // The supervisor may open the case, and sees it red.
    expect((await html(casePage(caseId), supervisor)).body).toContain("mark mark-red");
    expect((await html("/work/supervision?level=warned", supervisor)).body).not.toContain(number);

    const elsewhere = await staffOf(t, "supervisor", { line: "general_office", region: "330522" });
    expect((await html("/work/supervision", elsewhere)).body).not.toContain(number);
    expect((await html("/work/supervision", w.clerk)).statusCode).toBe(403);
  });
});

describe("the other action forms", () => {
  const accepted = async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    expect((await act(t, w.clerk, intake.id, { action: "accept" })).statusCode).toBe(200);
    return caseId;
  };

  it("pauses and resumes a special procedure, asks a comment to disagree, returns and denies", async () => {
    const caseId = await accepted();
    const review = await taskAt(t, caseId, "review");
    const bare = await submit(w.reviewer, caseId, review.id, "pause");
    expect(bare.statusCode).toBe(400);
    expect(summaryLinks(bare.body).map((l) => l.text)).toEqual(["请写明理由", "请选择特别程序的种类"]);
    const paused = await submit(w.reviewer, caseId, review.id, "pause", {
      procedure: "expert_review",
      reason: "需组织专家评审",
    });
    expect(paused.headers.location).toBe(`/work/cases/${caseId}?done=pause#task-${review.id}`);
    expect((await caseRow(caseId)).state).toBe("paused");
    // Waiting cases leave the worklist unless asked for.
    const { number } = await caseRow(caseId);
    expect((await html("/work", w.reviewer)).body).not.toContain(number);
    expect((await html("/work?waiting=1", w.reviewer)).body).toContain(number);
    expect((await submit(w.reviewer, caseId, review.id, "resume")).statusCode).toBe(303);
    expect((await caseRow(caseId)).state).toBe("review");

    const silent = await submit(w.reviewer, caseId, review.id, "complete", { opinion: "disagree" });
    expect(silent.statusCode).toBe(400);
    expect(summaryLinks(silent.body)).toEqual([
      { href: `#f-${review.id}-complete-reason`, text: "不同意时请写明理由" },
    ]);
    expect(silent.body).toMatch(/value="disagree" checked/);
    expect((await submit(w.reviewer, caseId, review.id, "complete", { opinion: "agree" })).statusCode).toBe(
      303,
    );

    const decision = await taskAt(t, caseId, "decision");
    expect(
      (await submit(w.approver, caseId, decision.id, "return", { reason: "请核实经营面积" })).statusCode,
    ).toBe(303);
    const again = await taskAt(t, caseId, "review");
    expect(again.assignee_id).toBe(w.reviewer.id);
    expect((await act(t, w.reviewer, again.id, { action: "complete", opinion: "agree" })).statusCode).toBe(
      200,
    );
    const final = await taskAt(t, caseId, "decision");
    const denied = await submit(w.approver, caseId, final.id, "deny", { reason: "经营场所不符合要求" });
    expect(denied.statusCode, denied.body.slice(0, 400)).toBe(303);
    expect(await caseRow(caseId)).toMatchObject({ state: "closed", outcome: "denied" });
    expect((await html(casePage(caseId), w.clerk)).body).toContain("《中华人民共和国食品安全法》第三十五条");
  });

  it("claims, asks a reason to transfer, and hands the task to a colleague who can then accept it", async () => {
    const colleague = await staffOf(t, "window_clerk");
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    const claimed = await submit(w.clerk, caseId, intake.id, "claim");
    expect(claimed.headers.location).toBe(`/work/cases/${caseId}?done=claim#task-${intake.id}`);
    const unexplained = await submit(w.clerk, caseId, intake.id, "transfer", { assignee: colleague.id });
    expect(unexplained.statusCode).toBe(400);
    expect(summaryLinks(unexplained.body)).toEqual([
      { href: `#f-${intake.id}-transfer-reason`, text: "请写明理由" },
    ]);
    expect(unexplained.body).toMatch(new RegExp(`<option value="${colleague.id}" selected>`));
    const moved = await submit(w.clerk, caseId, intake.id, "transfer", {
      assignee: colleague.id,
      reason: "轮岗",
    });
    expect(moved.statusCode).toBe(303);
    expect((await html(casePage(caseId), w.clerk)).body).toContain("这项任务已由其他经办人认领");
    expect((await submit(colleague, caseId, intake.id, "accept")).statusCode).toBe(303);
    expect((await caseRow(caseId)).state).toBe("review");
  });

  it("needs the tracking number to deliver by post", async () => {
    const caseId = await accepted();
    await db()
      .updateTable("cases")
      .set({ delivery: JSON.stringify({ method: "post", recipient: "王小明", address: "递铺街道 1 号" }) })
      .where("id", "=", caseId)
      .execute();
    const review = await taskAt(t, caseId, "review");
    await act(t, w.reviewer, review.id, { action: "complete", opinion: "agree" });
    const decision = await taskAt(t, caseId, "decision");
    await act(t, w.approver, decision.id, { action: "grant", reason: "符合条件", legalBasis: "食品安全法" });
    await act(t, w.reviewer, (await taskAt(t, caseId, "issuance")).id, { action: "issue" });
    const delivery = await taskAt(t, caseId, "delivery");
    const untracked = await submit(w.clerk, caseId, delivery.id, "deliver");
    expect(untracked.statusCode).toBe(400);
    expect(summaryLinks(untracked.body)).toEqual([
      { href: `#f-${delivery.id}-deliver-trackingNumber`, text: "邮寄送达请填写快递单号" },
    ]);
    const sent = await submit(w.clerk, caseId, delivery.id, "deliver", {
      trackingNumber: "SF1234567890",
      carrier: "顺丰速运",
    });
    expect(sent.statusCode).toBe(303);
    expect(await caseRow(caseId)).toMatchObject({ state: "closed", outcome: "granted" });
    expect((await html(casePage(caseId), w.clerk)).body).toContain("SF1234567890");
  });
});
