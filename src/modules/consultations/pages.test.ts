import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { compressedWeight, location, mainText, open, post } from "../applications/pages-testing.ts";
import { call, caseTestApp } from "../cases/testing.ts";
import { type Someone, someone } from "../mandates/testing.ts";
import { type ConsultationWorld, consultationWorld, elapse, publishedConsultation } from "./testing.ts";

let t: TestApp;
let w: ConsultationWorld;
let citizen: Someone;
let id: string;

beforeAll(async () => {
  t = await caseTestApp();
  w = await consultationWorld(t);
  citizen = await someone(t, { name: "钱村民" });
  id = await publishedConsultation(t, w);
});
afterAll(() => t.close());

describe("the public pages", () => {
  it("lists consultations with filters and shows the draft by article, the period and the counts", async () => {
    const list = await open(t, undefined, "/consultations?region=330523");
    expect(list.response.statusCode).toBe(200);
    expect(mainText(list.response.body)).toContain("安吉县农村生活垃圾分类管理办法");
    expect(
      (await open(t, undefined, `/consultations?department=${crypto.randomUUID()}`)).response.body,
    ).toContain("暂无符合条件的征求意见");
    const page = await open(t, undefined, `/consultations/${id}`);
    const text = mainText(page.response.body);
    expect(text).toContain("第一条 目的");
    expect(text).toContain("还剩 30 天");
    expect(text).toContain("共收到 0 条意见");
    // Not signed in: no form, a way to sign in that comes back here.
    expect(page.response.body).toContain(
      `/account/signin?next=${encodeURIComponent(`/consultations/${id}`)}`,
    );
    expect(page.response.body).not.toContain('name="text"');
    expect(await compressedWeight(t, page.response.body)).toBeLessThan(30 * 1024);
  });

  it("takes a comment from the form, shows markup as text, and lets its author withdraw it", async () => {
    const { tab, response } = await open(t, citizen, `/consultations/${id}`);
    expect(response.body).toContain('name="text"');
    const posted = await post(t, tab, `/consultations/${id}/comments`, {
      article: "1",
      text: '<img src=x onerror="alert(1)">请补充定义',
    });
    expect(posted.statusCode, posted.body).toBe(303);
    expect(location(posted)).toBe(`/consultations/${id}?done=posted#comments`);
    const after = await open(t, citizen, `/consultations/${id}?done=posted`);
    expect(after.response.body).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;>请补充定义");
    expect(after.response.body).not.toContain("<img src=x");
    expect(mainText(after.response.body)).toContain("您的意见已提交");
    const commentId = /comments\/([0-9a-f-]{36})\/withdraw/.exec(after.response.body)?.[1];
    expect(commentId).toBeDefined();
    const withdrawn = await post(t, after.tab, `/consultations/${id}/comments/${commentId}/withdraw`, {});
    expect(location(withdrawn)).toBe(`/consultations/${id}?done=withdrawn#comments`);
    expect(mainText((await open(t, undefined, `/consultations/${id}`)).response.body)).toContain(
      "共收到 0 条意见",
    );
  });

  it("refuses a bad comment with an error summary linked to its field, keeping what was typed", async () => {
    const { tab } = await open(t, citizen, `/consultations/${id}`);
    const empty = await post(t, tab, `/consultations/${id}/comments`, { article: "9", text: "   " });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#text"');
    expect(empty.body).toContain('href="#article"');
    expect(mainText(empty.body)).toContain("请填写意见内容");
  });

  it("sends someone whose session ended to sign in, and back", async () => {
    // A browser without a session that still holds a form token (from the sign-in page, say).
    const { tab } = await open(t, undefined, "/account/signin");
    const response = await post(t, tab, `/consultations/${id}/comments`, { text: "匿名" });
    expect(response.statusCode).toBe(303);
    expect(location(response)).toBe(`/account/signin?next=${encodeURIComponent(`/consultations/${id}`)}`);
  });

  it("says when the period closed, and refuses a late comment with the closing time", async () => {
    const closing = await publishedConsultation(t, w);
    const { tab } = await open(t, citizen, `/consultations/${closing}`);
    await elapse(t, closing);
    const late = await post(t, tab, `/consultations/${closing}/comments`, { text: "迟到" });
    expect(late.statusCode).toBe(409);
    expect(mainText(late.body)).toContain("征求意见已于");
    expect(mainText(late.body)).toContain("不在征求意见期内");
  });
});

describe("the department's pages", () => {
  it("drafts from pasted text, corrects an article, publishes, hides a comment and publishes the summary", async () => {
    const { tab } = await open(t, w.admin, "/work/consultations/new");
    const created = await post(t, tab, "/work/consultations", {
      department: w.departmentId,
      title: "安吉县古树名木保护办法（征求意见稿）",
      purpose: "保护古树名木。",
      contact: "安吉县林业局",
      opensAt: "2026-01-01T09:00",
      closesAt: "2026-01-10T09:00",
      shortPeriodReason: "",
      text: "第一条 为保护古树名木，制定本办法。\n第二条 本办法自发布之日起施行。",
    });
    expect(created.statusCode).toBe(400);
    expect(created.body).toContain('href="#shortPeriodReason"');
    const future = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const ok = await post(t, tab, "/work/consultations", {
      department: w.departmentId,
      title: "安吉县古树名木保护办法（征求意见稿）",
      purpose: "保护古树名木。",
      contact: "安吉县林业局",
      opensAt: `${future}T09:00`,
      closesAt: `${later}T09:00`,
      text: "第一条 为保护古树名木，制定本办法。\n第二条 本办法自发布之日起施行。",
    });
    expect(ok.statusCode, ok.body).toBe(303);
    const path = location(ok);
    const edit = await open(t, w.admin, path);
    expect(edit.response.body).toContain('value="第二条"');
    const saved = await post(t, edit.tab, path, {
      title: "安吉县古树名木保护办法（征求意见稿）",
      purpose: "保护古树名木。",
      contact: "安吉县林业局",
      opensAt: `${future}T09:00`,
      closesAt: `${later}T09:00`,
      n1: "第一条",
      h1: "目的",
      b1: "为保护古树名木，制定本办法。",
      n2: "第二条",
      b2: "",
    });
    expect(saved.statusCode).toBe(400);
    expect(saved.body).toContain('href="#b2"');
    const fixed = await post(t, edit.tab, path, {
      title: "安吉县古树名木保护办法（征求意见稿）",
      purpose: "保护古树名木。",
      contact: "安吉县林业局",
      opensAt: `${future}T09:00`,
      closesAt: `${later}T09:00`,
      n1: "第一条",
      h1: "目的",
      b1: "为保护古树名木，制定本办法。",
      n2: "第二条",
      b2: "本办法自发布之日起施行。",
      n3: "第三条",
      b3: "县林业局负责组织实施。",
    });
    expect(fixed.statusCode, fixed.body).toBe(303);
    expect((await post(t, edit.tab, `${path}/publish`, {})).statusCode).toBe(303);
    const consultation = path.split("/").at(-1) as string;
    const detail = (await call(t, undefined, "GET", `/api/v1/consultations/${consultation}`)).json();
    expect(detail.articles.map((a: { number: string }) => a.number)).toEqual(["第一条", "第二条", "第三条"]);
    expect(detail.phase).toBe("upcoming");

    // The moderation and the summary of the consultation open since the start of this file.
    const comment = (
      await call(t, citizen, "POST", `/api/v1/consultations/${id}/comments`, { text: "广告：优惠" })
    ).json();
    const staff = await open(t, w.admin, `/work/consultations/${id}`);
    const hidden = await post(t, staff.tab, `/work/consultations/${id}/comments/${comment.id}/hide`, {
      reason: "advertising",
    });
    expect(hidden.statusCode).toBe(303);
    await elapse(t, id);
    const closed = await open(t, w.admin, `/work/consultations/${id}`);
    const noReason = await post(t, closed.tab, `/work/consultations/${id}/points`, {
      summary: "删除第二条",
      adoption: "not_adopted",
      reason: "",
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('href="#reason"');
    const point = await post(t, closed.tab, `/work/consultations/${id}/points`, {
      summary: "建议补充定义",
      adoption: "adopted",
      comments: [comment.id],
    });
    expect(point.statusCode).toBe(303);
    expect((await post(t, closed.tab, `/work/consultations/${id}/summary/publish`, {})).statusCode).toBe(303);
    const twice = await post(t, closed.tab, `/work/consultations/${id}/summary/publish`, {});
    expect(twice.statusCode).toBe(409);
    const publicPage = mainText((await open(t, undefined, `/consultations/${id}`)).response.body);
    expect(publicPage).toContain("意见采纳情况");
    expect(publicPage).toContain("采纳 1 条，部分采纳 0 条，未采纳 0 条。");
    expect(publicPage).toContain("另有 1 条意见因违反留言规则被隐藏");
    expect(publicPage).toContain("该意见已被隐藏：广告");
    expect(publicPage).not.toContain("广告：优惠");
  });

  it("does not show another county's consultation to its staff", async () => {
    expect((await open(t, w.outsider, `/work/consultations/${id}`)).response.statusCode).toBe(404);
  });
});
