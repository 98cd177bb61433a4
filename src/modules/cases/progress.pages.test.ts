import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import {
  compressedWeight,
  get,
  location,
  mainText,
  open,
  post,
  type Tab,
} from "../applications/pages-testing.ts";
import { someone } from "../mandates/testing.ts";
import { act, applyOnline, type CaseWorld, call, caseTestApp, caseWorld, taskAt } from "./testing.ts";

let t: TestApp;
let w: CaseWorld;
let tab: Tab;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  tab = (await open(t, w.applicant, "/applications")).tab;
});
afterAll(() => t.close());

const english = () => ({ ...tab, cookie: `${tab.cookie}; tb_lang=en` });

describe("the receipt and the progress page", () => {
  it("show the case number, what happens next and the stages, in both languages and lightly", async () => {
    const { number } = await applyOnline(w);
    const receipt = await get(t, tab, `/cases/${number}/receipt`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain(`<span class="number">${number}</span>`);
    expect(mainText(receipt.body)).toContain("受理后承诺在 5 个工作日内办结");
    expect(receipt.body).toContain(`href="/cases/${number}"`);

    const progress = await get(t, tab, `/cases/${number}`);
    const text = mainText(progress.body);
    expect(text).toContain("当前状态 等待受理");
    expect(text).toContain("受理 正在办理 安吉县政务服务中心");
    expect(text).toContain("尚未受理：受理后开始计算办理时限。");
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 提交申请/);
    expect(progress.body).toContain(`href="/cases/${number}/withdraw"`);
    expect(await compressedWeight(t, progress.body)).toBeLessThan(30 * 1024);

    for (const url of [`/cases/${number}`, `/cases/${number}/receipt`, `/cases/${number}/withdraw`]) {
      const en = await get(t, english(), url);
      expect(en.statusCode, url).toBe(200);
      expect(en.body).toContain('<html lang="en"');
      expect(en.body).not.toMatch(/<h1>[^<]*[\u4e00-\u9fff]/);
    }
    expect(mainText((await get(t, english(), `/cases/${number}`)).body)).toContain("Waiting to be accepted");
  });

  it("says the clock in words once accepted, and links the licence once issued", async () => {
    const { caseId, number } = await applyOnline(w);
    await act(t, w.clerk, (await taskAt(t, caseId, "intake")).id, { action: "accept" });
    const running = mainText((await get(t, tab, `/cases/${number}`)).body);
    expect(running).toMatch(/按时办理中：距承诺时限还有 \d+ 个工作日。/);
    expect(running).toContain("承诺办结日期");
    await act(t, w.reviewer, (await taskAt(t, caseId, "review")).id, {
      action: "complete",
      opinion: "agree",
    });
    await act(t, w.approver, (await taskAt(t, caseId, "decision")).id, {
      action: "grant",
      reason: "材料齐全",
      legalBasis: "《中华人民共和国食品安全法》第三十五条",
    });
    await act(t, w.reviewer, (await taskAt(t, caseId, "issuance")).id, { action: "issue" });
    const done = await get(t, tab, `/cases/${number}`);
    expect(mainText(done.body)).toContain("已办结：准予许可");
    expect(mainText(done.body)).toContain("已办结，计时结束。");
    expect(done.body).toMatch(/href="\/verify\/[^"]+"/);
    expect(done.body).not.toContain(`/cases/${number}/withdraw`);
  });

  it("asks anonymous readers to sign in, and is not found for anyone else", async () => {
    const { number } = await applyOnline(w);
    const anonymous = await t.app.inject({ url: `/cases/${number}`, headers: { accept: "text/html" } });
    expect(anonymous.statusCode).toBe(303);
    expect(location(anonymous)).toBe(`/account/signin?next=${encodeURIComponent(`/cases/${number}`)}`);
    const stranger = (await open(t, await someone(t), "/applications")).tab;
    for (const url of [`/cases/${number}`, `/cases/${number}/receipt`, `/cases/${number}/withdraw`]) {
      expect((await get(t, stranger, url)).statusCode, url).toBe(404);
    }
    const withdrawn = await post(t, stranger, `/cases/${number}/withdrawal`, { reason: "不办了" });
    expect(withdrawn.statusCode).toBe(404);
  });
});

describe("a supplement request", () => {
  it("lists every item with a link to correct it, and the corrected application is resubmitted", async () => {
    const { caseId, number, applicationId } = await applyOnline(w);
    const asked = await act(t, w.clerk, (await taskAt(t, caseId, "intake")).id, {
      action: "request_supplement",
      items: [
        { material: "application", problem: "申请书缺少签字" },
        { field: "shopName", problem: "店名与营业执照不一致" },
      ],
    });
    expect(asked.statusCode).toBe(200);
    const page = await get(t, tab, `/cases/${number}`);
    const text = mainText(page.body);
    expect(text).toContain("需要您补正");
    expect(text).toMatch(/食品经营许可申请书\s*：\s*申请书缺少签字/);
    expect(text).toMatch(/店铺名称\s*：\s*店名与营业执照不一致/);
    expect(page.body).toContain(`href="/cases/${number}/correction?material=application"`);

    const toField = await get(t, tab, `/cases/${number}/correction?field=shopName`);
    expect(location(toField)).toBe(`/applications/${applicationId}/pages/1#f-shopName`);
    const form = await get(t, tab, `/applications/${applicationId}/pages/1`);
    expect(mainText(form.body)).toContain("补正申请");
    const saved = await post(t, tab, `/applications/${applicationId}/pages/1`, {
      shopName: "小明面馆（递铺店）",
      area: "45",
      _action: "next",
    });
    expect(saved.statusCode).toBe(303);
    const resubmitted = await post(t, tab, `/cases/${number}/resubmission`, {});
    expect(location(resubmitted)).toBe(`/cases/${number}?done=resubmitted`);
    const after = mainText((await get(t, tab, location(resubmitted))).body);
    expect(after).toContain("补正后的申请已重新提交");
    expect(after).toContain("补正后重新提交");
    expect(after).not.toContain("需要您补正");
    // Once resubmitted, the form cannot be changed again: its pages lead back to the case.
    const locked = await get(t, tab, `/applications/${applicationId}/pages/1`);
    expect(location(locked)).toBe(`/cases/${number}`);
  });
});

describe("withdrawing", () => {
  it("asks for a reason on a confirmation page, then withdraws", async () => {
    const { number } = await applyOnline(w);
    const confirm = await get(t, tab, `/cases/${number}/withdraw`);
    const version = /name="version" value="(\d+)"/.exec(confirm.body)?.[1] ?? "";
    const noReason = await post(t, tab, `/cases/${number}/withdrawal`, { reason: " ", version });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('<a href="#reason">请填写撤回理由</a>');
    const stale = await post(t, tab, `/cases/${number}/withdrawal`, { reason: "不开店了", version: "999" });
    expect(stale.statusCode).toBe(409);
    const done = await post(t, tab, `/cases/${number}/withdrawal`, { reason: "不开店了", version });
    expect(location(done)).toBe(`/cases/${number}?done=withdrawn`);
    const text = mainText((await get(t, tab, location(done))).body);
    expect(text).toContain("您的申请已撤回。");
    expect(text).toContain("当前状态 已撤回");
    expect(text).toContain("理由： 不开店了");
  });
});

describe("following a case without signing in", () => {
  const visitor = async () => (await open(t, undefined, "/cases/lookup")).tab;

  it("shows the progress without personal data for the right number and tail", async () => {
    const { number } = await applyOnline(w);
    const tab = await visitor();
    const found = await post(
      t,
      tab,
      "/cases/lookup",
      { number, tail: w.applicant.mobile.slice(-6) },
      { remoteAddress: "10.0.0.1" },
    );
    expect(found.statusCode).toBe(200);
    const text = mainText(found.body);
    expect(text).toContain(number);
    expect(text).toContain("等待受理");
    expect(text).not.toContain("王小明");
    expect(found.body).not.toContain("/withdraw");
    // What people wrote about the case (here the applicant's own reason) stays behind the sign-in.
    await call(t, w.applicant, "POST", `/api/v1/cases/${number}/withdrawal`, { reason: "家里有事" });
    const withdrawn = await post(
      t,
      tab,
      "/cases/lookup",
      { number, tail: w.applicant.idNumber.slice(-6) },
      { remoteAddress: "10.0.0.1" },
    );
    expect(mainText(withdrawn.body)).toContain("当前状态 已撤回");
    expect(withdrawn.body).not.toContain("家里有事");
  });

  it("says what to check when nothing matches, and what is wrong with a malformed entry", async () => {
    const { number } = await applyOnline(w);
    const tab = await visitor();
    const wrong = await post(
      t,
      tab,
      "/cases/lookup",
      { number, tail: "000000" },
      { remoteAddress: "10.0.0.2" },
    );
    expect(wrong.statusCode).toBe(404);
    expect(mainText(wrong.body)).toContain("没有与此办件编号和信息相符的案件");
    expect(mainText(wrong.body)).toContain("办件编号是否和回执上的一致");
    expect(wrong.body).toContain(`value="${number}"`);
    const malformed = await post(
      t,
      tab,
      "/cases/lookup",
      { number: "abc", tail: "12" },
      { remoteAddress: "10.0.0.2" },
    );
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('<a href="#tail">请填写 6 位数字或字母</a>');
  });

  it("answers too many tries with the form and when to come back (429)", async () => {
    const tab = await visitor();
    const statuses: number[] = [];
    let last = "";
    for (let i = 0; i < 12; i += 1) {
      const response = await post(
        t,
        tab,
        "/cases/lookup",
        { number: `33052320261127${String(i).padStart(6, "0")}`, tail: "123456" },
        { remoteAddress: "10.0.0.3" },
      );
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        last = response.body;
        expect(response.headers["retry-after"]).toBeDefined();
      }
    }
    expect(statuses).toContain(429);
    expect(last).toContain('<html lang="zh-CN"');
    expect(mainText(last)).toContain("查询次数太多");
    expect(last).toContain('action="/cases/lookup"');
  });
});
