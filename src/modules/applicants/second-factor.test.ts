import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { personAccount, seedRegionSlice, TEST_PASSWORD } from "../../../test/factories.ts";
import { cryptoSuite } from "../../platform/crypto.ts";
import { apiSignIn, sessionCookie, tokenFor } from "./testing.ts";
import { auditActionsOf, failuresOf } from "./testing-accounts.ts";
import { codeAt, enrolledPerson, sendCode, sessionOf, wrongCode } from "./testing-mfa.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      SIGNIN_MAX_FAILURES: "3",
      SIGNIN_LOCKOUT_MINUTES: "15",
      SIGNIN_PER_IP_PER_MINUTE: "1000",
      SESSION_CACHE_SECONDS: "0",
    },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const me = (cookie: string) => t.app.inject({ url: "/api/v1/account", headers: { cookie } });

function signInFrom(address: string, identifier: string, password = TEST_PASSWORD) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/account-session",
    payload: { identifier, password },
    remoteAddress: address,
  });
}

function removeFactor(cookie: string, payload: Record<string, unknown>) {
  return t.app.inject({ method: "DELETE", url: "/api/v1/account/mfa", payload, headers: { cookie } });
}

describe("enrolling an authenticator", () => {
  it("asks the password, refuses a wrong first code, keeps the secret encrypted and gives ten recovery codes once", async () => {
    const person = await personAccount(t.platform);
    const cookie = await sessionCookie(t, person.email);
    const elsewhere = await sessionCookie(t, person.email);
    const start = (payload: Record<string, unknown>) =>
      t.app.inject({ method: "POST", url: "/api/v1/account/mfa", payload, headers: { cookie } });
    const confirm = (code: string, as = cookie) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/account/mfa/confirm",
        payload: { code },
        headers: { cookie: as },
      });

    expect((await confirm("123456")).json().code).toBe("mfa_enrolment_none");
    const wrongPassword = await start({ password: "not my password" });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json().errors[0].field).toBe("/password");
    expect((await start({})).statusCode).toBe(400);

    const offer = await start({ password: TEST_PASSWORD });
    expect(offer.statusCode).toBe(201);
    expect(offer.headers["cache-control"]).toBe("no-store");
    const { secret, otpauthUri } = offer.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Tongban:/);

    const stored = await t.platform.database.db
      .selectFrom("person_second_factors")
      .selectAll()
      .where("person_id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_enc).toMatch(cryptoSuite() === "national" ? /^s\d+\./ : /^v\d+\./);
    expect(stored.secret_enc).not.toContain(secret);
    expect(stored.enrolled_at).toBeNull();

    for (const malformed of ["", "abcdef", "12345", "1234567", "abcde-23456"]) {
      const refused = await confirm(malformed);
      expect(refused.statusCode, malformed).toBe(400);
      expect(refused.json().errors[0].field).toBe("/code");
    }
    const wrong = await confirm(await wrongCode(secret));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].message).toMatch(/wrong/);

    const done = await confirm(await codeAt(secret));
    expect(done.statusCode).toBe(201);
    expect(done.headers["cache-control"]).toBe("no-store");
    const codes = done.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const digests = await t.platform.database.db
      .selectFrom("person_recovery_codes")
      .select("code_hash")
      .where("person_id", "=", person.id)
      .execute();
    expect(digests).toHaveLength(10);
    for (const { code_hash } of digests) expect(codes.some((c) => code_hash.includes(c))).toBe(false);

    // The session id changed; the sessions the password alone opened are over, this one and the other.
    expect((await me(sessionOf(done))).statusCode).toBe(200);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(elsewhere)).statusCode).toBe(401);
    const status = await t.app.inject({ url: "/api/v1/account/mfa", headers: { cookie: sessionOf(done) } });
    expect(status.json()).toMatchObject({ enrolled: true, recoveryCodesLeft: 10, hasPassword: true });
    // A second enrolment is refused while one holds.
    const again = await t.app.inject({
      method: "POST",
      url: "/api/v1/account/mfa",
      payload: { password: TEST_PASSWORD },
      headers: { cookie: sessionOf(done) },
    });
    expect(again.statusCode).toBe(409);
    expect(await auditActionsOf(t, person.id)).toEqual(
      expect.arrayContaining(["person.reauth_failed", "person.mfa_enrol_started", "person.mfa_enrolled"]),
    );
  });
});

describe("signing in with a second factor", () => {
  it("asks for the code after the password; the half-made session opens nothing", async () => {
    const person = await enrolledPerson(t);
    const first = await apiSignIn(t, person.email);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ mfa: "verify", expiresAt: expect.any(String) });
    const pending = sessionOf(first);
    expect((await me(pending)).statusCode).toBe(401);
    const patch = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/account",
      payload: { addressRegionCode: null },
      headers: { cookie: pending },
    });
    expect(patch.statusCode).toBe(401);
    const mobile = await t.app.inject({
      method: "POST",
      url: "/api/v1/account/mobile",
      payload: { mobile: "13900001111", password: TEST_PASSWORD },
      headers: { cookie: pending },
    });
    expect(mobile.statusCode).toBe(401);
    const sessions = await t.app.inject({
      url: "/api/v1/account/sessions",
      headers: { cookie: person.cookie },
    });
    expect(sessions.json().items).toHaveLength(1);

    const done = await sendCode(t, await codeAt(person.secret, 30), pending);
    expect(done.statusCode).toBe(201);
    expect(done.json().recoveryCodes).toBeUndefined();
    expect(sessionOf(done)).not.toBe(pending);
    expect((await me(sessionOf(done))).statusCode).toBe(200);
    expect((await me(pending)).statusCode).toBe(401);
    const actions = await auditActionsOf(t, person.id);
    expect(actions.slice(-2)).toEqual(["person.signin", "person.mfa_verified"]);
  });

  it("refuses a code replayed within its window", async () => {
    const person = await enrolledPerson(t);
    // The code that confirmed enrolment is spent.
    const first = await apiSignIn(t, person.email);
    const replayed = await sendCode(t, person.code, sessionOf(first));
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().code).toBe("mfa_invalid");
    const next = await codeAt(person.secret, 30);
    expect((await sendCode(t, next, sessionOf(first))).statusCode).toBe(201);
    const second = await apiSignIn(t, person.email);
    expect((await sendCode(t, next, sessionOf(second))).statusCode).toBe(401);
  });

  it("counts wrong codes with wrong passwords, the right password does not clear them, and locks the address", async () => {
    const person = await enrolledPerson(t);
    const attacker = "203.0.113.61";
    const bad = await wrongCode(person.secret);
    const first = await signInFrom(attacker, person.email);
    expect((await sendCode(t, bad, sessionOf(first), attacker)).json().code).toBe("mfa_invalid");
    expect(await failuresOf(t, person.id)).toBe(1);
    // The right password again does not buy fresh guesses.
    const second = await signInFrom(attacker, person.email);
    expect(second.statusCode).toBe(202);
    expect(await failuresOf(t, person.id)).toBe(1);
    expect((await sendCode(t, bad, sessionOf(second), attacker)).statusCode).toBe(401);
    const locking = await sendCode(t, bad, sessionOf(second), attacker);
    expect(locking.statusCode).toBe(423);
    expect(locking.headers["retry-after"]).toBeDefined();
    // The locking code ended that sign-in, and the address is refused even the right password and code.
    expect((await sendCode(t, await codeAt(person.secret, 30), sessionOf(second), attacker)).statusCode).toBe(
      401,
    );
    expect((await signInFrom(attacker, person.email)).statusCode).toBe(423);
    // The owner, from elsewhere, signs in as usual.
    const owner = await signInFrom("198.51.100.61", person.email);
    expect(owner.statusCode).toBe(202);
    expect(
      (await sendCode(t, await codeAt(person.secret, 30), sessionOf(owner), "198.51.100.61")).statusCode,
    ).toBe(201);
    const actions = await auditActionsOf(t, person.id);
    expect(actions.filter((a) => a === "person.mfa_failed")).toHaveLength(3);
  });

  it("takes a recovery code once, in any case and spacing", async () => {
    const person = await enrolledPerson(t);
    const code = person.recoveryCodes[0] as string;
    const first = await apiSignIn(t, person.email);
    const done = await sendCode(t, ` ${code.toUpperCase().replace("-", " ")} `, sessionOf(first));
    expect(done.statusCode).toBe(201);
    const status = await t.app.inject({ url: "/api/v1/account/mfa", headers: { cookie: sessionOf(done) } });
    expect(status.json().recoveryCodesLeft).toBe(9);
    const second = await apiSignIn(t, person.email);
    const spent = await sendCode(t, code, sessionOf(second));
    expect(spent.statusCode).toBe(401);
    expect(spent.json().code).toBe("mfa_invalid");
    expect((await sendCode(t, person.recoveryCodes[1], sessionOf(second))).statusCode).toBe(201);
  });

  it("answers bad inputs with a clear 4xx, not counted", async () => {
    const person = await enrolledPerson(t);
    const pending = sessionOf(await apiSignIn(t, person.email));
    expect((await sendCode(t, undefined, pending)).statusCode).toBe(400);
    for (const malformed of ["", "   ", "abcdef", "12345", "1234567", "12345a", "abcde-2345"]) {
      const refused = await sendCode(t, malformed, pending);
      expect(refused.statusCode, malformed).toBe(400);
      expect(refused.json().code).toBe("validation_failed");
    }
    expect(await failuresOf(t, person.id)).toBe(0);
    const extra = await t.app.inject({
      method: "POST",
      url: "/api/v1/account-session/mfa",
      payload: { code: "123456", more: true },
      headers: { cookie: pending },
    });
    expect(extra.statusCode).toBe(400);
    // No sign-in waiting: no cookie, an unknown one, a finished session (a stage that owes nothing).
    expect((await sendCode(t, "123456", "")).statusCode).toBe(401);
    expect((await sendCode(t, "123456", "tb_session=not-a-session")).statusCode).toBe(401);
    expect((await sendCode(t, "123456", person.cookie)).json().code).toBe("unauthenticated");
    // It still finishes after all that.
    expect((await sendCode(t, await codeAt(person.secret, 30), pending)).statusCode).toBe(201);
  });

  it("signs in no session the password alone opened, whatever path made it", async () => {
    const person = await enrolledPerson(t);
    const { startSession } = await import("./sessions.ts");
    const forged = await t.platform.database.db
      .transaction()
      .execute((tx) => startSession(tx, person.id, undefined, new Date()));
    const cookie = `tb_session=${forged.token}`;
    expect((await me(cookie)).statusCode).toBe(401);
    const patch = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/account",
      payload: { addressRegionCode: null },
      headers: { cookie },
    });
    expect(patch.statusCode).toBe(401);
  });

  it("a password reset by e-mail link signs no one in, and the next sign-in still asks for the code", async () => {
    const person = await enrolledPerson(t);
    await t.app.inject({
      method: "POST",
      url: "/api/v1/accounts/password-reset",
      payload: { email: person.email },
    });
    const token = await tokenFor(t, person.email, "account.reset_password");
    const fresh = "a brand new passphrase 2024 river";
    const reset = await t.app.inject({
      method: "POST",
      url: "/api/v1/accounts/password-reset/complete",
      payload: { token, password: fresh },
    });
    expect(reset.statusCode).toBe(204);
    expect(reset.headers["set-cookie"]).toBeUndefined();
    // Every session ended, the one enrolment left included.
    expect((await me(person.cookie)).statusCode).toBe(401);
    const signedIn = await apiSignIn(t, person.email, fresh);
    expect(signedIn.statusCode).toBe(202);
    expect(signedIn.json().mfa).toBe("verify");
    expect((await me(sessionOf(signedIn))).statusCode).toBe(401);
  });
});

describe("removing the authenticator", () => {
  it("needs the password and a code; then the password alone signs in", async () => {
    const person = await enrolledPerson(t);
    const cookie = person.cookie;
    expect((await removeFactor(cookie, { password: TEST_PASSWORD })).statusCode).toBe(400);
    const neither = await removeFactor(cookie, { password: "", code: "12" });
    expect(neither.statusCode).toBe(400);
    expect(
      neither
        .json()
        .errors.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(["/code", "/password"]);
    const wrongPassword = await removeFactor(cookie, {
      password: "wrong",
      code: await codeAt(person.secret, 30),
    });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json().errors[0].field).toBe("/password");
    const wrong = await removeFactor(cookie, {
      password: TEST_PASSWORD,
      code: await wrongCode(person.secret),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe("/code");
    expect(await failuresOf(t, person.id)).toBe(2);

    const removed = await removeFactor(cookie, { password: TEST_PASSWORD, code: person.recoveryCodes[3] });
    expect(removed.statusCode).toBe(204);
    expect((await removeFactor(cookie, { password: TEST_PASSWORD, code: "123456" })).json().code).toBe(
      "mfa_not_enrolled",
    );
    expect((await apiSignIn(t, person.email)).statusCode).toBe(201);
    const left = await t.platform.database.db
      .selectFrom("person_recovery_codes")
      .select("id")
      .where("person_id", "=", person.id)
      .execute();
    expect(left).toHaveLength(0);
    expect(await auditActionsOf(t, person.id)).toEqual(
      expect.arrayContaining(["person.mfa_failed", "person.mfa_removed"]),
    );
  });
});
