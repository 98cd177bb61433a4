import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { cryptoSuite } from "../../platform/crypto.ts";
import { createAccount, grantRole } from "./staff-admin.ts";
import type { StaffRole } from "./tables.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      REQUIRE_STAFF_MFA: "true",
      SESSION_CACHE_SECONDS: "0",
      SIGNIN_MAX_FAILURES: "3",
      SIGNIN_LOCKOUT_MINUTES: "15",
      SIGNIN_PER_IP_PER_MINUTE: "1000",
    },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const sessionOf = (response: { headers: Record<string, unknown> }) =>
  `tb_session=${cookiesOf(response).tb_session}`;

function signIn(username: string, cookie?: string, app = t) {
  return app.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username, password: TEST_PASSWORD },
    ...(cookie ? { headers: { cookie } } : {}),
  });
}

function sendCode(code: string, cookie: string) {
  return t.app.inject({ method: "POST", url: "/api/v1/session/mfa", payload: { code }, headers: { cookie } });
}

const me = (cookie: string, app = t) => app.app.inject({ url: "/api/v1/me", headers: { cookie } });

const codeAt = (secret: string, offsetSeconds = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

/** A code that matches none of the steps the server accepts now. */
async function wrongCode(secret: string): Promise<string> {
  const valid = new Set(await Promise.all([-60, -30, 0, 30, 60].map((s) => codeAt(secret, s))));
  return ["000000", "111111", "222222", "333333", "444444", "555555"].find((c) => !valid.has(c)) as string;
}

function staffRow(id: string) {
  return t.platform.database.db
    .selectFrom("staff")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

/** Signs a member in for the first time and enrols them; returns the secret and the full session. */
async function enrolled(role: StaffRole, jurisdiction = "330523") {
  const member = await staffMember(t.platform.database.db, role, jurisdiction);
  const first = await signIn(member.username);
  const secret = first.json().secret as string;
  const code = await codeAt(secret);
  const done = await sendCode(code, sessionOf(first));
  expect(done.statusCode).toBe(201);
  return { ...member, secret, code, cookie: sessionOf(done) };
}

describe("the second factor through the API", () => {
  it("comes after a first password is replaced, never before it", async () => {
    const db = t.platform.database.db;
    const username = `first.${process.pid}.${Date.now()}`;
    const first = "a first password handed over 7Kq";
    const id = await createAccount(
      db,
      { kind: "operator" },
      { username, displayName: "钱七", password: first, regionCode: "330523" },
    );
    await grantRole(db, { kind: "operator" }, id, {
      role: "approver",
      departmentId: await department(db, "330523", "market_regulation"),
      jurisdictionCode: "330523",
    });
    const signedIn = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username, password: first },
    });
    expect(signedIn.statusCode).toBe(202);
    expect(signedIn.json()).toEqual({ passwordChange: true, expiresAt: expect.any(String) });
    // The second factor's step does not open to a session still owing its password.
    expect((await sendCode("123456", sessionOf(signedIn))).statusCode).toBe(401);
    expect((await staffRow(id)).totp_secret).toBeNull();

    const chosen = await t.app.inject({
      method: "POST",
      url: "/api/v1/session/password",
      payload: { newPassword: "月亮 river crossing 1987" },
      headers: { cookie: sessionOf(signedIn) },
    });
    expect(chosen.statusCode).toBe(202);
    expect(chosen.headers["cache-control"]).toBe("no-store");
    const secret = chosen.json().secret as string;
    expect(chosen.json().mfa).toBe("enrol");
    expect((await me(sessionOf(chosen))).statusCode).toBe(401);
    const done = await sendCode(await codeAt(secret), sessionOf(chosen));
    expect(done.statusCode).toBe(201);
    expect((await me(sessionOf(done))).statusCode).toBe(200);
  });

  it("enrols an approver at first sign-in; until then the session signs no one in", async () => {
    const approver = await staffMember(t.platform.database.db, "approver", "330523");
    const first = await signIn(approver.username);
    expect(first.statusCode).toBe(202);
    expect(first.headers["cache-control"]).toBe("no-store");
    const { mfa, secret, otpauthUri } = first.json();
    expect(mfa).toBe("enrol");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Tongban:/);
    expect(otpauthUri).toContain(`secret=${secret}`);

    const pending = sessionOf(first);
    expect((await me(pending)).statusCode).toBe(401);
    expect(
      (await t.app.inject({ url: `/api/v1/staff/${approver.id}`, headers: { cookie: pending } })).statusCode,
    ).toBe(401);
    const page = await t.app.inject({ url: "/me", headers: { cookie: pending } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/signin/mfa?next=%2Fme");

    // The secret is kept only encrypted.
    const stored = await staffRow(approver.id);
    expect(stored.totp_secret).toMatch(cryptoSuite() === "national" ? /^s2\./ : /^v2\./);
    expect(stored.totp_secret).not.toContain(secret);
    expect(stored.totp_enrolled_at).toBeNull();

    // Signing in again before finishing offers the same secret, so the app's entry stays right.
    const again = await signIn(approver.username, pending);
    expect(again.json().secret).toBe(secret);
    const sessions = await t.platform.database.db
      .selectFrom("sessions")
      .select("stage")
      .where("staff_id", "=", approver.id)
      .execute();
    expect(sessions).toEqual([{ stage: "mfa_pending" }]);

    const code = await codeAt(secret);
    const done = await sendCode(code, sessionOf(again));
    expect(done.statusCode).toBe(201);
    expect(done.json().staffId).toBe(approver.id);
    const full = sessionOf(done);
    expect(full).not.toBe(sessionOf(again));
    expect((await me(full)).statusCode).toBe(200);
    expect((await me(full)).json().username).toBe(approver.username);
    // The pending id is gone: it can neither sign in nor be finished twice.
    expect((await me(sessionOf(again))).statusCode).toBe(401);
    expect((await sendCode(code, sessionOf(again))).statusCode).toBe(401);

    const after = await staffRow(approver.id);
    expect(after.totp_enrolled_at).not.toBeNull();
    const step = Math.floor(Date.now() / 30_000);
    expect(after.totp_last_step).toBeGreaterThanOrEqual(step - 1);
    expect(after.totp_last_step).toBeLessThanOrEqual(step);
  });

  it("asks an enrolled approver for a code, refuses a replayed code and takes the next one", async () => {
    const approver = await enrolled("approver");
    const second = await signIn(approver.username);
    expect(second.statusCode).toBe(202);
    expect(second.json()).toEqual({ mfa: "verify", expiresAt: expect.any(String) });

    const replay = await sendCode(approver.code, sessionOf(second));
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe("mfa_invalid");
    expect(replay.json().title).toContain("已经用过");

    const nextCode = await codeAt(approver.secret, 30);
    const done = await sendCode(nextCode, sessionOf(second));
    expect(done.statusCode).toBe(201);
    expect((await me(sessionOf(done))).statusCode).toBe(200);

    // That code is spent too, and so is every earlier one.
    const third = await signIn(approver.username);
    expect((await sendCode(nextCode, sessionOf(third))).statusCode).toBe(401);
    expect((await sendCode(approver.code, sessionOf(third))).statusCode).toBe(401);
  });

  it("lets only one of two racing requests spend a code", async () => {
    const approver = await enrolled("approver");
    const [a, b] = [await signIn(approver.username), await signIn(approver.username)];
    const code = await codeAt(approver.secret, 30);
    const answers = await Promise.all([sendCode(code, sessionOf(a)), sendCode(code, sessionOf(b))]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 401]);
  });

  it("locks the account after repeated wrong codes; a right password does not buy more guesses", async () => {
    const admin = await enrolled("administrator");
    const wrong = await wrongCode(admin.secret);
    let pending = sessionOf(await signIn(admin.username));
    const miss = await sendCode(wrong, pending);
    expect(miss.statusCode).toBe(401);
    expect(miss.json().code).toBe("mfa_invalid");
    expect((await sendCode("12ab56", pending)).statusCode).toBe(401);

    pending = sessionOf(await signIn(admin.username));
    const locked = await sendCode(wrong, pending);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe("account_locked");
    expect(Number(locked.headers["retry-after"])).toBe(15 * 60);

    // Locked: neither the right code nor the password gets in.
    expect((await sendCode(await codeAt(admin.secret, 30), pending)).statusCode).toBe(423);
    expect((await signIn(admin.username)).statusCode).toBe(423);

    // After the lockout the right code works, and clears the count.
    await t.platform.database.db
      .updateTable("staff")
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where("id", "=", admin.id)
      .execute();
    const fresh = await signIn(admin.username);
    expect(fresh.statusCode).toBe(202);
    expect((await sendCode(await codeAt(admin.secret, 30), sessionOf(fresh))).statusCode).toBe(201);
    expect((await staffRow(admin.id)).failed_totp).toBe(0);
  });

  it("asks a half-finished sign-in to start again once it lapses, and ends it at sign-out", async () => {
    const approver = await staffMember(t.platform.database.db, "approver", "330523");
    const stale = await signIn(approver.username);
    await t.platform.database.db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("staff_id", "=", approver.id)
      .execute();
    const late = await sendCode(await codeAt(stale.json().secret), sessionOf(stale));
    expect(late.statusCode).toBe(401);
    expect(late.json().code).toBe("unauthenticated");

    const pending = sessionOf(await signIn(approver.username));
    const out = await t.app.inject({
      method: "DELETE",
      url: "/api/v1/session",
      headers: { cookie: pending },
    });
    expect(out.statusCode).toBe(204);
    const left = await t.platform.database.db
      .selectFrom("sessions")
      .select("token_hash")
      .where("staff_id", "=", approver.id)
      .where("expires_at", ">", new Date())
      .execute();
    expect(left).toEqual([]);
  });

  it("asks clerks, reviewers, supervisors and the three administrators for it too", async () => {
    for (const role of [
      "window_clerk",
      "reviewer",
      "supervisor",
      "catalog_manager",
      "audit_admin",
    ] as const) {
      const member = await staffMember(t.platform.database.db, role, "330523");
      const response = await signIn(member.username);
      expect(response.statusCode, role).toBe(202);
      expect((await me(sessionOf(response))).statusCode).toBe(401);
    }
  });

  it("asks nothing more of an approver when REQUIRE_STAFF_MFA is off", async () => {
    const relaxed = await createTestApp({ env: { REQUIRE_STAFF_MFA: "false", SESSION_CACHE_SECONDS: "0" } });
    try {
      await seedRegionSlice(relaxed.platform.database.db);
      for (const role of ["approver", "administrator"] as const) {
        const member = await staffMember(relaxed.platform.database.db, role, "330523");
        const response = await signIn(member.username, undefined, relaxed);
        expect(response.statusCode).toBe(201);
        expect((await me(sessionOf(response), relaxed)).statusCode).toBe(200);
      }
    } finally {
      await relaxed.close();
    }
  });
});

describe("resetting someone's second factor", () => {
  it("lets a county security administrator reset an approver's, ending their sessions; the next sign-in enrols anew", async () => {
    const admin = await enrolled("security_admin");
    const approver = await enrolled("approver");
    const reset = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/staff/${approver.id}/mfa`,
      headers: { cookie: admin.cookie },
    });
    expect(reset.statusCode).toBe(204);
    expect((await me(approver.cookie)).statusCode).toBe(401);
    const again = await signIn(approver.username);
    expect(again.json().mfa).toBe("enrol");
    expect(again.json().secret).not.toBe(approver.secret);
  });

  it("refuses it to others — a county's administrator of its business too — and to oneself", async () => {
    const admin = await enrolled("security_admin");
    const elsewhere = await enrolled("security_admin", "330522");
    const business = await enrolled("administrator");
    const clerkCookie = (await enrolled("window_clerk")).cookie;
    const reset = (id: string, cookie?: string) =>
      t.app.inject({
        method: "DELETE",
        url: `/api/v1/staff/${id}/mfa`,
        ...(cookie ? { headers: { cookie } } : {}),
      });
    expect((await reset(admin.id)).statusCode).toBe(401);
    expect((await reset(admin.id, clerkCookie)).statusCode).toBe(404);
    expect((await reset(admin.id, elsewhere.cookie)).statusCode).toBe(404);
    expect((await reset(admin.id, admin.cookie)).statusCode).toBe(403);
    expect((await reset(admin.id, business.cookie)).statusCode).toBe(403);
    expect((await staffRow(admin.id)).totp_enrolled_at).not.toBeNull();
  });
});

describe("the second factor through the pages, without JavaScript", () => {
  /** A browser's cookie jar, kept across responses. */
  function jar() {
    const cookies: Record<string, string> = {};
    return {
      take(response: { headers: Record<string, unknown> }) {
        Object.assign(cookies, cookiesOf(response));
      },
      get header() {
        return Object.entries(cookies)
          .map(([k, v]) => `${k}=${v}`)
          .join("; ");
      },
    };
  }
  const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] as string;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it("enrols, then verifies, landing on the page the person asked for", async () => {
    const approver = await staffMember(t.platform.database.db, "approver", "330523001");
    const browser = jar();
    const start = await t.app.inject("/signin?next=%2Fregions%2F330523");
    browser.take(start);
    const signedIn = await t.app.inject({
      method: "POST",
      url: "/signin",
      headers: { cookie: browser.header, "content-type": "application/x-www-form-urlencoded" },
      payload: form({
        _csrf: csrfOf(start.body),
        username: approver.username,
        password: TEST_PASSWORD,
        next: "/regions/330523",
      }),
    });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe("/signin/mfa?next=%2Fregions%2F330523");
    browser.take(signedIn);

    const enrol = await t.app.inject({
      url: signedIn.headers.location as string,
      headers: { cookie: browser.header },
    });
    expect(enrol.statusCode).toBe(200);
    expect(enrol.headers["cache-control"]).toBe("no-store");
    expect(enrol.body).toContain('src="data:image/svg+xml;base64,');
    expect(enrol.body).toContain('autocomplete="one-time-code"');
    expect(enrol.body).toContain('inputmode="numeric"');
    expect(enrol.body).not.toMatch(/<script|style=/);
    const grouped = /<code class="secret" lang="en">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)?.[1] as string;
    expect(grouped).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const secret = grouped.replaceAll(" ", "");
    expect(enrol.body).toContain(
      `alt="用于设置两步验证的二维码。无法扫描时，请在应用中手动输入密钥：${grouped}"`,
    );
    const qr = Buffer.from(
      /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(enrol.body)?.[1] as string,
      "base64",
    );
    expect(qr.toString()).toMatch(/^<svg /);
    browser.take(enrol);

    const post = (code: string, csrf: string) =>
      t.app.inject({
        method: "POST",
        url: "/signin/mfa",
        headers: { cookie: browser.header, "content-type": "application/x-www-form-urlencoded" },
        payload: form({ _csrf: csrf, code, next: "/regions/330523" }),
      });

    const empty = await post("", csrfOf(enrol.body));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#code"');
    expect(empty.body).toContain('aria-invalid="true"');
    const wrong = await post(await wrongCode(secret), csrfOf(empty.body));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('class="error-summary"');
    expect(wrong.body).toContain("验证码不正确或已经用过");
    // The enrolment stays on the page after a wrong code.
    expect(wrong.body).toContain(grouped);

    const done = await post(await codeAt(secret), csrfOf(wrong.body));
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/regions/330523");
    browser.take(done);
    const workspace = await t.app.inject({ url: "/me", headers: { cookie: browser.header } });
    expect(workspace.statusCode).toBe(200);
    expect(workspace.body).toContain("审批人员");

    // The next time: the code alone, no secret on the page.
    const again = await t.app.inject({
      method: "POST",
      url: "/signin",
      headers: { cookie: browser.header, "content-type": "application/x-www-form-urlencoded" },
      payload: form({ _csrf: csrfOf(workspace.body), username: approver.username, password: TEST_PASSWORD }),
    });
    expect(again.headers.location).toBe("/signin/mfa?next=%2Fme");
    browser.take(again);
    const verify = await t.app.inject({ url: "/signin/mfa?next=%2Fme", headers: { cookie: browser.header } });
    expect(verify.body).toContain("两步验证");
    expect(verify.body).not.toContain("data:image/svg+xml");
    expect(verify.body).not.toContain(grouped);
    const finished = await post(await codeAt(secret, 30), csrfOf(verify.body));
    expect(finished.statusCode).toBe(303);
  });

  it("sends someone without a waiting sign-in from the code page to sign-in", async () => {
    const response = await t.app.inject("/signin/mfa?next=%2Fme");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/signin?next=%2Fme");
  });
});
