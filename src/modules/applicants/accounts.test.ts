import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { idNumber, personAccount, seedRegionSlice, TEST_PASSWORD } from "../../../test/factories.ts";
import { decrypt } from "../../platform/crypto.ts";
import { apiSignIn, outbox, sessionCookie, tokenFor } from "./testing.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const uniqueEmail = () => `someone.${Math.random().toString(36).slice(2, 10)}@example.cn`;

function signUp(body: Record<string, unknown>) {
  return t.app.inject({ method: "POST", url: "/api/v1/accounts", payload: body });
}

function goodSignUp(overrides: Record<string, unknown> = {}) {
  return {
    name: "李明",
    idNumber: idNumber(),
    email: uniqueEmail(),
    mobile: "138 0013 8000",
    password: TEST_PASSWORD,
    addressRegionCode: "330523001201",
    ...overrides,
  };
}

/** An ID number with every digit right but the check digit. */
function withWrongCheckDigit(valid: string): string {
  const last = valid.at(-1) === "1" ? "2" : "1";
  return valid.slice(0, 17) + last;
}

describe("signing up", () => {
  it("opens an account, keeps the ID number only encrypted, and queues the confirmation e-mail", async () => {
    const body = goodSignUp();
    const response = await signUp(body);
    expect(response.statusCode).toBe(201);
    const { personId } = response.json();

    const row = await t.platform.database.db
      .selectFrom("persons")
      .selectAll()
      .where("id", "=", personId)
      .executeTakeFirstOrThrow();
    // The plain number appears nowhere in the row.
    expect(JSON.stringify(row)).not.toContain(body.idNumber);
    expect(JSON.stringify(row)).not.toContain(body.idNumber.slice(6, 14));
    expect(decrypt(t.platform.config.personalDataKey, row.id_number_enc)).toBe(body.idNumber);
    expect(row.id_number_masked).toBe(`${body.idNumber.slice(0, 4)}**********${body.idNumber.slice(-4)}`);
    expect(row).toMatchObject({
      mobile: "13800138000",
      address_region_code: "330523001201",
      email_verified_at: null,
    });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);

    const [message, ...more] = await outbox(t, body.email);
    expect(more).toEqual([]);
    expect(message).toMatchObject({
      template: "account.verify_email",
      locale: "zh-CN",
      params: { name: "李明" },
    });
    expect(String(message?.params.link)).toMatch(
      /^http:\/\/localhost:3000\/account\/verify\?token=[\w-]{43}$/,
    );
  });

  it("reports every problem at once: check digit, e-mail, weak password, mobile, unknown region", async () => {
    const response = await signUp({
      name: " ",
      idNumber: withWrongCheckDigit(idNumber()),
      email: "not-an-address",
      mobile: "12345",
      password: "password123",
      addressRegionCode: "330599",
    });
    expect(response.statusCode).toBe(400);
    const problem = response.json();
    expect(problem.code).toBe("validation_failed");
    const byField = Object.fromEntries(
      problem.errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    expect(byField).toEqual({
      "/name": "Fill this in",
      "/idNumber": expect.stringContaining("check digit"),
      "/email": expect.stringContaining("valid e-mail"),
      "/mobile": expect.stringContaining("11-digit"),
      "/password": expect.stringContaining("most common"),
      "/addressRegionCode": expect.stringContaining("330599"),
    });
  });

  it("refuses an impossible birth date, a malformed number and each weak password with its reason", async () => {
    // 1990-02-30 does not exist; the check digit is not even looked at.
    const feb30 = "330523199002300010";
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ idNumber: feb30 }, "/idNumber", /birth date/],
      [{ idNumber: "33052319900307001" }, "/idNumber", /18 characters/],
      [{ password: "short" }, "/password", /at least 10/],
      [{ password: "ababababababab" }, "/password", /repeated/],
      [{ password: "1qaz2wsx3edc" }, "/password", /common/],
      [{ password: "Tongban@2026!" }, "/password", /words of this service/],
      [{ password: "通办政务2026年!!" }, "/password", /words of this service/],
      // The address region (a village of 递铺街道, 安吉县, 湖州市, 浙江省), in pinyin and characters.
      [{ password: "anji-huzhou-2026!" }, "/password", /name of your region/],
      [{ password: "递铺街道安吉县2026" }, "/password", /name of your region/],
    ];
    for (const [overrides, field, message] of cases) {
      const response = await signUp(goodSignUp(overrides));
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(response.json().errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    }
    // A password built on the person's own ID number.
    const id = idNumber();
    const own = await signUp(goodSignUp({ idNumber: id, password: `my id ${id}` }));
    expect(own.json().errors).toEqual([{ field: "/password", message: expect.stringMatching(/ID number/) }]);
  });

  it("refuses a second account for the same ID number or e-mail (any case) and says what to do", async () => {
    const first = goodSignUp();
    expect((await signUp(first)).statusCode).toBe(201);
    const sameId = await signUp(goodSignUp({ idNumber: first.idNumber.toLowerCase() }));
    expect(sameId.statusCode).toBe(409);
    expect(sameId.json().code).toBe("account_exists");
    expect(sameId.json().title).toContain("请直接登录");
    const sameEmail = await signUp(goodSignUp({ email: first.email.toUpperCase() }));
    expect(sameEmail.statusCode).toBe(409);
    const english = await t.app.inject({
      method: "POST",
      url: "/api/v1/accounts",
      headers: { "accept-language": "en" },
      payload: goodSignUp({ email: first.email }),
    });
    expect(english.json().title).toMatch(/Sign in, or reset the password/);
    const count = await t.platform.database.db
      .selectFrom("persons")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("email", "=", first.email)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("refuses unknown fields and over-long values at the schema", async () => {
    expect((await signUp({ ...goodSignUp(), admin: true })).statusCode).toBe(400);
    expect((await signUp(goodSignUp({ name: "x".repeat(101) }))).statusCode).toBe(400);
  });
});

describe("confirming the e-mail address", () => {
  it("confirms once; the same link a second time is refused", async () => {
    const person = await personAccount(t.platform);
    const token = await tokenFor(t, person.email, "account.verify_email");
    const verify = () =>
      t.app.inject({ method: "POST", url: "/api/v1/accounts/verify-email", payload: { token } });
    expect((await verify()).statusCode).toBe(204);
    const cookie = await sessionCookie(t, person.email);
    expect((await t.app.inject({ url: "/api/v1/account", headers: { cookie } })).json().emailVerified).toBe(
      true,
    );

    const replay = await verify();
    expect(replay.statusCode).toBe(410);
    expect(replay.json().code).toBe("link_used");
  });

  it("refuses an expired link and an unknown one, and a fresh link works", async () => {
    const person = await personAccount(t.platform);
    const token = await tokenFor(t, person.email, "account.verify_email");
    await t.platform.database.db
      .updateTable("account_tokens")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("person_id", "=", person.id)
      .execute();
    const expired = await t.app.inject({
      method: "POST",
      url: "/api/v1/accounts/verify-email",
      payload: { token },
    });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe("link_expired");
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/accounts/verify-email",
      payload: { token: "made-up" },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe("link_invalid");

    const cookie = await sessionCookie(t, person.email);
    const resend = await t.app.inject({
      method: "POST",
      url: "/api/v1/account/email-verification",
      headers: { cookie },
      payload: {},
    });
    expect(resend.statusCode).toBe(202);
    const fresh = await tokenFor(t, person.email, "account.verify_email");
    expect(fresh).not.toBe(token);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/api/v1/accounts/verify-email",
          payload: { token: fresh },
        })
      ).statusCode,
    ).toBe(204);
  });
});

describe("resetting a forgotten password", () => {
  const ask = (email: string) =>
    t.app.inject({ method: "POST", url: "/api/v1/accounts/password-reset", payload: { email } });
  const complete = (token: string, password: string) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/accounts/password-reset/complete",
      payload: { token, password },
    });

  it("answers the same for an unknown address and sends nothing to it", async () => {
    const person = await personAccount(t.platform);
    const known = await ask(person.email);
    const unknown = await ask("nobody.here@example.cn");
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(await outbox(t, "nobody.here@example.cn")).toEqual([]);
    const reset = (await outbox(t, person.email)).filter((m) => m.template === "account.reset_password");
    expect(reset).toHaveLength(1);
    expect(reset[0]?.params.minutes).toBe(60);
  });

  it("sets the new password once, ends every session and the lockout, and refuses the link again", async () => {
    const person = await personAccount(t.platform);
    const cookie = await sessionCookie(t, person.idNumber);
    for (let i = 0; i < 5; i++) await apiSignIn(t, person.email, `wrong guess ${i}`);
    expect((await apiSignIn(t, person.email)).statusCode).toBe(423);
    await ask(person.email);
    const token = await tokenFor(t, person.email, "account.reset_password");

    const weak = await complete(token, "12345678");
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([
      { field: "/password", message: expect.stringMatching(/at least 10/) },
    ]);

    const newPassword = "a brand new passphrase for 2026";
    expect((await complete(token, newPassword)).statusCode).toBe(204);
    expect((await t.app.inject({ url: "/api/v1/account", headers: { cookie } })).statusCode).toBe(401);
    expect((await apiSignIn(t, person.email)).statusCode).toBe(401);
    expect((await apiSignIn(t, person.email, newPassword)).statusCode).toBe(201);

    const replay = await complete(token, "yet another passphrase 2026");
    expect(replay.statusCode).toBe(410);
    expect(replay.json().code).toBe("link_used");
  });

  it("refuses an expired link, and a newer link ends the older one", async () => {
    const person = await personAccount(t.platform);
    await ask(person.email);
    const older = await tokenFor(t, person.email, "account.reset_password");
    await ask(person.email);
    const newer = await tokenFor(t, person.email, "account.reset_password");
    const first = await complete(older, "a brand new passphrase for 2026");
    expect(first.statusCode).toBe(410);
    expect(first.json().code).toBe("link_expired");

    await t.platform.database.db
      .updateTable("account_tokens")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("person_id", "=", person.id)
      .where("purpose", "=", "reset_password")
      .execute();
    const late = await complete(newer, "a brand new passphrase for 2026");
    expect(late.statusCode).toBe(410);
    expect(late.json().title).toContain("过期");
  });
});

describe("my profile", () => {
  it("shows the ID number and mobile masked, and changes the address region", async () => {
    const person = await personAccount(t.platform, { mobile: "13912345678" });
    const cookie = await sessionCookie(t, person.email);
    const profile = await t.app.inject({ url: "/api/v1/account", headers: { cookie } });
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toEqual({
      id: person.id,
      name: person.name,
      idNumberMasked: `${person.idNumber.slice(0, 4)}**********${person.idNumber.slice(-4)}`,
      email: person.email,
      emailVerified: false,
      mobileMasked: "139****5678",
      addressRegion: null,
    });
    expect(profile.body).not.toContain(person.idNumber);

    const changed = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/account",
      headers: { cookie },
      payload: { addressRegionCode: "330523001002" },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      mobileMasked: "139****5678",
      addressRegion: { code: "330523001002", name: "苕秀社区居委会" },
    });

    // The mobile number changes only with the password and a code (mobile-change.test.ts).
    const bad = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/account",
      headers: { cookie },
      payload: { mobile: "13700001111", addressRegionCode: "99" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      "/mobile",
      "/addressRegionCode",
    ]);

    const cleared = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/account",
      headers: { cookie },
      payload: { addressRegionCode: null },
    });
    expect(cleared.json()).toMatchObject({ mobileMasked: "139****5678", addressRegion: null });
  });
});
