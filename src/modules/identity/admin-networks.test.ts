import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import type { StaffRole } from "./tables.ts";

const INSIDE = "10.20.3.4";
const OUTSIDE = "203.0.113.9";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      ADMIN_ALLOWED_NETWORKS: "10.20.0.0/16,192.0.2.7",
      SESSION_CACHE_SECONDS: "0",
      SIGNIN_PER_IP_PER_MINUTE: "1000",
    },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

/** Every cookie a response set, as a Cookie header: whatever the session cookie is named. */
const cookieHeader = (response: { headers: Record<string, unknown> }) =>
  Object.entries(cookiesOf(response))
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");

const signIn = (username: string, from: string, password = TEST_PASSWORD) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    remoteAddress: from,
    payload: { username, password },
  });

const me = (cookie: string, from: string) =>
  t.app.inject({ method: "GET", url: "/api/v1/me", remoteAddress: from, headers: { cookie } });

const member = (role: StaffRole) => staffMember(t.platform.database.db, role, "330523");

function signInEntries(staffId: string) {
  return t.platform.database.db
    .selectFrom("audit_log")
    .select(["action", "actor_kind", "details"])
    .where("subject_id", "=", staffId)
    .where("action", "like", "staff.signin%")
    .orderBy("seq")
    .execute();
}

describe("administration limited to ADMIN_ALLOWED_NETWORKS", () => {
  it.each(["system_admin", "security_admin", "audit_admin", "administrator"] as const)(
    "lets a %s sign in and work from inside the list",
    async (role) => {
      const admin = await member(role);
      const signedIn = await signIn(admin.username, INSIDE);
      expect(signedIn.statusCode).toBe(201);
      expect((await me(cookieHeader(signedIn), INSIDE)).statusCode).toBe(200);
      expect((await me(cookieHeader(signedIn), "192.0.2.7")).statusCode).toBe(200);
    },
  );

  it.each(["system_admin", "security_admin", "audit_admin", "administrator"] as const)(
    "refuses a %s's right password from outside, opening no session, and puts it on the trail",
    async (role) => {
      const admin = await member(role);
      const refused = await signIn(admin.username, OUTSIDE);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({
        code: "outside_admin_networks",
        detail:
          "Administrators sign in and work only from the administration network, and this address is outside it",
      });
      expect(cookieHeader(refused)).toBe("");
      expect(await signInEntries(admin.id)).toEqual([
        {
          action: "staff.signin_failed",
          actor_kind: "anonymous",
          details: expect.objectContaining({ reason: "outside_admin_networks" }),
        },
      ]);
    },
  );

  it("answers a wrong password from outside as any wrong password: the list tells nothing of who is an administrator", async () => {
    const admin = await member("security_admin");
    const wrong = await signIn(admin.username, OUTSIDE, "not the password at all");
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe("bad_credentials");
  });

  it("refuses every request of a session opened inside once it comes from outside, except signing out", async () => {
    const admin = await member("system_admin");
    const cookie = cookieHeader(await signIn(admin.username, INSIDE));
    const outside = await me(cookie, OUTSIDE);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe("outside_admin_networks");
    expect(t.logs).toContainEqual(
      expect.objectContaining({
        msg: "administrator's session used from outside ADMIN_ALLOWED_NETWORKS: refused",
        staffId: admin.id,
        address: OUTSIDE,
      }),
    );
    // A page says so too, in the reader's language.
    const page = await t.app.inject({
      method: "GET",
      url: "/me",
      remoteAddress: OUTSIDE,
      headers: { cookie, "accept-language": "zh-CN", accept: "text/html" },
    });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain("管理员账号只能在管理网络内使用");
    // Back inside the session still works: it was refused, not ended…
    expect((await me(cookie, INSIDE)).statusCode).toBe(200);
    // …and it can be ended from anywhere.
    const out = await t.app.inject({
      method: "DELETE",
      url: "/api/v1/session",
      remoteAddress: OUTSIDE,
      headers: { cookie },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(cookie, INSIDE)).statusCode).toBe(401);
  });

  it("binds an account by any administrator's role it holds, and as soon as it is granted", async () => {
    const clerk = await member("window_clerk");
    const cookie = cookieHeader(await signIn(clerk.username, OUTSIDE));
    expect((await me(cookie, OUTSIDE)).statusCode).toBe(200);
    const { departmentId } = await t.platform.database.db
      .selectFrom("staff_roles")
      .select("department_id as departmentId")
      .where("staff_id", "=", clerk.id)
      .executeTakeFirstOrThrow();
    await t.platform.database.db
      .insertInto("staff_roles")
      .values({
        staff_id: clerk.id,
        department_id: departmentId,
        role: "administrator",
        jurisdiction_code: "330523",
      })
      .execute();
    expect((await me(cookie, OUTSIDE)).statusCode).toBe(403);
    expect((await signIn(clerk.username, OUTSIDE)).statusCode).toBe(403);
  });

  it.each(["window_clerk", "reviewer", "approver", "supervisor", "catalog_manager"] as const)(
    "leaves a %s free to sign in and work from anywhere",
    async (role) => {
      const staff = await member(role);
      const signedIn = await signIn(staff.username, OUTSIDE);
      expect(signedIn.statusCode).toBe(201);
      expect((await me(cookieHeader(signedIn), OUTSIDE)).statusCode).toBe(200);
    },
  );

  it("shows the refusal on the sign-in page, in the reader's language", async () => {
    const admin = await member("audit_admin");
    const form = await t.app.inject({ method: "GET", url: "/signin", remoteAddress: OUTSIDE });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? "";
    const page = await t.app.inject({
      method: "POST",
      url: "/signin",
      remoteAddress: OUTSIDE,
      headers: { cookie: cookieHeader(form), "accept-language": "en" },
      payload: { username: admin.username, password: TEST_PASSWORD, _csrf: csrf },
    });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain("Administrator accounts can be used only from the administration network.");
  });
});

describe("ADMIN_ALLOWED_NETWORKS behind a proxy", () => {
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await createTestApp({
      env: { ADMIN_ALLOWED_NETWORKS: "10.20.0.0/16", TRUST_PROXY: "true", SESSION_CACHE_SECONDS: "0" },
    });
    await seedRegionSlice(proxied.platform.database.db);
  });
  afterAll(() => proxied.close());

  it("judges the address the trusted proxy saw, never the proxy's own or one the client wrote", async () => {
    const admin = await staffMember(proxied.platform.database.db, "security_admin", "330523");
    const through = (forwardedFor: string) =>
      proxied.app.inject({
        method: "POST",
        url: "/api/v1/session",
        remoteAddress: "10.20.0.1",
        headers: { "x-forwarded-for": forwardedFor },
        payload: { username: admin.username, password: TEST_PASSWORD },
      });
    expect((await through(OUTSIDE)).statusCode).toBe(403);
    // The client wrote an inside address itself; the proxy appended the one it saw.
    expect((await through(`${INSIDE}, ${OUTSIDE}`)).statusCode).toBe(403);
    expect((await through(INSIDE)).statusCode).toBe(201);
  });
});
