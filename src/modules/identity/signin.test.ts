import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      SIGNIN_MAX_FAILURES: "3",
      SIGNIN_LOCKOUT_MINUTES: "15",
      SIGNIN_PER_IP_PER_MINUTE: "1000",
      // Disabling an account must show at once here; the cache has its own tests.
      SESSION_CACHE_SECONDS: "0",
    },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

function signIn(username: string, password: string, cookie?: string) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username, password },
    ...(cookie ? { headers: { cookie } } : {}),
  });
}

/** A sign-in from a client address of one's choosing (no proxy is trusted here: it is `request.ip`). */
function signInFrom(address: string, username: string, password: string) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username, password },
    remoteAddress: address,
  });
}

/** The count of wrong passwords for a staff account from one address. */
function pairOf(staffId: string, address: string) {
  return t.platform.database.db
    .selectFrom("signin_failures")
    .selectAll()
    .where("account_kind", "=", "staff")
    .where("account_id", "=", staffId)
    .where("address", "=", address)
    .executeTakeFirst();
}

async function sessionCount(staffId: string): Promise<number> {
  const rows = await t.platform.database.db
    .selectFrom("sessions")
    .select("token_hash")
    .where("staff_id", "=", staffId)
    .execute();
  return rows.length;
}

describe("an idle session", () => {
  const lastSeen = (staffId: string, minutesAgo: number) =>
    t.platform.database.db
      .updateTable("sessions")
      .set({ last_seen_at: new Date(Date.now() - minutesAgo * 60_000) })
      .where("staff_id", "=", staffId)
      .execute();

  it("ends after 30 minutes unused, and one in use is kept alive", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    const cookie = `tb_session=${cookiesOf(await signIn(clerk.username, TEST_PASSWORD)).tb_session}`;
    const me = () => t.app.inject({ url: "/api/v1/me", headers: { cookie } });
    await lastSeen(clerk.id, 29);
    expect((await me()).statusCode).toBe(200);
    const [row] = await t.platform.database.db
      .selectFrom("sessions")
      .select("last_seen_at")
      .where("staff_id", "=", clerk.id)
      .execute();
    expect(Date.now() - (row?.last_seen_at.getTime() ?? 0)).toBeLessThan(60_000);
    await lastSeen(clerk.id, 31);
    expect((await me()).statusCode).toBe(401);
  });
});

describe("staff sign-in through the API", () => {
  it("signs in, shows role, department and jurisdiction, and signs out", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    const response = await signIn(clerk.username.toUpperCase(), TEST_PASSWORD);
    expect(response.statusCode).toBe(201);
    const token = cookiesOf(response).tb_session as string;
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(String(response.headers["set-cookie"])).toMatch(/HttpOnly/i);

    const me = await t.app.inject({ url: "/api/v1/me", headers: { cookie: `tb_session=${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      username: clerk.username,
      grants: [
        {
          role: "window_clerk",
          departmentName: "安吉县政务服务中心",
          jurisdictionCode: "330523",
          jurisdictionName: "安吉县",
        },
      ],
    });

    const out = await t.app.inject({
      method: "DELETE",
      url: "/api/v1/session",
      headers: { cookie: `tb_session=${token}` },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ url: "/api/v1/me", headers: { cookie: `tb_session=${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it("gives a new session id at every sign-in and ends the old one", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    const first = cookiesOf(await signIn(clerk.username, TEST_PASSWORD)).tb_session as string;
    const second = cookiesOf(await signIn(clerk.username, TEST_PASSWORD, `tb_session=${first}`))
      .tb_session as string;
    expect(second).not.toBe(first);
    expect(await sessionCount(clerk.id)).toBe(1);
    expect(
      (await t.app.inject({ url: "/api/v1/me", headers: { cookie: `tb_session=${first}` } })).statusCode,
    ).toBe(401);
  });

  it("ends the sessions of a disabled account and of an expired session", async () => {
    const db = t.platform.database.db;
    const leaver = await staffMember(db, "reviewer", "330523");
    const cookie = `tb_session=${cookiesOf(await signIn(leaver.username, TEST_PASSWORD)).tb_session}`;
    expect((await t.app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(200);
    await db.updateTable("staff").set({ disabled_at: new Date() }).where("id", "=", leaver.id).execute();
    expect((await t.app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(401);
    expect((await signIn(leaver.username, TEST_PASSWORD)).statusCode).toBe(401);

    const clerk = await staffMember(db, "window_clerk", "330523");
    const stale = `tb_session=${cookiesOf(await signIn(clerk.username, TEST_PASSWORD)).tb_session}`;
    await db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("staff_id", "=", clerk.id)
      .execute();
    expect((await t.app.inject({ url: "/api/v1/me", headers: { cookie: stale } })).statusCode).toBe(401);
  });

  it("answers a wrong password and an unknown user alike", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    const wrong = await signIn(clerk.username, "wrong password");
    const unknown = await signIn("nobody.at.all", "wrong password");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe("bad_credentials");
    expect(unknown.json().code).toBe("bad_credentials");
  });

  it("locks the address after repeated failures, even against the right password, and unlocks after the lockout", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    expect((await signIn(clerk.username, "x1")).statusCode).toBe(401);
    expect((await signIn(clerk.username, "x2")).statusCode).toBe(401);
    const third = await signIn(clerk.username, "x3");
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe("account_locked");
    expect(Number(third.headers["retry-after"])).toBe(15 * 60);

    const right = await signIn(clerk.username, TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().title).toContain("15 分钟");

    // The lockout ends by itself.
    await t.platform.database.db
      .updateTable("signin_failures")
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where("account_id", "=", clerk.id)
      .execute();
    expect((await signIn(clerk.username, TEST_PASSWORD)).statusCode).toBe(201);
    expect(await pairOf(clerk.id, "127.0.0.1")).toMatchObject({ failures: 0, locked_until: null });
  });

  it("survives a sign-in storm: every attempt answered, the count exact, nothing else changed", async () => {
    const victim = await staffMember(t.platform.database.db, "window_clerk", "330523");
    const bystander = await staffMember(t.platform.database.db, "reviewer", "330523");
    const before = await t.platform.database.db
      .selectFrom("staff")
      .selectAll()
      .where("id", "=", bystander.id)
      .executeTakeFirstOrThrow();

    const storm = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(victim.username, `guess-${i}`)),
    );
    const statuses = storm.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 401 || s === 423)).toBe(true);
    expect(statuses.filter((s) => s === 423).length).toBeGreaterThan(0);

    const locked = await pairOf(victim.id, "127.0.0.1");
    expect(locked?.locked_until?.getTime()).toBeGreaterThan(Date.now());
    // No count lost: one for every wrong password the audit trail saw checked.
    const checked = await t.platform.database.db
      .selectFrom("audit_log")
      .select("seq")
      .where("action", "=", "staff.signin_failed")
      .where("subject_id", "=", victim.id)
      .execute();
    expect(locked?.failures).toBe(checked.length);
    expect(checked.length).toBeGreaterThanOrEqual(3);
    expect((await signIn(victim.username, TEST_PASSWORD)).statusCode).toBe(423);
    const after = await t.platform.database.db
      .selectFrom("staff")
      .selectAll()
      .where("id", "=", bystander.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect((await signIn(bystander.username, TEST_PASSWORD)).statusCode).toBe(201);
  });
});

describe("against malicious lockout", () => {
  const OWNER = "198.51.100.20";
  const attackers = Array.from({ length: 5 }, (_, i) => `203.0.113.${i + 1}`);

  it("locks out the attacker's address, while the owner signs in from another", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    const [attacker = ""] = attackers;
    for (const guess of ["x1", "x2"])
      expect((await signInFrom(attacker, clerk.username, guess)).statusCode).toBe(401);
    expect((await signInFrom(attacker, clerk.username, "x3")).statusCode).toBe(423);
    expect((await signInFrom(attacker, clerk.username, TEST_PASSWORD)).statusCode).toBe(423);
    expect((await signInFrom(OWNER, clerk.username, TEST_PASSWORD)).statusCode).toBe(201);
    // Still locked for the attacker after the owner's sign-in; the owner's own count is apart.
    expect((await signInFrom(attacker, clerk.username, TEST_PASSWORD)).statusCode).toBe(423);
    expect(await pairOf(clerk.id, OWNER)).toMatchObject({ failures: 0, locked_until: null });
    // The security administrator sees the account as locked.
    const profile = await t.platform.database.db
      .selectFrom("signin_failures")
      .select("address")
      .where("account_id", "=", clerk.id)
      .where("locked_until", ">", new Date())
      .execute();
    expect(profile).toEqual([{ address: attacker }]);
  });

  it("slows a spread-out attack to one guess per new address, never the owner's address nor a right first try", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    expect((await signInFrom(OWNER, clerk.username, TEST_PASSWORD)).statusCode).toBe(201);
    // Four addresses, three wrong passwords each: twelve, the ceiling of 4 × SIGNIN_MAX_FAILURES (3).
    for (const address of attackers.slice(0, 4)) {
      for (const guess of ["x1", "x2", "x3"]) await signInFrom(address, clerk.username, guess);
    }
    const fresh = "192.0.2.50";
    const once = await signInFrom(fresh, clerk.username, "one more guess");
    expect(once.statusCode).toBe(423);
    expect(Number(once.headers["retry-after"])).toBe(15 * 60);
    expect((await pairOf(clerk.id, fresh))?.failures).toBe(1);
    // A right password on a new address's first try still signs in: slowed, not locked.
    expect((await signInFrom("192.0.2.51", clerk.username, TEST_PASSWORD)).statusCode).toBe(201);
    // The owner's address keeps its three tries, and the right password.
    expect((await signInFrom(OWNER, clerk.username, "typo 1")).statusCode).toBe(401);
    expect((await signInFrom(OWNER, clerk.username, "typo 2")).statusCode).toBe(401);
    expect((await signInFrom(OWNER, clerk.username, TEST_PASSWORD)).statusCode).toBe(201);
  });

  it("forgets a count a day old, and the rows an attack left once they no longer count", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    const [first = "", second = ""] = attackers;
    await signInFrom(first, clerk.username, "x1");
    await signInFrom(first, clerk.username, "x2");
    await t.platform.database.db
      .updateTable("signin_failures")
      .set({ last_failure_at: new Date(Date.now() - 25 * 3_600_000) })
      .where("account_id", "=", clerk.id)
      .execute();
    // Two more from the first address: a fresh count of one, then two, so no lock.
    expect((await signInFrom(second, clerk.username, "x1")).statusCode).toBe(401);
    expect(await pairOf(clerk.id, first)).toBeUndefined();
    expect((await signInFrom(first, clerk.username, "x3")).statusCode).toBe(401);
    expect((await signInFrom(first, clerk.username, "x4")).statusCode).toBe(401);
    expect((await pairOf(clerk.id, first))?.failures).toBe(2);
  });
});

describe("per-address rate limit on sign-in", () => {
  it("answers 429 with Retry-After once an address tries too often", async () => {
    const limited = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "5" } });
    try {
      const responses = [];
      for (let i = 0; i < 7; i++) {
        responses.push(
          await limited.app.inject({
            method: "POST",
            url: "/api/v1/session",
            payload: { username: "x", password: "y" },
          }),
        );
      }
      expect(responses.slice(0, 5).every((r) => r.statusCode === 401)).toBe(true);
      const last = responses.at(-1);
      expect(last?.statusCode).toBe(429);
      expect(last?.json().code).toBe("rate_limited");
      expect(Number(last?.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe("staff sign-in through the page", () => {
  async function form() {
    const page = await t.app.inject("/signin");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    const cookie = Object.entries(cookiesOf(page))
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
    return { csrf, cookie };
  }

  it("signs in with the form and lands on the workspace", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523001");
    const { csrf, cookie } = await form();
    const response = await t.app.inject({
      method: "POST",
      url: "/signin",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        _csrf: csrf,
        username: clerk.username,
        password: TEST_PASSWORD,
        next: "/me",
      }).toString(),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/me");
    const session = cookiesOf(response).tb_session;
    const me = await t.app.inject({ url: "/me", headers: { cookie: `tb_session=${session}` } });
    expect(me.body).toContain("窗口受理人员");
    expect(me.body).toContain("递铺街道");
    expect(me.body).toContain("安吉县政务服务中心");
  });

  it("shows an error summary linked to each empty field", async () => {
    const { csrf, cookie } = await form();
    const response = await t.app.inject({
      method: "POST",
      url: "/signin",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: `_csrf=${encodeURIComponent(csrf)}&username=&password=`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('class="error-summary"');
    expect(response.body).toContain('href="#username"');
    expect(response.body).toContain('href="#password"');
    expect(response.body).toContain('aria-invalid="true"');
  });

  it("sends a visitor without a session from the workspace to sign-in", async () => {
    const response = await t.app.inject("/me");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/signin?next=%2Fme");
  });
});
