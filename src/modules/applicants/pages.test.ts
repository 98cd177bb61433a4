import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import {
  creditCode,
  idNumber,
  personAccount,
  seedRegionSlice,
  TEST_PASSWORD,
} from "../../../test/factories.ts";
import { deliverJob } from "../notify/jobs.ts";
import { type MailSink, startMailSink } from "../notify/testing.ts";
import { formSession, outbox, postForm, sessionCookie, tokenFor } from "./testing.ts";

let t: TestApp;
let sink: MailSink;

beforeAll(async () => {
  sink = await startMailSink();
  t = await createTestApp({
    env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0", SMTP_URL: sink.url },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(async () => {
  await t?.close();
  await sink?.stop();
});

const uniqueEmail = () => `page.${Math.random().toString(36).slice(2, 10)}@example.cn`;

describe("the sign-up page", () => {
  it("lists every problem in a summary linked to its field, keeps what was typed, never the password", async () => {
    const session = await formSession(t, "/account/signup");
    expect(session.page.statusCode).toBe(200);
    const valid = idNumber();
    const wrong = valid.slice(0, 17) + (valid.at(-1) === "1" ? "2" : "1");
    const response = await postForm(
      t,
      "/account/signup",
      {
        name: "赵六",
        idNumber: wrong,
        email: "bad",
        mobile: "",
        password: "password123",
        addressRegionCode: "",
      },
      session,
    );
    expect(response.statusCode).toBe(400);
    const body = response.body;
    expect(body).toContain('class="error-summary"');
    for (const field of ["idNumber", "email", "password"]) {
      expect(body).toContain(`href="#${field}"`);
      expect(body).toMatch(
        new RegExp(`id="${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${field}"`),
      );
    }
    expect(body).not.toContain('href="#name"');
    expect(body).toContain("身份证号码校验位不正确");
    expect(body).toContain("这是常用密码");
    expect(body).toContain(`value="${wrong}"`);
    expect(body).not.toContain("password123");
  });

  it("refuses a form posted without its CSRF token (403)", async () => {
    const session = await formSession(t, "/account/signup");
    const response = await postForm(
      t,
      "/account/signup",
      { name: "赵六", idNumber: idNumber(), email: uniqueEmail(), password: TEST_PASSWORD },
      { cookie: session.cookie },
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain("请刷新页面后重新提交");
  });

  it("signs up, sends the confirmation e-mail over SMTP, and the link confirms the address", async () => {
    const email = uniqueEmail();
    const id = idNumber();
    const session = await formSession(t, "/account/signup");
    const response = await postForm(
      t,
      "/account/signup",
      {
        name: "孙七",
        idNumber: id,
        email,
        mobile: "13800138000",
        password: TEST_PASSWORD,
        addressRegionCode: "330523001201",
      },
      session,
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/account/signup/done");
    expect((await t.app.inject(response.headers.location as string)).body).toContain("请查收邮件");

    const [queued] = await outbox(t, email);
    const { database, log, config, jobs } = t.platform;
    await deliverJob.run({ id: queued?.id as string }, { db: database.db, log, config, jobs });
    const mail = sink.received.find((m) => m.envelopeTo.includes(email));
    expect(mail?.subject).toBe("请确认您的电子邮箱 — 通办");
    const link = /http:\/\/localhost:3000(\/account\/verify\?token=[\w-]+)/.exec(
      mail?.text ?? "",
    )?.[1] as string;
    expect(link).toBeDefined();

    // Opening the link confirms nothing by itself (mail scanners open links); the button does.
    const page = await formSession(t, link);
    expect(page.page.body).toContain("确认电子邮箱");
    const token = new URL(link, "http://x").searchParams.get("token") as string;
    const confirmed = await postForm(t, "/account/verify", { token }, page);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain("电子邮箱已确认");
    const again = await postForm(t, "/account/verify", { token }, page);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain("已使用过");

    const cookie = await sessionCookie(t, email);
    const account = await t.app.inject({ url: "/account", headers: { cookie } });
    expect(account.body).toContain("已确认");
    expect(account.body).toContain(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(account.body).not.toContain(id);
    expect(account.body).toContain("古城村委会");
  });

  it("says an account exists and points to sign-in and password reset", async () => {
    const person = await personAccount(t.platform);
    const session = await formSession(t, "/account/signup");
    const response = await postForm(
      t,
      "/account/signup",
      { name: "重复", idNumber: person.idNumber, email: uniqueEmail(), password: TEST_PASSWORD },
      session,
    );
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain("该身份证号码或电子邮箱已注册账号");
    expect(response.body).toContain('href="/account/reset"');
  });
});

describe("the sign-in page", () => {
  it("refuses a wrong password with the summary, then signs in and lands on the account page", async () => {
    const person = await personAccount(t.platform);
    const session = await formSession(t, "/account/signin");
    const wrong = await postForm(
      t,
      "/account/signin",
      { identifier: person.email, password: "nope", next: "/account" },
      session,
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain("账号或密码不正确");
    expect(wrong.body).toContain('href="#identifier"');

    const empty = await postForm(t, "/account/signin", { identifier: "", password: "" }, session);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#password"');

    const planted = `${session.cookie}; tb_session=planted-before-sign-in-0123456789abcdefghijk`;
    const ok = await postForm(
      t,
      "/account/signin",
      { identifier: person.idNumber, password: TEST_PASSWORD, next: "//evil.example/" },
      { csrf: session.csrf, cookie: planted },
    );
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe("/account");
    const token = cookiesOf(ok).tb_session as string;
    expect(token).not.toContain("planted");
    const account = await t.app.inject({ url: "/account", headers: { cookie: `tb_session=${token}` } });
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain(person.name);

    const out = await formSession(t, "/account", `tb_session=${token}`);
    const signedOut = await postForm(t, "/account/signout", {}, out);
    expect(signedOut.statusCode).toBe(303);
    expect(
      (await t.app.inject({ url: "/account", headers: { cookie: `tb_session=${token}` } })).statusCode,
    ).toBe(303);
  });

  it("sends a visitor without a session from the account page to sign-in", async () => {
    const response = await t.app.inject("/account");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/account/signin?next=%2Faccount");
  });
});

describe("the password reset pages", () => {
  it("answers alike for any address, refuses a weak password, then changes it", async () => {
    const person = await personAccount(t.platform);
    const session = await formSession(t, "/account/reset");
    const known = await postForm(t, "/account/reset", { email: person.email }, session);
    const unknown = await postForm(t, "/account/reset", { email: "nobody@example.cn" }, session);
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(known.body).toContain("60 分钟内有效");
    expect(unknown.body).toContain("60 分钟内有效");

    const token = await tokenFor(t, person.email, "account.reset_password");
    const choose = await formSession(t, `/account/reset?token=${token}`);
    const weak = await postForm(t, "/account/reset/complete", { token, password: "aaaaaaaaaaaa" }, choose);
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('href="#password"');
    const done = await postForm(
      t,
      "/account/reset/complete",
      { token, password: "tea hills of anji 2026" },
      choose,
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/account/signin?reset=1");
    const replay = await postForm(
      t,
      "/account/reset/complete",
      { token, password: "tea hills of anji 2027" },
      choose,
    );
    expect(replay.statusCode).toBe(410);
    expect(replay.body).toContain('href="/account/reset"');
  });
});

describe("organisations on the account page", () => {
  it("registers, grants and revokes agents through forms, with errors linked to their fields", async () => {
    const rep = await personAccount(t.platform);
    const helper = await personAccount(t.platform, { name: "周八" });
    const cookie = await sessionCookie(t, rep.email);
    const session = await formSession(t, "/account", cookie);
    expect(session.page.body).toContain("您还没有代表或经办的单位");

    const code = creditCode();
    const bad = await postForm(
      t,
      "/account/organisations",
      {
        kind: "enterprise",
        name: "安吉竹业",
        creditCode: `${code.slice(0, 17)}${code.at(-1) === "0" ? "1" : "0"}`,
        regionCode: "330523",
      },
      session,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#org-creditCode"');
    expect(bad.body).toContain("统一社会信用代码校验位不正确");

    const good = await postForm(
      t,
      "/account/organisations",
      { kind: "enterprise", name: "安吉竹业", creditCode: code, regionCode: "330523" },
      session,
    );
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe("/account?done=registered");
    const organisation = await t.platform.database.db
      .selectFrom("organisations")
      .select("id")
      .where("credit_code", "=", code)
      .executeTakeFirstOrThrow();

    const granted = await postForm(
      t,
      `/account/organisations/${organisation.id}/agents`,
      { agent: helper.email, services: "TAX.1，SOC.2" },
      session,
    );
    expect(granted.statusCode).toBe(303);
    const page = await t.app.inject({ url: "/account?done=granted", headers: { cookie } });
    expect(page.body).toContain("经办人已授权");
    expect(page.body).toContain("周八");
    expect(page.body).toContain("TAX.1, SOC.2");
    expect(page.body).not.toContain(helper.idNumber);

    const refused = await postForm(
      t,
      `/account/organisations/${organisation.id}/agents`,
      { agent: "nobody@x.cn", services: "" },
      session,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`href="#g${organisation.id}-agent"`);

    const revoked = await postForm(
      t,
      `/account/organisations/${organisation.id}/agents/${helper.id}/revoke`,
      {},
      session,
    );
    expect(revoked.headers.location).toBe("/account?done=revoked");
    expect((await t.app.inject({ url: "/account", headers: { cookie } })).body).not.toContain("周八");
  });
});
