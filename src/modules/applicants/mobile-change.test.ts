import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { personAccount, seedRegionSlice, TEST_PASSWORD } from "../../../test/factories.ts";
import { mobileNumber, otherCode } from "../mandates/testing.ts";
import { formSession, outbox, postForm, sessionCookie } from "./testing.ts";
import { auditActionsOf, failuresOf, platformOnlyPerson } from "./testing-accounts.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0", SIGNIN_MAX_FAILURES: "3" },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const ask = (cookie: string, body: Record<string, unknown>) =>
  t.app.inject({ method: "POST", url: "/api/v1/account/mobile", headers: { cookie }, payload: body });
const confirm = (cookie: string, code: string) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/account/mobile/confirm",
    headers: { cookie },
    payload: { code },
  });
const me = (cookie: string) => t.app.inject({ url: "/api/v1/account", headers: { cookie } });
const masked = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;

/** The code of the newest text message sent to a number. */
async function codeSentTo(mobile: string): Promise<string> {
  const message = (await outbox(t, mobile)).filter((m) => m.template === "one_time_code").at(-1);
  if (!message) throw new Error(`No code was sent to ${mobile}`);
  return String(message.params.code);
}

/** A person with a mobile number, signed in. */
async function holder() {
  const mobile = mobileNumber();
  const person = await personAccount(t.platform, { mobile });
  return { ...person, mobile, cookie: await sessionCookie(t, person.email) };
}

describe("changing the mobile number", () => {
  it("changes it only when the code sent to the new number comes back, once", async () => {
    const person = await holder();
    const fresh = mobileNumber();
    const asked = await ask(person.cookie, { mobile: `+86 ${fresh}`, password: TEST_PASSWORD });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ sentTo: masked(fresh), expiresAt: expect.any(String) });
    const minutes = (Date.parse(asked.json().expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);

    const [message, ...more] = await outbox(t, fresh);
    expect(more).toEqual([]);
    expect(message).toMatchObject({
      template: "one_time_code",
      locale: "zh-CN",
      params: { purpose: "更换通办账号的手机号码", minutes: 10 },
    });
    expect(await outbox(t, person.mobile)).toEqual([]);
    // Nothing changes until the code comes back, and the number waiting is kept only encrypted.
    expect((await me(person.cookie)).json().mobileMasked).toBe(masked(person.mobile));
    const waiting = await t.platform.database.db
      .selectFrom("person_mobile_changes")
      .selectAll()
      .where("person_id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(waiting)).not.toContain(fresh);
    expect(JSON.stringify(waiting)).not.toContain(String(message?.params.code));

    const done = await confirm(person.cookie, ` ${await codeSentTo(fresh)} `);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ id: person.id, mobileMasked: masked(fresh) });
    const row = await t.platform.database.db
      .selectFrom("persons")
      .select("mobile")
      .where("id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(row.mobile).toBe(fresh);
    expect(await auditActionsOf(t, person.id)).toEqual(
      expect.arrayContaining(["person.mobile_change_requested", "person.mobile_changed"]),
    );

    const replay = await confirm(person.cookie, await codeSentTo(fresh));
    expect(replay.statusCode).toBe(409);
    expect(replay.json().code).toBe("mobile_change_none");
  });

  it("refuses a missing or wrong password (counted towards the lockout), a bad number and the current one", async () => {
    const person = await holder();
    const fieldsOf = async (body: Record<string, unknown>) => {
      const response = await ask(person.cookie, body);
      expect(response.statusCode).toBe(400);
      return response.json().errors.map((e: { field: string }) => e.field);
    };
    expect(await fieldsOf({ mobile: "12345" })).toEqual(["/mobile", "/password"]);
    expect(await fieldsOf({ mobile: "", password: TEST_PASSWORD })).toEqual(["/mobile"]);
    expect(await fieldsOf({ mobile: person.mobile, password: TEST_PASSWORD })).toEqual(["/mobile"]);
    expect(await failuresOf(t, person.id)).toBe(0);

    const fresh = mobileNumber();
    const wrong = await ask(person.cookie, { mobile: fresh, password: "not my password" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([
      { field: "/password", message: "This is not your current password" },
    ]);
    expect(await failuresOf(t, person.id)).toBe(1);
    expect(await outbox(t, fresh)).toEqual([]);

    // A right password afterwards clears the count, as a sign-in does.
    expect((await ask(person.cookie, { mobile: fresh, password: TEST_PASSWORD })).statusCode).toBe(202);
    expect(await failuresOf(t, person.id)).toBe(0);
  });

  it("ends every session when wrong passwords lock the account", async () => {
    const person = await holder();
    const body = { mobile: mobileNumber(), password: "a guess" };
    expect((await ask(person.cookie, body)).statusCode).toBe(400);
    expect((await ask(person.cookie, body)).statusCode).toBe(400);
    expect((await ask(person.cookie, body)).statusCode).toBe(423);
    expect((await me(person.cookie)).statusCode).toBe(401);
  });

  it("no longer changes the number through PATCH /api/v1/account, and says where it is changed", async () => {
    const person = await holder();
    for (const mobile of [mobileNumber(), null]) {
      const refused = await t.app.inject({
        method: "PATCH",
        url: "/api/v1/account",
        headers: { cookie: person.cookie },
        payload: { mobile, addressRegionCode: "330523001002" },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors).toEqual([
        { field: "/mobile", message: expect.stringContaining("POST /api/v1/account/mobile") },
      ]);
    }
    const profile = (await me(person.cookie)).json();
    expect(profile).toMatchObject({ mobileMasked: masked(person.mobile), addressRegion: null });
  });

  it("counts wrong codes, and the fifth ends the code", async () => {
    const person = await holder();
    const fresh = mobileNumber();
    await ask(person.cookie, { mobile: fresh, password: TEST_PASSWORD });
    const code = await codeSentTo(fresh);
    const empty = await confirm(person.cookie, " ");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([{ field: "/code", message: "Fill this in" }]);
    for (const left of [4, 3, 2, 1]) {
      const wrong = await confirm(person.cookie, otherCode(code));
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toMatchObject({
        code: "mobile_code_wrong",
        title: `验证码不正确，还可以再试 ${left} 次。`,
      });
    }
    const last = await confirm(person.cookie, otherCode(code));
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe("mobile_code_tries");
    // Even the right code no longer works.
    const late = await confirm(person.cookie, code);
    expect(late.json().code).toBe("mobile_code_tries");
    expect((await me(person.cookie)).json().mobileMasked).toBe(masked(person.mobile));
    expect(await auditActionsOf(t, person.id)).toContain("person.mobile_change_failed");
  });

  it("refuses an expired code, and a newer code ends the older one", async () => {
    const person = await holder();
    const first = mobileNumber();
    const second = mobileNumber();
    await ask(person.cookie, { mobile: first, password: TEST_PASSWORD });
    const older = await codeSentTo(first);
    await ask(person.cookie, { mobile: second, password: TEST_PASSWORD });
    const newer = await codeSentTo(second);
    if (older !== newer) {
      const superseded = await confirm(person.cookie, older);
      expect(superseded.statusCode).toBe(400);
    }
    await t.platform.database.db
      .updateTable("person_mobile_changes")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("person_id", "=", person.id)
      .execute();
    const expired = await confirm(person.cookie, newer);
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({
      code: "mobile_code_expired",
      title: "验证码已过期。请重新获取验证码。",
    });
    expect((await me(person.cookie)).json().mobileMasked).toBe(masked(person.mobile));
  });

  it("answers a confirmation with no code waiting", async () => {
    const person = await holder();
    const none = await confirm(person.cookie, "123456");
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe("mobile_change_none");
  });

  it("sends at most three codes an hour, without checking the password of a fourth", async () => {
    const person = await holder();
    for (let i = 0; i < 3; i++) {
      expect((await ask(person.cookie, { mobile: mobileNumber(), password: TEST_PASSWORD })).statusCode).toBe(
        202,
      );
    }
    const fourth = mobileNumber();
    const refused = await ask(person.cookie, { mobile: fourth, password: "wrong, and never checked" });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe("mobile_code_limit");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(3500);
    expect(await outbox(t, fourth)).toEqual([]);
    expect(await failuresOf(t, person.id)).toBe(0);
  });

  it("lets an account without a password change it only soon after signing in through the platform", async () => {
    const recent = await platformOnlyPerson(t, mobileNumber(), 2);
    const fresh = mobileNumber();
    expect((await ask(recent.cookie, { mobile: fresh })).statusCode).toBe(202);
    expect((await confirm(recent.cookie, await codeSentTo(fresh))).json().mobileMasked).toBe(masked(fresh));

    const stale = await platformOnlyPerson(t, mobileNumber(), 11);
    const refused = await ask(stale.cookie, { mobile: mobileNumber() });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: "recent_signin_needed" });
    expect(refused.json().title).toContain("10 分钟内");
  });

  it("removes the number with the password, ending a code that waits; without a number asks nothing", async () => {
    const person = await holder();
    const remove = (body: Record<string, unknown>) =>
      t.app.inject({
        method: "DELETE",
        url: "/api/v1/account/mobile",
        headers: { cookie: person.cookie },
        payload: body,
      });
    const fresh = mobileNumber();
    await ask(person.cookie, { mobile: fresh, password: TEST_PASSWORD });

    const missing = await remove({});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([{ field: "/password", message: "Fill this in" }]);
    const wrong = await remove({ password: "not my password" });
    expect(wrong.json().errors).toEqual([
      { field: "/password", message: "This is not your current password" },
    ]);
    expect(await failuresOf(t, person.id)).toBe(1);
    expect((await me(person.cookie)).json().mobileMasked).toBe(masked(person.mobile));

    const removed = await remove({ password: TEST_PASSWORD });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().mobileMasked).toBeNull();
    expect(await auditActionsOf(t, person.id)).toContain("person.mobile_removed");
    const late = await confirm(person.cookie, await codeSentTo(fresh));
    expect(late.statusCode).toBe(410);
    expect((await me(person.cookie)).json().mobileMasked).toBeNull();

    const again = await remove({});
    expect(again.statusCode).toBe(200);
    expect(again.json().mobileMasked).toBeNull();
  });

  it("is refused to strangers", async () => {
    expect((await ask("", { mobile: mobileNumber(), password: TEST_PASSWORD })).statusCode).toBe(401);
    expect((await confirm("", "123456")).statusCode).toBe(401);
  });
});

describe("the mobile number forms on the account page", () => {
  it("asks for the new number and the password, then for the code, and shows the new number", async () => {
    const person = await holder();
    const session = await formSession(t, "/account", person.cookie);
    expect(session.page.body).toContain('action="/account/mobile"');
    expect(session.page.body).not.toContain('action="/account/mobile/confirm"');

    const bad = await postForm(t, "/account/mobile", { mobile: "12345", password: "" }, session);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#mn-mobile"');
    expect(bad.body).toContain('href="#mn-password"');
    expect(bad.body).toContain("请填写 11 位手机号码");
    expect(bad.body).toContain('value="12345"');

    const fresh = mobileNumber();
    const sent = await postForm(t, "/account/mobile", { mobile: fresh, password: TEST_PASSWORD }, session);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe("/account?done=mobileSent");
    const page = await t.app.inject({ url: "/account?done=mobileSent", headers: { cookie: person.cookie } });
    expect(page.body).toContain("验证码已发送到新号码");
    expect(page.body).toContain(`验证码已发送到 ${masked(fresh)}`);
    expect(page.body).toContain('autocomplete="one-time-code"');

    const code = await codeSentTo(fresh);
    const wrong = await postForm(t, "/account/mobile/confirm", { code: otherCode(code) }, session);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#mc-code"');
    expect(wrong.body).toContain("验证码不正确，还可以再试 4 次");

    const done = await postForm(t, "/account/mobile/confirm", { code }, session);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/account?done=mobile");
    const after = await t.app.inject({ url: "/account?done=mobile", headers: { cookie: person.cookie } });
    expect(after.body).toContain("手机号码已更换");
    expect(after.body).toContain(masked(fresh));
    expect(after.body).not.toContain('action="/account/mobile/confirm"');
  });

  it("refuses the forms without their CSRF token (403)", async () => {
    const person = await holder();
    const session = await formSession(t, "/account", person.cookie);
    const fresh = mobileNumber();
    const forged = await postForm(
      t,
      "/account/mobile",
      { mobile: fresh, password: TEST_PASSWORD },
      { cookie: session.cookie },
    );
    expect(forged.statusCode).toBe(403);
    expect(await outbox(t, fresh)).toEqual([]);
    const forgedCode = await postForm(
      t,
      "/account/mobile/confirm",
      { code: "123456" },
      { cookie: session.cookie },
    );
    expect(forgedCode.statusCode).toBe(403);
  });

  it("keeps the address form working, and it no longer touches the mobile number", async () => {
    const person = await holder();
    const session = await formSession(t, "/account", person.cookie);
    const saved = await postForm(
      t,
      "/account/contact",
      { addressRegionCode: "330523001002", mobile: "13700001111" },
      session,
    );
    expect(saved.statusCode).toBe(303);
    const profile = (await me(person.cookie)).json();
    expect(profile).toMatchObject({
      mobileMasked: masked(person.mobile),
      addressRegion: { code: "330523001002" },
    });
  });

  it("removes the number through its own form, asking the password", async () => {
    const person = await holder();
    const session = await formSession(t, "/account", person.cookie);
    expect(session.page.body).toContain('action="/account/mobile/remove"');
    const wrong = await postForm(t, "/account/mobile/remove", { password: "nope" }, session);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#mr-password"');
    const done = await postForm(t, "/account/mobile/remove", { password: TEST_PASSWORD }, session);
    expect(done.headers.location).toBe("/account?done=mobileRemoved");
    const page = await t.app.inject({
      url: "/account?done=mobileRemoved",
      headers: { cookie: person.cookie },
    });
    expect(page.body).toContain("手机号码已删除");
    expect(page.body).not.toContain('action="/account/mobile/remove"');
  });

  it("tells a person without a password how to change the number", async () => {
    const person = await platformOnlyPerson(t, mobileNumber(), 30);
    const page = await t.app.inject({ url: "/account", headers: { cookie: person.cookie } });
    expect(page.body).toContain("登录后 10 分钟内更换手机号码");
    expect(page.body).not.toContain('id="mn-password"');
    const session = await formSession(t, "/account", person.cookie);
    const refused = await postForm(t, "/account/mobile", { mobile: mobileNumber() }, session);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("请退出后重新通过省统一身份认证平台登录");
  });
});
