import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { idNumber, personAccount, seedRegionSlice } from "../../../test/factories.ts";
import { authorizeAt, returnTo, startAt, startTestProvider, type TestProvider } from "./oidc-testing.ts";
import { apiSignIn, formSession, postForm } from "./testing.ts";
import { auditActionsOf } from "./testing-accounts.ts";
import { codeAt, sendCode, sessionOf, wrongCode } from "./testing-mfa.ts";

let t: TestApp;
let idp: TestProvider;

beforeAll(async () => {
  idp = await startTestProvider();
  t = await createTestApp({
    env: {
      BASE_URL: "http://localhost:3000",
      REQUIRE_PEOPLE_MFA: "true",
      SIGNIN_PER_IP_PER_MINUTE: "1000",
      SESSION_CACHE_SECONDS: "0",
      ...idp.env,
    },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(async () => {
  await t.close();
  await idp.close();
});

const me = (cookie: string) => t.app.inject({ url: "/api/v1/account", headers: { cookie } });

async function throughProvider(claims: Record<string, unknown>) {
  const subject = `sub-${randomBytes(6).toString("hex")}`;
  idp.accounts.set(subject, {
    name: "李明",
    email: `${subject}@example.cn`,
    email_verified: true,
    phone_number: "+86 138-1234-5678",
    ...claims,
  });
  const start = await startAt(t);
  const back = await authorizeAt(start.authorizationUrl, subject);
  return returnTo(t, back, start.cookie);
}

describe("REQUIRE_PEOPLE_MFA", () => {
  it("takes a person signing in with a password to enrol before anything else", async () => {
    const person = await personAccount(t.platform);
    const first = await apiSignIn(t, person.email);
    expect(first.statusCode).toBe(202);
    expect(first.headers["cache-control"]).toBe("no-store");
    const { mfa, secret, otpauthUri } = first.json();
    expect(mfa).toBe("enrol");
    expect(otpauthUri).toContain(`secret=${secret}`);
    const pending = sessionOf(first);
    expect((await me(pending)).statusCode).toBe(401);
    const page = await t.app.inject({ url: "/account", headers: { cookie: pending, accept: "text/html" } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/account/signin/mfa?next=%2Faccount");

    // Signing in again before finishing offers the same secret.
    const again = await apiSignIn(t, person.email, undefined, pending);
    expect(again.json().secret).toBe(secret);
    const cookie = sessionOf(again);
    // A recovery code means nothing before there are any; a wrong code is refused.
    expect((await sendCode(t, "abcde-23456", cookie)).statusCode).toBe(400);
    expect((await sendCode(t, await wrongCode(secret), cookie)).json().code).toBe("mfa_invalid");
    const done = await sendCode(t, await codeAt(secret), cookie);
    expect(done.statusCode).toBe(201);
    expect(done.json().recoveryCodes).toHaveLength(10);
    expect((await me(sessionOf(done))).statusCode).toBe(200);
    expect(await auditActionsOf(t, person.id)).toEqual([
      "person.signed_up",
      "person.signin",
      "person.signin",
      "person.mfa_failed",
      "person.mfa_enrolled",
    ]);
    // From then on, the code is asked.
    expect((await apiSignIn(t, person.email)).json().mfa).toBe("verify");
  });

  it("shows the QR code on the sign-in page, then the recovery codes once", async () => {
    const person = await personAccount(t.platform);
    const form = await formSession(t, "/account/signin");
    const signedIn = await postForm(
      t,
      "/account/signin",
      { identifier: person.email, password: "correct horse battery staple", next: "/account" },
      form,
    );
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe("/account/signin/mfa?next=%2Faccount");
    const cookie = [form.cookie, sessionOf(signedIn)].join("; ");
    const page = await formSession(t, "/account/signin/mfa?next=%2Faccount", cookie);
    expect(page.page.headers["cache-control"]).toBe("no-store");
    expect(page.page.body).toContain("data:image/svg+xml;base64,");
    const secret = /<code class="secret" lang="en">([^<]+)<\/code>/
      .exec(page.page.body)?.[1]
      ?.replaceAll(" ", "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const done = await postForm(
      t,
      "/account/signin/mfa",
      { code: await codeAt(secret as string), next: "/account" },
      { csrf: page.csrf, cookie },
    );
    expect(done.statusCode).toBe(200);
    expect(done.headers["cache-control"]).toBe("no-store");
    expect(done.body.match(/<code>[a-z2-9]{5}-[a-z2-9]{5}<\/code>/g)).toHaveLength(10);
    expect((await me(sessionOf(done))).statusCode).toBe(200);
  });

  it("does not ask a person signing in through the identity platform, even one with a factor", async () => {
    const fresh = await throughProvider({ id_number: idNumber() });
    expect(fresh.statusCode).toBe(303);
    expect((await me(sessionOf(fresh))).statusCode).toBe(200);

    const person = await personAccount(t.platform);
    const enrol = await apiSignIn(t, person.email);
    const enrolled = await sendCode(t, await codeAt(enrol.json().secret), sessionOf(enrol));
    expect(enrolled.statusCode).toBe(201);
    const linked = await throughProvider({ id_number: person.idNumber, name: "王芳" });
    expect(linked.statusCode).toBe(303);
    const profile = await me(sessionOf(linked));
    expect(profile.statusCode).toBe(200);
    expect(profile.json().id).toBe(person.id);
    // Its password still owes the code.
    expect((await apiSignIn(t, person.email)).json().mfa).toBe("verify");
  });
});
