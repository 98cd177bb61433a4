import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { isAppError } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import type { StaffRole } from "../identity/tables.ts";
import { searchAudit } from "./service.ts";
import { verifyForAuditor } from "./verification.ts";

let t: TestApp;
const cookies: Record<string, string> = {};
let departmentId = "";

async function signIn(name: string, role: StaffRole, jurisdiction: string) {
  const member = await staffMember(t.platform.database.db, role, jurisdiction);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  cookies[name] = `tb_session=${cookiesOf(response).tb_session}`;
}

/**
 * One holding `role` over the whole country. No region has the country's code (the empty one), so no
 * stored grant names it: the actor is made as one signed in with such a grant would be.
 */
const national = (role: StaffRole): Extract<Actor, { kind: "staff" }> => ({
  kind: "staff",
  id: `national-${role}`,
  username: `${role}.national`,
  displayName: `National ${role}`,
  grants: [{ role, departmentId, jurisdictionCode: "" }],
});

const verify = (who?: string, extra: Record<string, unknown> = {}) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/audit/verification",
    ...(who ? { headers: { cookie: cookies[who] as string } } : {}),
    payload: {},
    ...extra,
  });

beforeAll(async () => {
  t = await createTestApp();
  await seedRegionSlice(t.platform.database.db);
  departmentId = await department(t.platform.database.db, "330523");
  await signIn("countyAuditor", "audit_admin", "330523");
  await signIn("provinceAuditor", "audit_admin", "33");
  await signIn("supervisor", "supervisor", "330523");
  await signIn("clerk", "window_clerk", "330523");
  // A failed sign-in under a name no one has: an entry of no region.
  const failed = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: "ghost.user", password: "not the password at all" },
  });
  expect(failed.statusCode).toBe(401);
});
afterAll(() => t.close());

describe("verifying the audit trail through the API (G27)", () => {
  it("asks an anonymous caller to sign in, and refuses anyone but the audit administrator", async () => {
    const anonymous = await verify();
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe("unauthenticated");
    for (const who of ["clerk", "supervisor"]) {
      const refused = await verify(who);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe("forbidden");
    }
  });

  it("verifies every chain for the audit administrator and puts the verification on the trail", async () => {
    const response = await verify("countyAuditor", { remoteAddress: "198.51.100.20" });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ ok: true, problem: null });
    expect(body.entries).toBeGreaterThan(0);
    expect(body.heads.map((h: { province: string }) => h.province)).toEqual(["00", "33"]);
    expect(new Date(body.verifiedAt).toISOString()).toBe(body.verifiedAt);

    const found = await t.app.inject({
      url: "/api/v1/audit?action=audit.verified",
      headers: { cookie: cookies.countyAuditor as string },
    });
    const [entry] = found.json().items;
    expect(entry).toMatchObject({
      actorKind: "staff",
      action: "audit.verified",
      regionCode: "330523",
      requestId: response.headers["x-request-id"],
      details: { ok: true, entries: body.entries, heads: body.heads, ip: "198.51.100.20" },
    });
  });

  it("refuses a malformed body, and a trail too long to verify while the request waits", async () => {
    const malformed = await verify("countyAuditor", {
      headers: { cookie: cookies.countyAuditor as string, "content-type": "application/json" },
      payload: "{",
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers["content-type"]).toContain("application/problem+json");
    const unknown = await verify("countyAuditor", { payload: { repair: true } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe("validation_failed");
    // A form post (what another site could make a browser send) needs the page's CSRF token.
    const form = await verify("countyAuditor", {
      headers: {
        cookie: cookies.countyAuditor as string,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: "",
    });
    expect(form.statusCode).toBe(403);
    expect(form.json().code).toBe("csrf_failed");
    const error = await verifyForAuditor(t.platform.database.db, national("audit_admin"), {}, 1).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error) && { code: error.code, status: error.status }).toEqual({
      code: "audit_trail_too_long",
      status: 409,
    });
    expect((error as Error).message).toContain("tongban audit verify");
  });

  it("answers a broken chain with the first broken entry, and records that too", async () => {
    const db = t.platform.database.db;
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
    try {
      await sql`update audit_log set action = 'staff.signout' where province_code = '33' and seq = 1`.execute(
        db,
      );
    } finally {
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
    }
    const response = await verify("provinceAuditor");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      ok: false,
      entries: expect.any(Number),
      heads: [],
      problem: { kind: "changed", province: "33", seq: 1, message: "its content no longer matches its hash" },
    });
    const found = await t.app.inject({
      url: "/api/v1/audit?action=audit.verified",
      headers: { cookie: cookies.provinceAuditor as string },
    });
    expect(found.json().items[0]).toMatchObject({
      regionCode: "33",
      details: { ok: false, problem: { kind: "changed", province: "33", seq: 1 } },
    });
  });
});

describe("entries without a region (G27)", () => {
  const db = () => t.platform.database.db;

  it("are shown to an audit reader over the whole country", async () => {
    const page = await searchAudit(
      db(),
      national("audit_admin"),
      { action: "staff.signin_failed" },
      { limit: 50 },
    );
    expect(page.items.map((e) => [e.action, e.regionCode, e.details.reason])).toEqual([
      ["staff.signin_failed", null, "unknown_account"],
    ]);
    // Entries with a region are the country's too.
    const all = await searchAudit(db(), national("supervisor"), { action: "staff.signin" }, { limit: 50 });
    expect(all.items.length).toBeGreaterThanOrEqual(3);
  });

  it("are not shown to a county or province auditor", async () => {
    for (const who of ["countyAuditor", "provinceAuditor"]) {
      const response = await t.app.inject({
        url: "/api/v1/audit?action=staff.signin_failed",
        headers: { cookie: cookies[who] as string },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().items).toEqual([]);
    }
  });

  it("are still refused to a national clerk, who reads no trail", async () => {
    await expect(
      searchAudit(db(), national("window_clerk"), { action: "staff.signin_failed" }, { limit: 50 }),
    ).rejects.toMatchObject({ code: "forbidden", status: 403 });
  });

  it("records the national reader's own search as an entry of no region, which they see", async () => {
    const reader = national("audit_admin");
    await searchAudit(db(), reader, { action: "staff.signin_failed" }, { limit: 50 });
    const page = await searchAudit(
      db(),
      reader,
      { action: "audit.searched", actorId: reader.id },
      { limit: 50 },
    );
    expect(page.items[0]).toMatchObject({ regionCode: null, actorId: reader.id });
  });
});
