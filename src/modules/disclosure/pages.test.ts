import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { exeBytes } from "../../platform/files/fixtures.ts";
import { compressedWeight, location, open, post, postFile } from "../applications/pages-testing.ts";
import { sealAudit } from "../audit/service.ts";
import { call, caseTestApp, type Staff, staffOf, TINY_PDF } from "../cases/testing.ts";

let t: TestApp;
let publisher: Staff;
let departmentId: string;

beforeAll(async () => {
  t = await caseTestApp();
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  departmentId = await department(db, "330523", "market_regulation");
  publisher = await staffOf(t, "approver");
});
afterAll(() => t.close());

describe("the staff's pages, without JavaScript", () => {
  it("publish: every missing field in a summary linked to its input, then the publication's page", async () => {
    const { tab, response } = await open(t, publisher, "/work/disclosure");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<label for="title">');
    const refused = await post(t, tab, "/work/disclosure", {
      departmentId,
      category: "policy",
      title: "",
      body: "",
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('class="error-summary"');
    expect(refused.body).toContain('href="#title"');
    expect(refused.body).toContain('href="#body"');
    expect(refused.body).toContain('aria-describedby="title-error"');
    const badDate = await post(t, tab, "/work/disclosure", {
      departmentId,
      category: "policy",
      title: "关于x的通知",
      body: "正文",
      writtenOn: "2026-13-45",
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('href="#writtenOn"');
    expect(badDate.body).toContain("2026-03-01");
    const done = await post(t, tab, "/work/disclosure", {
      departmentId,
      category: "notice",
      title: "关于调整办公时间的通知",
      body: "自下月起，办公时间调整为8:30至17:30。",
    });
    expect(done.statusCode).toBe(303);
    expect(location(done)).toMatch(/^\/disclosure\/publications\/[0-9a-f-]{36}$/);
  });

  it("correct and withdraw from the publication's staff page; another department's staff find nothing", async () => {
    const created = await call(t, publisher, "POST", "/api/v1/disclosure/publications", {
      departmentId,
      category: "notice",
      title: "关于春节值班安排的通知",
      body: "值班电话：0572-0000000。",
    });
    const id = created.json().id as string;
    const { tab, response } = await open(t, publisher, `/work/disclosure/publications/${id}`);
    expect(response.statusCode).toBe(200);
    const noReason = await post(t, tab, `/work/disclosure/publications/${id}/corrections`, {
      title: "关于春节值班安排的通知",
      body: "值班电话：0572-1111111。",
      reason: "",
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('href="#reason"');
    const corrected = await post(t, tab, `/work/disclosure/publications/${id}/corrections`, {
      title: "关于春节值班安排的通知",
      body: "值班电话：0572-1111111。",
      reason: "电话号码有误",
    });
    expect(corrected.statusCode).toBe(303);
    const withdrawn = await post(t, tab, `/work/disclosure/publications/${id}/withdrawal`, {
      withdrawReason: "活动取消",
    });
    expect(withdrawn.statusCode).toBe(303);
    const page = await t.app.inject({ url: `/disclosure/publications/${id}` });
    expect(page.body).toContain("活动取消");
    expect(page.body).toContain("电话号码有误");
    // Staff actions are in the audit trail (sealed now, whichever way the app seals).
    await sealAudit(t.platform.database.db);
    const audit = await t.platform.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["disclosure.publish", "disclosure.correct", "disclosure.withdraw"]),
    );
    const stranger = await staffOf(t, "approver", { line: "civil_affairs" });
    const hidden = await open(t, stranger, `/work/disclosure/publications/${id}`);
    expect(hidden.response.statusCode).toBe(404);
  });
});

describe("attachments from the staff's page", () => {
  it("takes a PDF and refuses a program, the refusal linked to the file input", async () => {
    const created = await call(t, publisher, "POST", "/api/v1/disclosure/publications", {
      departmentId,
      category: "budget",
      title: "2026年部门预算",
      body: "预算说明见附件。",
    });
    const id = created.json().id as string;
    const { tab } = await open(t, publisher, `/work/disclosure/publications/${id}`);
    const url = `/work/disclosure/publications/${id}/attachments`;
    const ok = await postFile(t, tab, url, "预算表.pdf", TINY_PDF);
    expect(ok.statusCode).toBe(303);
    const refused = await postFile(t, tab, url, "预算表.pdf", exeBytes());
    expect(refused.statusCode).toBe(415);
    expect(refused.body).toContain('href="#file"');
    const page = await t.app.inject({ url: `/disclosure/publications/${id}` });
    expect(page.body).toContain("预算表.pdf");
  });
});

describe("the public pages", () => {
  it("a publication's page: metadata in the standard order, within 30 KB with its CSS, no script", async () => {
    const created = await call(t, publisher, "POST", "/api/v1/disclosure/publications", {
      departmentId,
      category: "policy",
      title: "安吉县个体工商户登记办法",
      body: "第一条 为规范登记，制定本办法。\n\n第二条 本办法适用于全县。",
      documentNumber: "安市监发〔2026〕30号",
      writtenOn: "2026-05-01",
    });
    const page = await t.app.inject({ url: created.json().href });
    const order = [
      "索引号",
      "主题分类",
      "发布机构",
      "成文日期",
      "文号",
      "发布日期",
      "施行日期",
      "废止（失效）日期",
      "有效性",
    ];
    const at = order.map((label) => page.body.indexOf(`<th scope="row">${label}</th>`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(page.body).not.toContain("<script");
    expect(page.body.match(/<p>第/g)).toHaveLength(2);
    expect(await compressedWeight(t, page.body)).toBeLessThan(30 * 1024);
    const english = await open(t, undefined, created.json().href, { lang: "en" });
    expect(english.response.body).toContain("Index number");
  });
});
