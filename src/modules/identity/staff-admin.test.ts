import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice, TEST_PASSWORD } from "../../../test/factories.ts";
import { call, caseTestApp, type Staff, staffOf } from "../cases/testing.ts";
import { staffCommand } from "./cli.ts";
import { grantRole } from "./staff-admin.ts";
import { findStaffByUsername } from "./store.ts";

let t: TestApp;
let system: Staff;
let security: Staff;
let auditor: Staff;
let clerkDepartment: string;

beforeAll(async () => {
  t = await caseTestApp();
  await seedRegionSlice(db());
  system = await staffOf(t, "system_admin", { line: "government_service" });
  security = await staffOf(t, "security_admin", { line: "government_service" });
  auditor = await staffOf(t, "audit_admin", { line: "government_service" });
  clerkDepartment = await department(db(), "330523", "government_service");
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
let serial = 0;

/** A new account in 安吉县, made by its system administrator: its id and username. */
async function account(region = "330523"): Promise<{ id: string; username: string }> {
  const username = `clerk.${process.pid}.${serial++}`;
  const response = await call(t, system, "POST", "/api/v1/staff", {
    username,
    displayName: "王小明",
    password: TEST_PASSWORD,
    regionCode: region,
  });
  expect(response.statusCode, response.body).toBe(201);
  const id: string = response.json().id;
  // A first password is for choosing one's own at the first sign-in (first-password.test.ts); here the
  // account's password is taken as already chosen, so the tests below can work with it.
  await db().updateTable("staff").set({ password_expires_at: null }).where("id", "=", id).execute();
  return { id, username };
}

async function signIn(username: string, password = TEST_PASSWORD) {
  return t.app.inject({ method: "POST", url: "/api/v1/session", payload: { username, password } });
}

const sessionOf = (response: { headers: Record<string, unknown> }) => {
  const cookies = ([] as string[]).concat((response.headers["set-cookie"] as string | string[]) ?? []);
  const cookie = cookies.map((c) => c.split(";")[0] ?? "").find((c) => c.startsWith("tb_session="));
  return { cookie: cookie ?? "" };
};

const clerkGrant = (jurisdictionCode = "330523") => ({
  role: "window_clerk",
  departmentId: clerkDepartment,
  jurisdictionCode,
});

describe("the system administrator", () => {
  it("makes an account within their jurisdiction with no role, kept by that region", async () => {
    const made = await account();
    const profile = (await call(t, system, "GET", `/api/v1/staff/${made.id}`)).json();
    expect(profile).toMatchObject({ username: made.username, grants: [], locked: false, disabled: false });
    // The account can sign in, but holds no power until a security administrator grants it some.
    const session = sessionOf(await signIn(made.username));
    expect((await call(t, session, "GET", "/api/v1/me")).json().grants).toEqual([]);
  });

  it("refuses a bad username, a weak password, an unknown region, a taken name and a foreign region", async () => {
    const bad = await call(t, system, "POST", "/api/v1/staff", {
      username: "../admin",
      displayName: " ",
      password: "password1",
      regionCode: "999999",
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(["/displayName", "/password", "/regionCode", "/username"]);
    const { username } = await account();
    const taken = await call(t, system, "POST", "/api/v1/staff", {
      username: username.toUpperCase(),
      displayName: "李四",
      password: TEST_PASSWORD,
      regionCode: "330523",
    });
    expect(taken.json()).toMatchObject({ status: 409, code: "staff_username_taken" });
    const foreign = await call(t, system, "POST", "/api/v1/staff", {
      username: `foreign.${serial++}`,
      displayName: "李四",
      password: TEST_PASSWORD,
      regionCode: "330522",
    });
    expect(foreign.statusCode).toBe(403);
  });

  it("disables an account — its sessions end and it cannot sign in — and enables it again", async () => {
    const made = await account();
    const session = sessionOf(await signIn(made.username));
    expect(
      (await call(t, system, "PUT", `/api/v1/staff/${made.id}/state`, { disabled: true })).statusCode,
    ).toBe(204);
    expect((await call(t, session, "GET", "/api/v1/me")).statusCode).toBe(401);
    expect((await signIn(made.username)).statusCode).toBe(401);
    expect((await call(t, system, "GET", `/api/v1/staff/${made.id}`)).json().disabled).toBe(true);
    await call(t, system, "PUT", `/api/v1/staff/${made.id}/state`, { disabled: false });
    expect((await signIn(made.username)).statusCode).toBe(201);
  });

  it("may not disable their own account, grant roles, unlock, or read the audit trail", async () => {
    expect(
      (await call(t, system, "PUT", `/api/v1/staff/${system.id}/state`, { disabled: true })).statusCode,
    ).toBe(403);
    const made = await account();
    expect((await call(t, system, "POST", `/api/v1/staff/${made.id}/grants`, clerkGrant())).statusCode).toBe(
      403,
    );
    expect((await call(t, system, "DELETE", `/api/v1/staff/${made.id}/lock`)).statusCode).toBe(403);
    expect((await call(t, system, "GET", "/api/v1/audit")).statusCode).toBe(403);
  });
});

describe("the security administrator", () => {
  it("grants a role within their jurisdiction, which works at once, and revokes it, ending the sessions", async () => {
    const made = await account();
    expect(
      (await call(t, security, "POST", `/api/v1/staff/${made.id}/grants`, clerkGrant())).statusCode,
    ).toBe(204);
    const session = sessionOf(await signIn(made.username));
    expect((await call(t, session, "GET", "/api/v1/me")).json().grants).toMatchObject([
      { role: "window_clerk", jurisdictionCode: "330523" },
    ]);
    const revoke = `/api/v1/staff/${made.id}/grants/${clerkDepartment}/window_clerk`;
    expect((await call(t, security, "DELETE", revoke)).statusCode).toBe(204);
    expect((await call(t, session, "GET", "/api/v1/me")).statusCode).toBe(401);
    expect((await call(t, security, "DELETE", revoke)).statusCode).toBe(404);
  });

  it("refuses a grant beyond their jurisdiction, to themselves, of the three roles, or in no department", async () => {
    const made = await account();
    const grants = `/api/v1/staff/${made.id}/grants`;
    expect((await call(t, security, "POST", grants, clerkGrant("33"))).statusCode).toBe(403);
    expect(
      (await call(t, security, "POST", `/api/v1/staff/${security.id}/grants`, clerkGrant())).statusCode,
    ).toBe(403);
    for (const role of ["system_admin", "security_admin", "audit_admin"]) {
      const reserved = await call(t, security, "POST", grants, { ...clerkGrant(), role });
      expect(reserved.statusCode).toBe(400); // not even a role the API names
    }
    const elsewhere = await call(t, security, "POST", grants, {
      ...clerkGrant(),
      jurisdictionCode: "330522",
    });
    expect(elsewhere.statusCode).toBe(403);
    const noDepartment = await call(t, security, "POST", grants, {
      ...clerkGrant(),
      departmentId: "00000000-0000-4000-8000-000000000000",
    });
    expect(noDepartment.json(), noDepartment.body).toMatchObject({
      status: 400,
      errors: [{ field: "/departmentId" }],
    });
    expect((await call(t, security, "POST", "/api/v1/staff", { username: "x" })).statusCode).toBe(403);
  });

  it("refuses one of the three roles even when asked for through the service", async () => {
    const made = await account();
    const refused = grantRole(db(), { kind: "staff", actor: await actorOf(security.id) }, made.id, {
      ...clerkGrant(),
      role: "audit_admin",
    });
    await expect(refused).rejects.toMatchObject({ code: "staff_role_reserved", status: 403 });
  });

  it("unlocks an account that failed sign-ins locked", async () => {
    const made = await account();
    for (let i = 0; i < 5; i++) await signIn(made.username, "wrong password entirely");
    expect((await signIn(made.username)).statusCode).toBe(423);
    expect((await call(t, system, "GET", `/api/v1/staff/${made.id}`)).json().locked).toBe(true);
    expect((await call(t, security, "DELETE", `/api/v1/staff/${made.id}/lock`)).statusCode).toBe(204);
    expect((await signIn(made.username)).statusCode).toBe(201);
  });
});

describe("three administrators, three people", () => {
  it("refuses a second of the three to one account, from the command line and under the service", async () => {
    const output = { stdout: { write: () => true }, stderr: { write: (s: string) => errors.push(s) } };
    const errors: string[] = [];
    const open = async () => ({ db: db(), close: async () => {} });
    const code = await staffCommand(
      open,
      [
        "grant",
        (await usernameOf(system.id)) as string,
        "--role",
        "audit_admin",
        "--department",
        clerkDepartment,
        "--jurisdiction",
        "330523",
      ],
      output,
    );
    expect(code).toBe(2);
    expect(errors.join("")).toContain("system, security and audit administrators are three different people");
    // Beneath the service, the database refuses it too.
    const direct = sql`insert into staff_roles (staff_id, department_id, role, jurisdiction_code)
      values (${system.id}, ${clerkDepartment}, 'security_admin', '330523')`.execute(db());
    await expect(direct).rejects.toThrow(/three administrator roles/);
  });

  it("gives one of the three no other role, and one who has a role none of the three", async () => {
    const toSystem = await call(t, security, "POST", `/api/v1/staff/${system.id}/grants`, {
      ...clerkGrant(),
      role: "supervisor",
    });
    expect(toSystem.json()).toMatchObject({ status: 409, code: "staff_roles_separated" });
    const clerk = await account();
    await call(t, security, "POST", `/api/v1/staff/${clerk.id}/grants`, clerkGrant());
    const promoted = grantRole(db(), { kind: "operator" }, clerk.id, {
      ...clerkGrant(),
      role: "audit_admin",
    });
    await expect(promoted).rejects.toMatchObject({ code: "staff_roles_separated" });
  });

  it("gives one of two racing grants of different administrator roles", async () => {
    const made = await account();
    const results = await Promise.allSettled(
      (["system_admin", "security_admin"] as const).map((role) =>
        grantRole(db(), { kind: "operator" }, made.id, { ...clerkGrant(), role }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const held = await db()
      .selectFrom("staff_roles")
      .select("role")
      .where("staff_id", "=", made.id)
      .execute();
    expect(held).toHaveLength(1);
  });

  it("makes an account and an administrator from the command line, printing the first password once", async () => {
    const lines: string[] = [];
    const output = {
      stdout: { write: (s: string) => lines.push(s) },
      stderr: { write: (s: string) => lines.push(s) },
    };
    const open = async () => ({ db: db(), close: async () => {} });
    const username = `auditor.${serial++}`;
    expect(
      await staffCommand(
        open,
        ["create", "--username", username, "--name", "赵审计", "--region", "330523"],
        output,
      ),
    ).toBe(0);
    const password = /first password: (\S+)/.exec(lines.join(""))?.[1] as string;
    expect(password).toHaveLength(20);
    expect(
      await staffCommand(
        open,
        [
          "grant",
          username,
          "--role",
          "audit_admin",
          "--department",
          clerkDepartment,
          "--jurisdiction",
          "330523",
        ],
        output,
      ),
    ).toBe(0);
    expect(lines.join("")).toContain("It works for 24 hours");
    const first = await signIn(username, password);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ passwordChange: true });
    expect(await staffCommand(open, ["grant", username, "--role", "boss"], output)).toBe(2);
    expect(await staffCommand(open, ["create", "--username", "x"], output)).toBe(2);
  });
});

describe("the audit administrator", () => {
  it("reads what the other two did, and can change nothing", async () => {
    const made = await account();
    await call(t, security, "POST", `/api/v1/staff/${made.id}/grants`, clerkGrant());
    await call(t, system, "PUT", `/api/v1/staff/${made.id}/state`, { disabled: true });
    const trail = await call(t, auditor, "GET", `/api/v1/audit?actorId=${made.id}`);
    expect(trail.statusCode, trail.body).toBe(200);
    const entries = trail.json().items as { action: string; actorId: string }[];
    expect(entries.map((e) => [e.action, e.actorId]).reverse()).toEqual([
      ["staff.create", system.id],
      ["staff.grant", security.id],
      ["staff.disable", system.id],
    ]);
    expect((await call(t, auditor, "POST", `/api/v1/staff/${made.id}/grants`, clerkGrant())).statusCode).toBe(
      403,
    );
    expect(
      (await call(t, auditor, "PUT", `/api/v1/staff/${made.id}/state`, { disabled: false })).statusCode,
    ).toBe(403);
    expect((await call(t, security, "GET", "/api/v1/audit")).statusCode).toBe(403);
  });
});

async function usernameOf(id: string): Promise<string | undefined> {
  const row = await db().selectFrom("staff").select("username").where("id", "=", id).executeTakeFirst();
  return row?.username;
}

async function actorOf(id: string) {
  const { staffActor } = await import("./service.ts");
  const username = (await usernameOf(id)) as string;
  const actor = await staffActor(db(), username);
  if (!actor || !(await findStaffByUsername(db(), username))) throw new Error("no such staff member");
  return actor;
}

describe("one's own password", () => {
  const change = (who: { cookie: string }, currentPassword: string, newPassword: string) =>
    call(t, who, "PUT", "/api/v1/me/password", { currentPassword, newPassword });

  it("is changed with the current one; other sessions end, this one stays, the old password stops working", async () => {
    const made = await account();
    const here = sessionOf(await signIn(made.username));
    const elsewhere = sessionOf(await signIn(made.username));
    const fresh = "月亮 river crossing 1987";
    expect((await change(here, TEST_PASSWORD, fresh)).statusCode).toBe(204);
    expect((await call(t, here, "GET", "/api/v1/me")).statusCode).toBe(200);
    expect((await call(t, elsewhere, "GET", "/api/v1/me")).statusCode).toBe(401);
    expect((await signIn(made.username)).statusCode).toBe(401);
    expect((await signIn(made.username, fresh)).statusCode).toBe(201);
  });

  it("refuses a wrong current password (counted towards the lockout), a weak new one and the same one", async () => {
    const made = await account();
    const here = sessionOf(await signIn(made.username));
    const wrong = await change(here, "not my password at all", "月亮 river crossing 1987");
    expect(wrong.json()).toMatchObject({ status: 400, errors: [{ field: "/currentPassword" }] });
    const failures = await db()
      .selectFrom("staff")
      .select("failed_signins")
      .where("id", "=", made.id)
      .executeTakeFirstOrThrow();
    expect(failures.failed_signins).toBe(1);
    for (const weak of ["password123", `${made.username}2024`, TEST_PASSWORD]) {
      const refused = await change(here, TEST_PASSWORD, weak);
      expect(refused.json()).toMatchObject({ status: 400, errors: [{ field: "/newPassword" }] });
    }
    expect((await signIn(made.username)).statusCode).toBe(201);
  });
});
