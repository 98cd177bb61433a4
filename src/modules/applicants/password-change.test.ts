import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { personAccount, seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { mobileNumber } from "../mandates/testing.ts";
import { apiSignIn, formSession, postForm, sessionCookie } from "./testing.ts";
import { auditActionsOf, failuresOf, platformOnlyPerson } from "./testing-accounts.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0", SIGNIN_MAX_FAILURES: "3" },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const FRESH = "bamboo rafts on the xitiao 2026";

const change = (cookie: string, body: Record<string, unknown>) =>
  t.app.inject({ method: "PUT", url: "/api/v1/account/password", headers: { cookie }, payload: body });
const me = (cookie: string) => t.app.inject({ url: "/api/v1/account", headers: { cookie } });

describe("changing one's own password", () => {
  it("is changed with the current one; other sessions end, this one stays, the old password stops working", async () => {
    const person = await personAccount(t.platform);
    const here = await sessionCookie(t, person.email);
    const elsewhere = await sessionCookie(t, person.email);
    const changed = await change(here, { currentPassword: TEST_PASSWORD, newPassword: FRESH });
    expect(changed.statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await apiSignIn(t, person.email)).statusCode).toBe(401);
    expect((await apiSignIn(t, person.email, FRESH)).statusCode).toBe(201);
    expect(await auditActionsOf(t, person.id)).toContain("person.password_changed");
  });

  it("refuses a missing or wrong current password, a weak new one, one built on the ID number, and the same one", async () => {
    const person = await personAccount(t.platform, { mobile: "13912340000" });
    const cookie = await sessionCookie(t, person.email);
    const fieldsOf = async (body: Record<string, unknown>) => {
      const response = await change(cookie, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe("validation_failed");
      return response.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]);
    };

    // The new password's problems cost no try: the current one is not even looked at.
    expect(await fieldsOf({ currentPassword: "", newPassword: "short" })).toEqual([
      ["/currentPassword", "Fill this in"],
      ["/newPassword", expect.stringMatching(/at least 10/)],
    ]);
    expect(await fieldsOf({ currentPassword: "wrong", newPassword: "password123" })).toEqual([
      ["/newPassword", expect.stringMatching(/most common/)],
    ]);
    expect(
      await fieldsOf({ currentPassword: "wrong", newPassword: `my id ${person.idNumber.slice(6, 14)} ok` }),
    ).toEqual([["/newPassword", expect.stringMatching(/ID number/)]]);
    expect(await fieldsOf({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD })).toEqual([
      ["/newPassword", "The new password must differ from the current one"],
    ]);
    expect(await failuresOf(t, person.id)).toBe(0);

    // A wrong current password counts like a failed sign-in.
    expect(await fieldsOf({ currentPassword: "not my password", newPassword: FRESH })).toEqual([
      ["/currentPassword", "This is not your current password"],
    ]);
    expect(await failuresOf(t, person.id)).toBe(1);
    expect(await auditActionsOf(t, person.id)).toContain("person.reauth_failed");

    const schema = await change(cookie, { currentPassword: TEST_PASSWORD });
    expect(schema.statusCode).toBe(400);
    expect((await apiSignIn(t, person.email)).statusCode).toBe(201);
    expect(await failuresOf(t, person.id)).toBe(0);
  });

  it("locks the account at the last wrong current password allowed and ends every session, this one too", async () => {
    const person = await personAccount(t.platform);
    const cookie = await sessionCookie(t, person.email);
    const other = await sessionCookie(t, person.email);
    const wrong = { currentPassword: "a guess from a stolen session", newPassword: FRESH };
    expect((await change(cookie, wrong)).statusCode).toBe(400);
    expect((await change(cookie, wrong)).statusCode).toBe(400);
    const locked = await change(cookie, wrong);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe("account_locked");
    expect(locked.headers["retry-after"]).toBe("900");
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(401);
    // Locked: even the right password does not sign in.
    expect((await apiSignIn(t, person.email)).statusCode).toBe(423);
  });

  it("refuses an address locked out by wrong sign-ins, even with the right current password", async () => {
    const person = await personAccount(t.platform);
    const cookie = await sessionCookie(t, person.email);
    for (let i = 0; i < 3; i++) await apiSignIn(t, person.email, "someone guessing");
    expect(await failuresOf(t, person.id)).toBe(3);
    const refused = await change(cookie, { currentPassword: TEST_PASSWORD, newPassword: FRESH });
    expect(refused.statusCode).toBe(423);
    expect(refused.json().code).toBe("account_locked");
    expect(await failuresOf(t, person.id)).toBe(3);
  });

  it("tells an account without a password, opened through the identity platform, where its password is", async () => {
    const person = await platformOnlyPerson(t, mobileNumber());
    const refused = await change(person.cookie, { currentPassword: "anything", newPassword: FRESH });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "no_password" });
    expect(refused.json().title).toContain("统一身份认证平台");
  });

  it("is refused to strangers (401) and to staff (403)", async () => {
    const body = { currentPassword: TEST_PASSWORD, newPassword: FRESH };
    const anonymous = await t.app.inject({ method: "PUT", url: "/api/v1/account/password", payload: body });
    expect(anonymous.statusCode).toBe(401);
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    const signedIn = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username: clerk.username, password: TEST_PASSWORD },
    });
    const staff = await change(`tb_session=${cookiesOf(signedIn).tb_session}`, body);
    expect(staff.statusCode).toBe(403);
  });
});

describe("the password form on the account page", () => {
  it("shows each problem under its field, never what was typed, then changes the password", async () => {
    const person = await personAccount(t.platform);
    const cookie = await sessionCookie(t, person.email);
    const elsewhere = await sessionCookie(t, person.email);
    const session = await formSession(t, "/account", cookie);
    expect(session.page.body).toContain('action="/account/password"');
    expect(session.page.body).toContain('autocomplete="current-password"');

    const weak = await postForm(
      t,
      "/account/password",
      { currentPassword: "typed secret one", newPassword: "aaaaaaaaaaaa" },
      session,
    );
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('href="#pw-newPassword"');
    expect(weak.body).toContain("密码不能只由一两个字符重复组成");
    expect(weak.body).not.toContain("typed secret one");

    const wrong = await postForm(
      t,
      "/account/password",
      { currentPassword: "typed secret one", newPassword: FRESH },
      session,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#pw-currentPassword"');
    expect(wrong.body).toContain("这不是您当前的密码");
    expect(wrong.body).not.toContain(FRESH);

    const done = await postForm(
      t,
      "/account/password",
      { currentPassword: TEST_PASSWORD, newPassword: FRESH },
      session,
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/account?done=password");
    const page = await t.app.inject({ url: "/account?done=password", headers: { cookie } });
    expect(page.body).toContain("密码已修改");
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await apiSignIn(t, person.email, FRESH)).statusCode).toBe(201);
  });

  it("refuses the form without its CSRF token (403) and changes nothing", async () => {
    const person = await personAccount(t.platform);
    const cookie = await sessionCookie(t, person.email);
    const session = await formSession(t, "/account", cookie);
    const forged = await postForm(
      t,
      "/account/password",
      { currentPassword: TEST_PASSWORD, newPassword: FRESH },
      { cookie: session.cookie },
    );
    expect(forged.statusCode).toBe(403);
    expect((await apiSignIn(t, person.email)).statusCode).toBe(201);
  });

  it("signs the person out when the wrong password locks the account, saying so", async () => {
    const person = await personAccount(t.platform);
    const cookie = await sessionCookie(t, person.email);
    const session = await formSession(t, "/account", cookie);
    const wrong = { currentPassword: "guessing", newPassword: FRESH };
    await postForm(t, "/account/password", wrong, session);
    await postForm(t, "/account/password", wrong, session);
    const locked = await postForm(t, "/account/password", wrong, session);
    expect(locked.statusCode).toBe(423);
    expect(locked.body).toContain("账号已暂时锁定");
    expect(String(locked.headers["set-cookie"])).toMatch(/tb_session=;/);
    expect((await t.app.inject({ url: "/account", headers: { cookie } })).statusCode).toBe(303);
  });

  it("tells a person without a password why there is no form", async () => {
    const person = await platformOnlyPerson(t, mobileNumber());
    const page = await t.app.inject({ url: "/account", headers: { cookie: person.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('action="/account/password"');
    expect(page.body).toContain("您的账号没有设置密码");
  });
});
