import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { formSession, postForm } from "../applicants/testing.ts";
import { call, caseTestApp, type Staff, staffOf } from "../cases/testing.ts";
import { staffCommand } from "./cli.ts";
import { createAccount } from "./staff-admin.ts";

let t: TestApp;
let system: Staff;

beforeAll(async () => {
  t = await caseTestApp({ SIGNIN_PER_IP_PER_MINUTE: "1000" });
  await seedRegionSlice(db());
  system = await staffOf(t, "system_admin", { line: "government_service" });
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const FIRST = "a first password handed over 7Kq";
const OWN = "月亮 river crossing 1987";
let serial = 0;

/** An account of 安吉县 made by the server's operator with a first password; its id and username. */
async function firstPasswordAccount(password = FIRST) {
  const username = `new.${process.pid}.${serial++}`;
  const id = await createAccount(
    db(),
    { kind: "operator" },
    { username, displayName: "王小明", password, regionCode: "330523" },
  );
  return { id, username };
}

const signIn = (username: string, password: string) =>
  t.app.inject({ method: "POST", url: "/api/v1/session", payload: { username, password } });
const sessionOf = (response: { headers: Record<string, unknown> }) => ({
  cookie: `tb_session=${cookiesOf(response).tb_session}`,
});
const choose = (who: { cookie: string }, newPassword: unknown) =>
  call(t, who, "POST", "/api/v1/session/password", { newPassword });

describe("a first password", () => {
  it("from the system administrator signs in only to choosing one's own", async () => {
    const username = `made.${process.pid}.${serial++}`;
    const made = await call(t, system, "POST", "/api/v1/staff", {
      username,
      displayName: "李四",
      password: FIRST,
      regionCode: "330523",
    });
    expect(made.statusCode, made.body).toBe(201);
    const first = await signIn(username, FIRST);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ passwordChange: true, expiresAt: expect.any(String) });
    expect(new Date(first.json().expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    const pending = sessionOf(first);
    // Nothing else is open to that session.
    expect((await call(t, pending, "GET", "/api/v1/me")).statusCode).toBe(401);
    expect((await call(t, pending, "GET", "/api/v1/staff")).statusCode).toBe(401);
    const change = { currentPassword: FIRST, newPassword: OWN };
    expect((await call(t, pending, "PUT", "/api/v1/me/password", change)).statusCode).toBe(401);
    expect((await call(t, pending, "POST", "/api/v1/session/mfa", { code: "123456" })).statusCode).toBe(401);

    const done = await choose(pending, OWN);
    expect(done.statusCode, done.body).toBe(201);
    const full = sessionOf(done);
    expect(full.cookie).not.toBe(pending.cookie);
    expect((await call(t, full, "GET", "/api/v1/me")).json().username).toBe(username);
    expect((await call(t, pending, "GET", "/api/v1/me")).statusCode).toBe(401);
    expect((await signIn(username, FIRST)).statusCode).toBe(401);
    expect((await signIn(username, OWN)).statusCode).toBe(201);
    const row = await db()
      .selectFrom("staff")
      .select("password_expires_at")
      .where("username", "=", username)
      .executeTakeFirstOrThrow();
    expect(row.password_expires_at).toBeNull();
  });

  it("cannot be built on the region of the account the system administrator makes", async () => {
    const refused = await call(t, system, "POST", "/api/v1/staff", {
      username: `made.${process.pid}.${serial++}`,
      displayName: "李四",
      password: "anji-huzhou-2026",
      regionCode: "330523",
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { field: "/password", message: "the password is not acceptable (context_word)" },
    ]);
  });

  it("lapses after 24 hours, with a message to ask for a new one; a wrong password stays just wrong", async () => {
    const made = await firstPasswordAccount();
    const row = await db()
      .selectFrom("staff")
      .select(["password_expires_at", "created_at"])
      .where("id", "=", made.id)
      .executeTakeFirstOrThrow();
    const hours = ((row.password_expires_at?.getTime() ?? 0) - row.created_at.getTime()) / 3_600_000;
    expect(Math.round(hours)).toBe(24);
    await db()
      .updateTable("staff")
      .set({ password_expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", made.id)
      .execute();
    const expired = await signIn(made.username, FIRST);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: "first_password_expired" });
    expect(expired.json().title).toContain("24 小时");
    expect(expired.json().title).toContain("系统管理员");
    expect(cookiesOf(expired).tb_session).toBeUndefined();
    const english = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username: made.username, password: FIRST },
      headers: { "accept-language": "en" },
    });
    expect(english.json().title).toMatch(/24 hours.*Ask your system administrator/);
    expect((await signIn(made.username, "not the password")).json().code).toBe("bad_credentials");
    const trail = await db()
      .selectFrom("audit_log")
      .select("details")
      .where("subject_id", "=", made.id)
      .where("action", "=", "staff.signin_failed")
      .execute();
    expect(trail.map((e) => e.details)).toContainEqual(
      expect.objectContaining({ reason: "first_password_expired" }),
    );
  });

  it("is refused as the new password, as is a weak one, each named, and the step can be tried again", async () => {
    const made = await firstPasswordAccount();
    const pending = sessionOf(await signIn(made.username, FIRST));
    const refusals: [unknown, string][] = [
      ["short", "too_short"],
      ["password2026", "common"],
      [`${made.username}-2026`, "contains_identity"],
      ["Tongban@2026!", "context_word"],
      ["通办政务2026年!!", "context_word"],
      ["anji-huzhou-zhejiang-2026", "context_word"],
      ["安吉县湖州市2026", "context_word"],
      ["ababababababab", "repetitive"],
      [FIRST, "it is the password you have now"],
    ];
    for (const [newPassword, why] of refusals) {
      const refused = await choose(pending, newPassword);
      expect(refused.statusCode, String(newPassword)).toBe(400);
      expect(refused.json().errors).toEqual([
        { field: "/newPassword", message: `the new password is not acceptable (${why})` },
      ]);
    }
    for (const malformed of [{}, { newPassword: "" }, { newPassword: "x".repeat(201) }]) {
      const response = await call(t, pending, "POST", "/api/v1/session/password", malformed);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe("validation_failed");
    }
    expect((await choose(pending, OWN)).statusCode).toBe(201);
    // The step is over: the half-finished session is gone.
    expect((await choose(pending, "another passphrase 4242")).json().code).toBe("unauthenticated");
    expect((await choose({ cookie: "" }, OWN)).statusCode).toBe(401);
  });

  it("is a first password again after `tongban staff reset-password`, whose sessions end", async () => {
    const made = await firstPasswordAccount();
    const full = sessionOf(await choose(sessionOf(await signIn(made.username, FIRST)), OWN));
    expect((await call(t, full, "GET", "/api/v1/me")).statusCode).toBe(200);
    const lines: string[] = [];
    const output = {
      stdout: { write: (s: string) => lines.push(s) },
      stderr: { write: (s: string) => lines.push(s) },
    };
    const open = async () => ({ db: db(), close: async () => {} });
    expect(await staffCommand(open, ["reset-password", made.username], output)).toBe(0);
    const printed = /New first password for \S+: (\S+)/.exec(lines.join(""))?.[1] as string;
    expect(printed).toHaveLength(20);
    expect(lines.join("")).toContain("It works for 24 hours");
    expect((await call(t, full, "GET", "/api/v1/me")).statusCode).toBe(401);
    expect((await signIn(made.username, OWN)).statusCode).toBe(401);
    const again = await signIn(made.username, printed);
    expect(again.statusCode).toBe(202);
    expect(again.json().passwordChange).toBe(true);
    expect(await staffCommand(open, ["reset-password", "nobody.here"], output)).toBe(2);
    expect(await staffCommand(open, ["reset-password"], output)).toBe(2);
  });

  it("is not what the demo's accounts have (createStaff, as the demo seeds them): they sign in at once", async () => {
    const clerk = await staffOf(t, "window_clerk");
    expect((await call(t, clerk, "GET", "/api/v1/me")).statusCode).toBe(200);
  });
});

describe("the pages of a first password", () => {
  it("lead from the sign-in form to choosing one's own, and nowhere else until it is done", async () => {
    const made = await firstPasswordAccount();
    const form = await formSession(t, "/signin");
    const signedIn = await postForm(
      t,
      "/signin",
      { username: made.username, password: FIRST, next: "/me" },
      form,
    );
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe("/signin/password?next=%2Fme");
    const pending = `tb_session=${cookiesOf(signedIn).tb_session}`;
    const workspace = await t.app.inject({ url: "/me", headers: { cookie: pending } });
    expect(workspace.statusCode).toBe(303);
    expect(workspace.headers.location).toBe("/signin/password?next=%2Fme");

    const page = await formSession(t, "/signin/password?next=%2Fme", pending);
    expect(page.page.statusCode).toBe(200);
    expect(page.page.body).toContain("设置您自己的密码");
    expect(page.page.body).toContain('autocomplete="new-password"');
    const empty = await postForm(t, "/signin/password", { newPassword: "", next: "/me" }, page);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("请填写新密码");
    const context = await postForm(
      t,
      "/signin/password",
      { newPassword: "Tongban@2026!", next: "/me" },
      page,
    );
    expect(context.statusCode).toBe(400);
    expect(context.body).toContain("不能以“通办”“政务”");
    expect(context.body).toContain('href="#newPassword"');
    const same = await postForm(t, "/signin/password", { newPassword: FIRST, next: "/me" }, page);
    expect(same.body).toContain("新密码不能与初始密码相同");
    const forged = await postForm(
      t,
      "/signin/password",
      { newPassword: OWN, next: "/me" },
      { cookie: page.cookie },
    );
    expect(forged.statusCode).toBe(403);

    const done = await postForm(t, "/signin/password", { newPassword: OWN, next: "/me" }, page);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/me");
    const full = `tb_session=${cookiesOf(done).tb_session}`;
    expect((await t.app.inject({ url: "/me", headers: { cookie: full } })).statusCode).toBe(200);
  });

  it("send a visitor with no such step back to the sign-in form", async () => {
    const page = await t.app.inject({ url: "/signin/password?next=%2Fme" });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/signin?next=%2Fme");
    const form = await formSession(t, "/signin");
    const post = await postForm(t, "/signin/password", { newPassword: OWN, next: "/me" }, form);
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe("/signin?next=%2Fme");
  });

  it("tell an expired first password's holder, on the sign-in form, to ask for a new one", async () => {
    const made = await firstPasswordAccount();
    await db()
      .updateTable("staff")
      .set({ password_expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", made.id)
      .execute();
    const form = await formSession(t, "/signin");
    const refused = await postForm(
      t,
      "/signin",
      { username: made.username, password: FIRST, next: "/me" },
      form,
    );
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain("初始密码只在 24 小时内有效");
  });
});
