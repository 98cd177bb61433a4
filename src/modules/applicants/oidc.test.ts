import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { idNumber, personAccount } from "../../../test/factories.ts";
import { decrypt } from "../../platform/crypto.ts";
import {
  type AccountClaims,
  authorizeAt,
  CALLBACK_URL,
  returnTo,
  startAt,
  startTestProvider,
  type TestProvider,
} from "./oidc-testing.ts";
import { idNumberIndex } from "./service.ts";
import { apiSignIn, formSession, postForm, sessionCookie } from "./testing.ts";

let t: TestApp;
let idp: TestProvider;
const APP_ENV = {
  BASE_URL: "http://localhost:3000",
  SIGNIN_PER_IP_PER_MINUTE: "1000",
  SESSION_CACHE_SECONDS: "0",
};

beforeAll(async () => {
  idp = await startTestProvider();
  t = await createTestApp({ env: { ...APP_ENV, ...idp.env } });
});
afterAll(async () => {
  await t.close();
  await idp.close();
});

/** A person the provider knows, with a fresh subject and ID number unless given. */
function resident(claims: AccountClaims = {}) {
  const subject = `sub-${randomBytes(6).toString("hex")}`;
  const all = {
    name: "李明",
    id_number: idNumber(),
    email: `${subject}@example.cn`,
    email_verified: true,
    phone_number: "+86 138-1234-5678",
    ...claims,
  };
  idp.accounts.set(subject, all);
  return { subject, claims: all, idNumber: String(all.id_number) };
}

/** The whole walk: start at Tongban, sign in at the provider, come back. */
async function signInThroughProvider(subject: string, options: { next?: string; cookie?: string } = {}) {
  const start = await startAt(t, options);
  const back = await authorizeAt(start.authorizationUrl, subject);
  return returnTo(t, back, [start.cookie, options.cookie].filter(Boolean).join("; "));
}

const me = (cookie: string) => t.app.inject({ url: "/api/v1/account", headers: { cookie } });

function sessionOf(response: { headers: Record<string, unknown> }): string {
  const token = cookiesOf(response).tb_session;
  if (!token) throw new Error("no session cookie");
  return `tb_session=${token}`;
}

async function personByIdNumber(number: string) {
  return t.platform.database.db
    .selectFrom("persons")
    .selectAll()
    .where("id_number_index", "=", idNumberIndex(t.platform.config.personalDataKey, number))
    .executeTakeFirst();
}

async function audit(personId: string) {
  const result = await sql<{ action: string; details: Record<string, unknown> }>`
    select action, details from audit_log where person_id = ${personId} order by seq`.execute(
    t.platform.database.db,
  );
  return result.rows;
}

describe("sign-in through the province's identity platform", () => {
  it("is offered on the sign-in page, keeping where to go next", async () => {
    const page = await t.app.inject({ url: "/account/signin?next=/account/organisations" });
    const button = /<form method="post" action="\/account\/signin\/oidc">(.*?)<\/form>/s.exec(page.body)?.[1];
    expect(button).toContain('name="_csrf"');
    expect(button).toContain('name="next" value="/account/organisations"');
    expect(button).toContain("使用省统一身份认证平台登录");
  });

  it("starts nothing on a GET: the old address shows the button, and sends the browser nowhere", async () => {
    const pending = () =>
      t.platform.database.db.selectFrom("oidc_pending_logins").select("id_hash").execute();
    const before = (await pending()).length;
    const page = await t.app.inject({ url: "/account/signin/oidc?next=/account/organisations" });
    expect(page.statusCode).toBe(200);
    expect(page.headers.location).toBeUndefined();
    expect(cookiesOf(page).tb_oidc).toBeUndefined();
    expect(page.body).not.toContain(idp.issuer);
    const button = /<form method="post" action="\/account\/signin\/oidc">(.*?)<\/form>/s.exec(page.body)?.[1];
    expect(button).toContain('name="_csrf"');
    expect(button).toContain('name="next" value="/account/organisations"');
    expect((await pending()).length).toBe(before);
  });

  it("refuses a start posted without this browser's CSRF token, as another site would post it", async () => {
    const form = await formSession(t, "/account/signin/oidc");
    for (const session of [
      { cookie: form.cookie },
      { cookie: "", csrf: form.csrf },
      { cookie: form.cookie, csrf: "forged" },
    ]) {
      const response = await postForm(t, "/account/signin/oidc", { next: "/account" }, session);
      expect(response.statusCode).toBe(403);
      expect(response.headers.location).toBeUndefined();
      expect(cookiesOf(response).tb_oidc).toBeUndefined();
    }
    const started = await postForm(t, "/account/signin/oidc", { next: "/account" }, form);
    expect(started.statusCode).toBe(303);
    expect(String(started.headers.location).startsWith(idp.issuer)).toBe(true);
  });

  it("sends the browser to the provider with PKCE, state and nonce, keeping them in this browser only", async () => {
    const start = await startAt(t);
    const url = new URL(start.authorizationUrl);
    expect(url.origin).toBe(idp.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: "tongban",
      response_type: "code",
      redirect_uri: CALLBACK_URL,
      scope: "openid profile email phone",
      code_challenge_method: "S256",
    });
    for (const name of ["state", "nonce", "code_challenge"]) {
      expect(url.searchParams.get(name)?.length).toBeGreaterThanOrEqual(43);
    }
    const response = await postForm(
      t,
      "/account/signin/oidc",
      {},
      await formSession(t, "/account/signin/oidc"),
    );
    const cookie = String(response.headers["set-cookie"]);
    expect(cookie).toMatch(/^tb_oidc=[^;]+; .*Path=\/account\/signin\/oidc/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it("opens an account from the verified claims at the first sign-in", async () => {
    const { subject, idNumber: number } = resident();
    const response = await signInThroughProvider(subject);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/account");
    expect(String(response.headers["set-cookie"])).toMatch(/tb_oidc=;/);

    const profile = (await me(sessionOf(response))).json();
    expect(profile).toMatchObject({
      name: "李明",
      idNumberMasked: `${number.slice(0, 4)}**********${number.slice(-4)}`,
      email: `${subject}@example.cn`,
      emailVerified: true,
      mobileMasked: "138****5678",
    });
    const row = await personByIdNumber(number);
    expect(row?.id).toBe(profile.id);
    expect(row?.password_hash).toBeNull();
    expect(row?.id_number_enc).not.toContain(number);
    expect(decrypt(t.platform.config.personalDataKey, row?.id_number_enc ?? "")).toBe(number);
    const identity = await t.platform.database.db
      .selectFrom("person_identities")
      .selectAll()
      .where("person_id", "=", profile.id)
      .executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ issuer: idp.issuer, subject });

    expect(await audit(profile.id)).toEqual([
      { action: "person.signed_up", details: { method: "oidc", issuer: idp.issuer, ip: "127.0.0.1" } },
      { action: "person.linked_identity", details: { issuer: idp.issuer, subject, ip: "127.0.0.1" } },
      { action: "person.signin", details: { method: "oidc", issuer: idp.issuer, ip: "127.0.0.1" } },
    ]);
  });

  it("finds the same account at the next sign-in", async () => {
    const { subject, idNumber: number } = resident();
    const first = (await me(sessionOf(await signInThroughProvider(subject)))).json();
    const again = await signInThroughProvider(subject);
    expect(again.statusCode).toBe(303);
    expect((await me(sessionOf(again))).json().id).toBe(first.id);
    const count = await t.platform.database.db
      .selectFrom("persons")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("id_number_index", "=", idNumberIndex(t.platform.config.personalDataKey, number))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    expect((await audit(first.id)).map((e) => e.action)).toEqual([
      "person.signed_up",
      "person.linked_identity",
      "person.signin",
      "person.signin",
    ]);
  });

  it("links an existing password account with the same ID number, which keeps its password", async () => {
    const person = await personAccount(t.platform);
    const { subject } = resident({ id_number: person.idNumber, name: "王芳" });
    const response = await signInThroughProvider(subject);
    expect(response.statusCode).toBe(303);
    const profile = (await me(sessionOf(response))).json();
    expect(profile).toMatchObject({ id: person.id, email: person.email, emailVerified: false });
    expect((await audit(person.id)).map((e) => e.action)).toEqual([
      "person.signed_up",
      "person.linked_identity",
      "person.signin",
    ]);
    expect((await apiSignIn(t, person.email)).statusCode).toBe(201);
  });

  it("trusts an e-mail address only when the provider verified it, and never takes another account's", async () => {
    const unverified = resident({ email_verified: false, phone_number: "12345" });
    const first = (await me(sessionOf(await signInThroughProvider(unverified.subject)))).json();
    expect(first).toMatchObject({ email: unverified.claims.email, emailVerified: false, mobileMasked: null });

    const holder = await personAccount(t.platform);
    const named = resident({ name: undefined, family_name: "欧阳", given_name: "修", email: holder.email });
    const second = (await me(sessionOf(await signInThroughProvider(named.subject)))).json();
    expect(second).toMatchObject({ name: "欧阳修", email: null, emailVerified: false });
    expect(second.id).not.toBe(holder.id);
  });

  it("goes back to the local page asked for, never to another site", async () => {
    const { subject } = resident();
    const cases = [
      ["/account/organisations?tab=1", "/account/organisations?tab=1"],
      ["https://evil.example/", "/account"],
      ["//evil.example/account", "/account"],
    ];
    for (const [next, expected] of cases) {
      const response = await signInThroughProvider(subject, { next });
      expect(response.headers.location).toBe(expected);
    }
  });

  it("changes the session id at sign-in (no session fixation)", async () => {
    const person = await personAccount(t.platform);
    const { subject } = resident({ id_number: person.idNumber });
    const planted = "tb_session=planted-token-the-attacker-knows-0123456789abc";
    const fromPlanted = await signInThroughProvider(subject, { cookie: planted });
    expect(sessionOf(fromPlanted)).not.toBe(planted);
    expect((await me(planted)).statusCode).toBe(401);

    const before = await sessionCookie(t, person.email);
    const response = await signInThroughProvider(subject, { cookie: before });
    const after = sessionOf(response);
    expect(after).not.toBe(before);
    expect((await me(before)).statusCode).toBe(401);
    expect((await me(after)).json().id).toBe(person.id);
  });
});

describe("without a reachable identity platform", () => {
  it("has no such sign-in when none is configured", async () => {
    const plain = await createTestApp({ env: APP_ENV });
    try {
      expect((await plain.app.inject({ url: "/account/signin/oidc" })).statusCode).toBe(404);
      expect((await plain.app.inject({ url: "/account/signin/oidc/callback?code=x" })).statusCode).toBe(404);
      expect((await plain.app.inject({ url: "/account/signin" })).body).not.toContain("/account/signin/oidc");
    } finally {
      await plain.close();
    }
  });

  it("says the platform cannot be reached, and offers the password instead", async () => {
    const down = await createTestApp({ env: { ...APP_ENV, ...idp.env, OIDC_ISSUER: "http://127.0.0.1:9" } });
    try {
      const response = await postForm(
        down,
        "/account/signin/oidc",
        {},
        await formSession(down, "/account/signin/oidc"),
      );
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain("暂时无法连接省统一身份认证平台");
      expect(response.body).toContain('href="/account/signin"');
      expect(cookiesOf(response).tb_oidc).toBeUndefined();
    } finally {
      await down.close();
    }
  });
});
