import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { personAccount, seedRegionSlice, TEST_PASSWORD } from "../../../test/factories.ts";
import { formSession, postForm } from "./testing.ts";
import { failuresOf } from "./testing-accounts.ts";
import { codeAt, enrolledPerson, sessionOf, wrongCode } from "./testing-mfa.ts";

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

/** Signs in on the page with the password; the cookie of the session it opened, with the form's. */
async function pageSignIn(email: string, next = "/account") {
  const form = await formSession(t, "/account/signin");
  const response = await postForm(
    t,
    "/account/signin",
    { identifier: email, password: TEST_PASSWORD, next },
    form,
  );
  expect(response.statusCode).toBe(303);
  return { response, cookie: [form.cookie, sessionOf(response)].join("; ") };
}

describe("the second factor on the pages", () => {
  it("turns it on from the account page: password, QR code, first code, recovery codes", async () => {
    const person = await personAccount(t.platform);
    const { cookie } = await pageSignIn(person.email);
    const account = await t.app.inject({ url: "/account", headers: { cookie } });
    expect(account.body).toContain('href="/account/security"');
    const page = await formSession(t, "/account/security", cookie);
    expect(page.page.statusCode).toBe(200);
    const wrong = await postForm(t, "/account/security/mfa", { password: "not it" }, page);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="st-password-error"');

    const started = await postForm(t, "/account/security/mfa", { password: TEST_PASSWORD }, page);
    expect(started.statusCode).toBe(200);
    expect(started.headers["cache-control"]).toBe("no-store");
    const secret = /<code class="secret" lang="en">([^<]+)<\/code>/
      .exec(started.body)?.[1]
      ?.replaceAll(" ", "") as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const malformed = await postForm(t, "/account/security/mfa/confirm", { code: "12345" }, page);
    expect(malformed.statusCode).toBe(400);
    // A wrong code asks again without showing the secret: a session left open must not read it.
    expect(malformed.body).not.toContain(secret.slice(0, 4));
    const done = await postForm(t, "/account/security/mfa/confirm", { code: await codeAt(secret) }, page);
    expect(done.statusCode).toBe(200);
    expect(done.body.match(/<code>[a-z2-9]{5}-[a-z2-9]{5}<\/code>/g)).toHaveLength(10);
    const after = await t.app.inject({ url: "/account/security", headers: { cookie: sessionOf(done) } });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('action="/account/security/mfa/remove"');
    // The session the password alone opened is over.
    const old = await t.app.inject({ url: "/account/security", headers: { cookie } });
    expect(old.statusCode).toBe(303);
  });

  it("asks for the code after the password, counts a wrong one and takes the right one to where the person was going", async () => {
    const person = await enrolledPerson(t);
    const { response, cookie } = await pageSignIn(person.email, "/account/sessions");
    expect(response.headers.location).toBe("/account/signin/mfa?next=%2Faccount%2Fsessions");
    const pendingAccount = await t.app.inject({ url: "/account", headers: { cookie } });
    expect(pendingAccount.headers.location).toBe("/account/signin/mfa?next=%2Faccount");
    const form = await formSession(t, "/account/signin/mfa?next=%2Faccount%2Fsessions", cookie);
    expect(form.page.body).toContain('name="code"');

    const missing = await postForm(t, "/account/signin/mfa", { next: "/account/sessions" }, form);
    expect(missing.statusCode).toBe(400);
    for (const code of ["abcdef", "12345", "1234567"]) {
      const refused = await postForm(t, "/account/signin/mfa", { code, next: "/account/sessions" }, form);
      expect(refused.statusCode, code).toBe(400);
      expect(refused.body).toContain('id="code-error"');
    }
    expect(await failuresOf(t, person.id)).toBe(0);
    const wrong = await postForm(
      t,
      "/account/signin/mfa",
      { code: await wrongCode(person.secret), next: "/account/sessions" },
      form,
    );
    expect(wrong.statusCode).toBe(401);
    expect(await failuresOf(t, person.id)).toBe(1);

    const done = await postForm(
      t,
      "/account/signin/mfa",
      { code: await codeAt(person.secret, 30), next: "/account/sessions" },
      form,
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/account/sessions");
    expect(await failuresOf(t, person.id)).toBe(0);
    const signedIn = await t.app.inject({ url: "/account", headers: { cookie: sessionOf(done) } });
    expect(signedIn.statusCode).toBe(200);
  });

  it("locks the address after repeated wrong codes, ending the sign-in", async () => {
    const person = await enrolledPerson(t);
    const { cookie } = await pageSignIn(person.email);
    const form = await formSession(t, "/account/signin/mfa", cookie);
    const bad = await wrongCode(person.secret);
    expect((await postForm(t, "/account/signin/mfa", { code: bad }, form)).statusCode).toBe(401);
    expect((await postForm(t, "/account/signin/mfa", { code: bad }, form)).statusCode).toBe(401);
    const locked = await postForm(t, "/account/signin/mfa", { code: bad }, form);
    expect(locked.statusCode).toBe(423);
    expect(locked.headers["retry-after"]).toBeDefined();
    const after = await t.app.inject({ url: "/account/signin/mfa", headers: { cookie } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe("/account/signin?next=%2Faccount");
  });

  it("cancels a sign-in waiting for its code", async () => {
    const person = await enrolledPerson(t);
    const { cookie } = await pageSignIn(person.email);
    const form = await formSession(t, "/account/signin/mfa", cookie);
    const cancelled = await postForm(t, "/account/signin/mfa/cancel", {}, form);
    expect(cancelled.statusCode).toBe(303);
    const after = await t.app.inject({ url: "/account/signin/mfa", headers: { cookie } });
    expect(after.headers.location).toBe("/account/signin?next=%2Faccount");
  });

  it("turns it off with the password and a code", async () => {
    const person = await enrolledPerson(t);
    const page = await formSession(t, "/account/security", person.cookie);
    const refused = await postForm(
      t,
      "/account/security/mfa/remove",
      { password: TEST_PASSWORD, code: "" },
      page,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="rm-code-error"');
    const removed = await postForm(
      t,
      "/account/security/mfa/remove",
      { password: TEST_PASSWORD, code: await codeAt(person.secret, 30) },
      page,
    );
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe("/account/security?done=removed");
    const { response } = await pageSignIn(person.email);
    expect(response.headers.location).toBe("/account");
  });
});
