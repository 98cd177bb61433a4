import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { formSession, postForm } from "../applicants/testing.ts";
import { as, consentMessage, day, otherCode, someone } from "./testing.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const page = (url: string, cookie?: string) =>
  t.app.inject({ url, headers: { accept: "text/html", ...(cookie ? { cookie } : {}) } });

describe("the mandate pages", () => {
  it("send a visitor who is not signed in to the sign-in form, and back", async () => {
    for (const url of ["/account/mandates", "/account/mandates/held"]) {
      const response = await page(url);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/account/signin?next=${encodeURIComponent(url)}`);
    }
  });

  it("grant online through the form; problems are listed, linked to their fields, and typed values kept", async () => {
    const principal = await someone(t, { name: "吴淑华" });
    const agent = await someone(t, { name: "郑代办" });
    const session = await formSession(t, "/account/mandates", principal.cookie);
    expect(session.page.body).toContain("<h1>我的授权</h1>");
    expect(session.page.body).toContain("您还没有授权任何人代办。");

    const refused = await postForm(
      t,
      "/account/mandates",
      {
        agentName: principal.name,
        agent: principal.idNumber,
        services: "",
        validFrom: "",
        validUntil: day(800),
      },
      session,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('class="error-summary"');
    expect(refused.body).toContain('href="#agent"');
    expect(refused.body).toContain("委托人和代办人不能是同一个人");
    expect(refused.body).toContain('href="#validUntil"');
    expect(refused.body).toContain("授权期限最长一年");
    expect(refused.body).toContain(`value="${day(800)}"`);

    const noToken = await postForm(
      t,
      "/account/mandates",
      { agentName: agent.name, agent: agent.email, validUntil: day(30) },
      { cookie: session.cookie },
    );
    expect(noToken.statusCode).toBe(403);

    const done = await postForm(
      t,
      "/account/mandates",
      { agentName: agent.name, agent: agent.email, services: "330523-SOC-001，TAX.2", validUntil: day(30) },
      session,
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/account/mandates?done=granted");
    const listed = await page(done.headers.location as string, principal.cookie);
    expect(listed.body).toContain("授权已生效。");
    expect(listed.body).toContain("代办人：郑代办");
    expect(listed.body).toContain("330523-SOC-001、TAX.2");
    expect(listed.body).toContain(`${day(0)} 至 ${day(30)}`);
    expect(listed.body).toContain('<span class="tag">有效</span>');
    expect(listed.body).toContain("尚无代办记录。");
    expect(listed.body).toContain('aria-label="撤销授权: 郑代办"');
  });

  it("take the agent from asking by code to consent, the principal's details, and the principal's revocation", async () => {
    const principal = await someone(t, { name: "冯桂芝", addressRegionCode: "330523001201" });
    const agent = await someone(t, { name: "陈代办" });
    const held = await formSession(t, "/account/mandates/held", agent.cookie);
    expect(held.page.body).toContain("<h1>我代办的授权</h1>");
    expect(held.page.body).toContain("您目前没有代办授权。");

    const asked = await postForm(
      t,
      "/account/mandates/held",
      { principalName: principal.name, principal: principal.idNumber, validUntil: day(60) },
      held,
    );
    expect(asked.statusCode).toBe(303);
    const pending = await page(asked.headers.location as string, agent.cookie);
    expect(pending.body).toContain("验证码已发送到委托人登记的手机，10 分钟内有效。");
    expect(pending.body).toContain(
      `验证码已发送至 ${principal.mobile.slice(0, 3)}****${principal.mobile.slice(-4)}`,
    );
    expect(pending.body).toContain("待委托人确认");
    const mandateId = /action="\/account\/mandates\/([0-9a-f-]{36})\/consent"/.exec(
      pending.body,
    )?.[1] as string;
    expect(mandateId).toBeDefined();

    const code = String((await consentMessage(t, principal.mobile)).params.code);
    const wrong = await postForm(
      t,
      `/account/mandates/${mandateId}/consent`,
      { code: otherCode(code) },
      held,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("验证码不正确，还可以再试 4 次。");
    expect(wrong.body).toContain(`href="#c${mandateId}-code"`);
    expect(wrong.body).toMatch(new RegExp(`id="c${mandateId}-code"[^>]*aria-invalid="true"`));

    const right = await postForm(t, `/account/mandates/${mandateId}/consent`, { code }, held);
    expect(right.statusCode).toBe(303);
    const active = await page(right.headers.location as string, agent.cookie);
    expect(active.body).toContain("委托人已确认，授权已生效。");
    expect(active.body).toContain(`href="/account/mandates/${mandateId}/principal"`);

    const details = await page(`/account/mandates/${mandateId}/principal`, agent.cookie);
    expect(details.statusCode).toBe(200);
    expect(details.body).toContain("冯桂芝");
    expect(details.body).toContain("古城村委会");
    expect(details.body).not.toContain(principal.idNumber);
    expect(details.body).not.toContain(principal.mobile);

    const mine = await formSession(t, "/account/mandates", principal.cookie);
    expect(mine.page.body).toContain("代办人：陈代办");
    expect(mine.page.body).toContain("委托人短信验证码确认");
    expect(mine.page.body).toContain("查看您的个人信息");
    const revoked = await postForm(t, `/account/mandates/${mandateId}/revoke`, { back: "granted" }, mine);
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe("/account/mandates?done=revoked");
    expect((await page("/account/mandates?done=revoked", principal.cookie)).body).toContain(
      '<span class="tag">已撤销</span>',
    );

    const refused = await page(`/account/mandates/${mandateId}/principal`, agent.cookie);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("该授权已撤销，不能再使用。");
    const after = await page("/account/mandates/held", agent.cookie);
    expect(after.body).not.toContain(`href="/account/mandates/${mandateId}/principal"`);
  });

  it("refuse a revocation posted without the form's token, and keep the mandate", async () => {
    const principal = await someone(t);
    const agent = await someone(t);
    const granted = await as(t, principal, "POST", "/api/v1/mandates", {
      agent: agent.idNumber,
      agentName: agent.name,
      validUntil: day(10),
    });
    const id = granted.json().id as string;
    const session = await formSession(t, "/account/mandates", principal.cookie);
    const forged = await postForm(t, `/account/mandates/${id}/revoke`, {}, { cookie: session.cookie });
    expect(forged.statusCode).toBe(403);
    const still = await as(t, agent, "GET", `/api/v1/mandates/${id}/principal`);
    expect(still.statusCode).toBe(200);
  });

  it("say at the top of the page when a code can no longer be used", async () => {
    const principal = await someone(t);
    const agent = await someone(t);
    const held = await formSession(t, "/account/mandates/held", agent.cookie);
    await postForm(
      t,
      "/account/mandates/held",
      { principalName: principal.name, principal: principal.idNumber, validUntil: day(10) },
      held,
    );
    const code = String((await consentMessage(t, principal.mobile)).params.code);
    const listed = await page("/account/mandates/held", agent.cookie);
    const mandateId = /action="\/account\/mandates\/([0-9a-f-]{36})\/consent"/.exec(
      listed.body,
    )?.[1] as string;
    let last = listed;
    for (let i = 0; i < 5; i++)
      last = await postForm(t, `/account/mandates/${mandateId}/consent`, { code: otherCode(code) }, held);
    expect(last.statusCode).toBe(409);
    expect(last.body).toMatch(/<div class="error-summary" role="alert"><p>该申请未获确认，已作废/);
    expect(last.body).toContain('<span class="tag">已作废</span>');
    expect(last.body).not.toContain(`/account/mandates/${mandateId}/consent`);
  });

  it("render in English for both roles, and let the agent renounce", async () => {
    const principal = await someone(t, { name: "Li Mei" });
    const agent = await someone(t, { name: "Wang Gang" });
    await as(t, principal, "POST", "/api/v1/mandates", {
      agent: agent.email,
      agentName: agent.name,
      validUntil: day(30),
    });
    const english = (cookie: string) => `${cookie}; tb_lang=en`;
    const granted = await page("/account/mandates", english(principal.cookie));
    expect(granted.body).toContain('<html lang="en"');
    expect(granted.body).toContain("<h1>My mandates</h1>");
    expect(granted.body).toContain("Agent: Wang Gang");
    expect(granted.body).toContain("every service");
    expect(granted.body).toContain('<span class="tag">in force</span>');
    expect(granted.body).toContain("Let someone act for you");

    const held = await formSession(t, "/account/mandates/held", english(agent.cookie));
    expect(held.page.body).toContain("<h1>Mandates I hold</h1>");
    expect(held.page.body).toContain("Principal: Li Mei");
    expect(held.page.body).toContain("See the person's details");
    expect(held.page.body).toContain("Ask for a mandate at a service point");
    const mandateId = /\/account\/mandates\/([0-9a-f-]{36})\/revoke/.exec(held.page.body)?.[1] as string;
    const renounced = await postForm(t, `/account/mandates/${mandateId}/revoke`, { back: "held" }, held);
    expect(renounced.headers.location).toBe("/account/mandates/held?done=renounced");
    const after = await page(renounced.headers.location as string, english(agent.cookie));
    expect(after.body).toContain("You have given up the mandate.");
    expect(after.body).toContain('<span class="tag">revoked</span>');
  });
});
