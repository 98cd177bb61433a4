import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: { REQUIRE_STAFF_MFA: "true", SESSION_CACHE_SECONDS: "0", SIGNIN_PER_IP_PER_MINUTE: "1000" },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const sessionOf = (response: { headers: Record<string, unknown> }) =>
  `tb_session=${cookiesOf(response).tb_session}`;

const signIn = (username: string, password = TEST_PASSWORD) =>
  t.app.inject({ method: "POST", url: "/api/v1/session", payload: { username, password } });

/** Signed in all the way: the password, then a code of the secret enrolled there and then. */
async function fullSession(username: string): Promise<string> {
  const first = await signIn(username);
  const done = await t.app.inject({
    method: "POST",
    url: "/api/v1/session/mfa",
    payload: { code: await generate({ secret: first.json().secret as string }) },
    headers: { cookie: sessionOf(first) },
  });
  expect(done.statusCode).toBe(201);
  return sessionOf(done);
}

/** The trail's entries about one staff member, oldest first. */
function entriesAbout(staffId: string) {
  return t.platform.database.db
    .selectFrom("audit_log")
    .select(["action", "actor_kind", "actor_id", "region_code", "request_id", "details"])
    .where("subject_id", "=", staffId)
    .orderBy("seq")
    .execute();
}

describe("the audit trail of staff accounts", () => {
  it("records the account's creation, a wrong password and a sign-in, in the member's jurisdiction", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523001");
    expect((await signIn(clerk.username, "not the password")).statusCode).toBe(401);
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      headers: { "x-request-id": "req-audit-signin-1" },
      payload: { username: clerk.username, password: TEST_PASSWORD },
    });
    expect(ok.statusCode).toBe(202); // the password was right; the second factor is owed

    const entries = await entriesAbout(clerk.id);
    expect(entries.map((e) => e.action)).toEqual(["staff.create", "staff.signin_failed", "staff.signin"]);
    expect(entries.every((e) => e.region_code === "330523001")).toBe(true);
    expect(entries[0]).toMatchObject({ actor_kind: "system", details: { username: clerk.username } });
    expect(entries[1]).toMatchObject({
      actor_kind: "anonymous",
      details: { reason: "wrong_password", locked: false },
    });
    expect(entries[2]).toMatchObject({
      actor_kind: "staff",
      actor_id: clerk.id,
      request_id: "req-audit-signin-1",
      details: { stage: "mfa_pending", secondFactor: "enrol" },
    });
  });

  it("records a failed sign-in for an unknown account without keeping what was typed", async () => {
    const typed = `nobody-${Date.now()}`;
    expect((await signIn(typed, "Secret-typed-2026")).statusCode).toBe(401);
    const entry = await t.platform.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "staff.signin_failed")
      // An account nobody has names no region: its entry is in the national chain, numbered there.
      .where("province_code", "=", "00")
      .orderBy("seq", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(entry.subject_id).toBeNull();
    expect(entry.details).toEqual({ reason: "unknown_account", ip: "127.0.0.1" });
    expect(JSON.stringify(entry)).not.toContain(typed);
    expect(JSON.stringify(entry)).not.toContain("Secret-typed-2026");
  });

  it("records enrolment, a wrong code, a verified code and a reset by the security administrator", async () => {
    const approver = await staffMember(t.platform.database.db, "approver", "330523");
    const first = await signIn(approver.username);
    const secret = first.json().secret as string;
    const enrolled = await t.app.inject({
      method: "POST",
      url: "/api/v1/session/mfa",
      payload: { code: await generate({ secret }) },
      headers: { cookie: sessionOf(first) },
    });
    expect(enrolled.statusCode).toBe(201);

    const second = await signIn(approver.username);
    const valid = new Set(
      await Promise.all(
        [-60, -30, 0, 30, 60].map((s) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + s })),
      ),
    );
    const wrong = ["000000", "111111", "222222"].find((c) => !valid.has(c)) as string;
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/v1/session/mfa",
      payload: { code: wrong },
      headers: { cookie: sessionOf(second) },
    });
    expect(refused.statusCode).toBe(401);
    const verified = await t.app.inject({
      method: "POST",
      url: "/api/v1/session/mfa",
      payload: { code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }) },
      headers: { cookie: sessionOf(second) },
    });
    expect(verified.statusCode).toBe(201);

    const admin = await staffMember(t.platform.database.db, "security_admin", "330523");
    const adminFirst = await signIn(admin.username);
    const adminSecret = adminFirst.json().secret as string;
    const adminSession = await t.app.inject({
      method: "POST",
      url: "/api/v1/session/mfa",
      payload: { code: await generate({ secret: adminSecret }) },
      headers: { cookie: sessionOf(adminFirst) },
    });
    const reset = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/staff/${approver.id}/mfa`,
      headers: { cookie: sessionOf(adminSession) },
    });
    expect(reset.statusCode).toBe(204);

    const entries = await entriesAbout(approver.id);
    expect(entries.map((e) => e.action)).toEqual([
      "staff.create",
      "staff.signin",
      "staff.mfa_enrolled",
      "staff.signin",
      "staff.mfa_failed",
      "staff.mfa_verified",
      "staff.mfa_reset",
    ]);
    expect(entries[1]?.details).toEqual({ stage: "mfa_pending", secondFactor: "enrol", ip: "127.0.0.1" });
    expect(entries[4]).toMatchObject({ actor_kind: "anonymous", details: { locked: false } });
    expect(entries[6]).toMatchObject({ actor_kind: "staff", actor_id: admin.id });
  });

  it("shows a county's sign-in events to its supervisor and not to another county's", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    await signIn(clerk.username);
    const ours = await staffMember(t.platform.database.db, "supervisor", "330523");
    const theirs = await staffMember(t.platform.database.db, "supervisor", "330522");
    const search = async (supervisor: { username: string }) => {
      const session = await fullSession(supervisor.username);
      const found = await t.app.inject({
        url: `/api/v1/audit?actorId=${clerk.id}`,
        headers: { cookie: session },
      });
      expect(found.statusCode).toBe(200);
      return (found.json().items as { action: string }[]).map((e) => e.action);
    };
    expect(await search(ours)).toContain("staff.signin");
    expect(await search(theirs)).toEqual([]);
  });

  it("finds a staff member's failed sign-ins when a supervisor searches for that member", async () => {
    const clerk = await staffMember(t.platform.database.db, "window_clerk", "330523");
    expect((await signIn(clerk.username, "a wrong password")).statusCode).toBe(401);
    const supervisor = await staffMember(t.platform.database.db, "supervisor", "330523");
    const session = await fullSession(supervisor.username);
    const found = await t.app.inject({
      url: `/api/v1/audit?actorId=${clerk.id}`,
      headers: { cookie: session },
    });
    const entries = found.json().items as { action: string; actorKind: string }[];
    expect(entries.map((e) => e.action)).toEqual(["staff.signin_failed", "staff.create"]);
    expect(entries[0]?.actorKind).toBe("anonymous");
  });
});
