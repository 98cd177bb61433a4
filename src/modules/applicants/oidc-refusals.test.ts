/**
 * Every bad return from the identity platform is refused with a page that says why, starts no session
 * and is kept in the audit trail. The forged ID tokens are real tokens: the provider's own token
 * response, altered on its way out and re-signed with the provider's key (or with a stranger's).
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { idNumber, personAccount } from "../../../test/factories.ts";
import { type MessageKey, translator } from "../../platform/i18n/index.ts";
import {
  type AccountClaims,
  authorizeAt,
  foreignKey,
  resign,
  returnTo,
  startAt,
  startTestProvider,
  type TestProvider,
} from "./oidc-testing.ts";
import { idNumberIndex } from "./service.ts";

let t: TestApp;
let idp: TestProvider;
const zh = translator("zh-CN");

beforeAll(async () => {
  idp = await startTestProvider();
  t = await createTestApp({
    env: {
      ...idp.env,
      BASE_URL: "http://localhost:3000",
      SIGNIN_PER_IP_PER_MINUTE: "1000",
      SESSION_CACHE_SECONDS: "0",
    },
  });
});
afterAll(async () => {
  await t.close();
  await idp.close();
});
afterEach(() => {
  idp.tamper = undefined;
});

function resident(claims: AccountClaims = {}) {
  const subject = `sub-${randomBytes(6).toString("hex")}`;
  const all = { name: "张伟", id_number: idNumber(), email_verified: false, ...claims };
  idp.accounts.set(subject, all);
  return { subject, idNumber: String(all.id_number) };
}

/** Start, sign in at the provider, and the path of the return, with the pending-login cookie. */
async function throughProvider(subject: string, options: { cancel?: boolean } = {}) {
  const start = await startAt(t);
  return { back: await authorizeAt(start.authorizationUrl, subject, options), cookie: start.cookie };
}

async function sessionCount(): Promise<number> {
  const result = await sql<{ n: string }>`select count(*) as n from person_sessions`.execute(
    t.platform.database.db,
  );
  return Number(result.rows[0]?.n);
}

async function hasAccount(number: string): Promise<boolean> {
  const row = await t.platform.database.db
    .selectFrom("persons")
    .select("id")
    .where("id_number_index", "=", idNumberIndex(t.platform.config.personalDataKey, number))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The return is refused: the status, the reader's words for the error, no session (no cookie, no row),
 * and an audit entry with the reason. Returns that entry.
 */
async function expectRefused(
  response: Awaited<ReturnType<typeof returnTo>>,
  sessionsBefore: number,
  status: number,
  key: MessageKey,
  reason: string,
  params?: Record<string, string>,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^text\/html/);
  expect(response.body).toContain(zh(key, params));
  expect(response.body).toContain('href="/account/signin"');
  expect(cookiesOf(response).tb_session).toBeUndefined();
  expect(await sessionCount()).toBe(sessionsBefore);
  const entry = await sql<{ person_id: string | null; details: Record<string, unknown> }>`
    select person_id, details from audit_log
    where action = 'person.signin_failed' and request_id = ${String(response.headers["x-request-id"])}`.execute(
    t.platform.database.db,
  );
  expect(entry.rows).toHaveLength(1);
  expect(entry.rows[0]?.details).toEqual({ method: "oidc", issuer: idp.issuer, reason, ip: "127.0.0.1" });
  return entry.rows[0];
}

describe("refusals of sign-in through the identity platform", () => {
  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ["signature", (token: string) => resign(token, { name: "forged" }, foreignKey())],
    ["issuer", (token: string) => resign(token, { iss: "https://id.attacker.example" }, idp.signingKey)],
    ["audience", (token: string) => resign(token, { aud: "another-client" }, idp.signingKey)],
    ["expired", (token: string) => resign(token, { iat: now() - 7200, exp: now() - 3600 }, idp.signingKey)],
    ["nonce", (token: string) => resign(token, { nonce: "not-the-nonce-we-sent" }, idp.signingKey)],
  ])("refuses a forged ID token (%s)", async (reason, tamper) => {
    const { subject, idNumber: number } = resident();
    const { back, cookie } = await throughProvider(subject);
    const sessions = await sessionCount();
    idp.tamper = tamper;
    const response = await returnTo(t, back, cookie);
    await expectRefused(response, sessions, 401, "error.oidc_token_invalid", reason);
    expect(await hasAccount(number)).toBe(false);
  });

  it("refuses a return without state, or with the state of another sign-in", async () => {
    const { subject } = resident();
    const sessions = await sessionCount();
    const first = await throughProvider(subject);
    const withoutState = first.back.replace(/([?&])state=[^&]*&?/, "$1");
    await expectRefused(
      await returnTo(t, withoutState, first.cookie),
      sessions,
      400,
      "error.oidc_state_mismatch",
      "state_missing",
    );

    const mine = await throughProvider(subject);
    const theirs = await throughProvider(subject);
    await expectRefused(
      await returnTo(t, theirs.back, mine.cookie),
      sessions,
      400,
      "error.oidc_state_mismatch",
      "state_mismatch",
    );
  });

  it("accepts a return once: a replay is refused", async () => {
    const { subject } = resident();
    const { back, cookie } = await throughProvider(subject);
    expect((await returnTo(t, back, cookie)).statusCode).toBe(303);
    const sessions = await sessionCount();
    await expectRefused(
      await returnTo(t, back, cookie),
      sessions,
      400,
      "error.oidc_login_gone",
      "login_gone",
    );
  });

  it("refuses a return without a pending login, or after it expired", async () => {
    const { subject } = resident();
    const sessions = await sessionCount();
    const { back, cookie } = await throughProvider(subject);
    await expectRefused(
      await returnTo(t, back, undefined),
      sessions,
      400,
      "error.oidc_no_pending_login",
      "no_pending_login",
    );

    await sql`update oidc_pending_logins set expires_at = now() - interval '1 second'`.execute(
      t.platform.database.db,
    );
    await expectRefused(
      await returnTo(t, back, cookie),
      sessions,
      400,
      "error.oidc_login_gone",
      "login_gone",
    );
  });

  it("says so when the person cancels at the provider (access_denied)", async () => {
    const { subject, idNumber: number } = resident();
    const sessions = await sessionCount();
    const { back, cookie } = await throughProvider(subject, { cancel: true });
    expect(back).toMatch(/[?&]error=access_denied/);
    await expectRefused(
      await returnTo(t, back, cookie),
      sessions,
      401,
      "error.oidc_cancelled",
      "access_denied",
    );
    expect(await hasAccount(number)).toBe(false);
  });

  it("refuses claims without what an account needs, naming what is missing", async () => {
    const sessions = await sessionCount();
    const noIdNumber = resident({ id_number: undefined });
    const response = await returnTo(t, ...pair(await throughProvider(noIdNumber.subject)));
    await expectRefused(response, sessions, 422, "error.oidc_claims_missing", "claims_missing:id_number", {
      claims: "id_number",
    });

    const noName = resident({ name: "  " });
    const second = await returnTo(t, ...pair(await throughProvider(noName.subject)));
    await expectRefused(second, sessions, 422, "error.oidc_claims_missing", "claims_missing:name", {
      claims: "name",
    });
    expect(await hasAccount(noName.idNumber)).toBe(false);
  });

  it("refuses an ID number that fails the GB 11643 check digit", async () => {
    const valid = idNumber();
    const wrong = `${valid.slice(0, 17)}${valid[17] === "0" ? "1" : "0"}`;
    const { subject } = resident({ id_number: wrong });
    const sessions = await sessionCount();
    await expectRefused(
      await returnTo(t, ...pair(await throughProvider(subject))),
      sessions,
      422,
      "error.oidc_id_number_invalid",
      "id_number_check_digit",
    );
    expect(await hasAccount(wrong)).toBe(false);
  });

  it("refuses an identity whose ID number changed, and a second identity for one account", async () => {
    const person = await personAccount(t.platform);
    const { subject } = resident({ id_number: person.idNumber });
    expect((await returnTo(t, ...pair(await throughProvider(subject)))).statusCode).toBe(303);
    const sessions = await sessionCount();

    idp.accounts.set(subject, { name: "王芳", id_number: idNumber() });
    const changed = await expectRefused(
      await returnTo(t, ...pair(await throughProvider(subject))),
      sessions,
      409,
      "error.oidc_identity_mismatch",
      "identity_mismatch",
    );
    expect(changed?.person_id).toBe(person.id);

    const other = resident({ id_number: person.idNumber });
    const taken = await expectRefused(
      await returnTo(t, ...pair(await throughProvider(other.subject))),
      sessions,
      409,
      "error.oidc_identity_taken",
      "identity_taken",
    );
    expect(taken?.person_id).toBe(person.id);
  });
});

const pair = (walk: { back: string; cookie: string }): [string, string] => [walk.back, walk.cookie];
