import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { personAccount, seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { hashToken } from "../../platform/auth/tokens.ts";
import { formSession, postForm, sessionCookie } from "../applicants/testing.ts";
import { call, type Staff, staffOf } from "../cases/testing.ts";
import { sessionsCommand } from "./sessions-cli.ts";

const EDGE_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

let t: TestApp;
let security: Staff;

beforeAll(async () => {
  // The session cache stays on (5 s): ending a session must show at once on this server all the same.
  t = await createTestApp({ env: { REQUIRE_STAFF_MFA: "false", SIGNIN_PER_IP_PER_MINUTE: "10000" } });
  await seedRegionSlice(db());
  security = await staffOf(t, "security_admin", { line: "government_service" });
});
afterAll(() => t.close());

const db = () => t.platform.database.db;

/** A window clerk of `region` signed in from each of the browsers given: the cookie of each, in order. */
async function clerkOn(userAgents: string[], region = "330523") {
  const clerk = await staffMember(db(), "window_clerk", region);
  const cookies: string[] = [];
  for (const agent of userAgents) {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username: clerk.username, password: TEST_PASSWORD },
      headers: { "user-agent": agent },
    });
    expect(response.statusCode, response.body).toBe(201);
    cookies.push(`tb_session=${cookiesOf(response).tb_session}`);
  }
  return { ...clerk, cookies };
}

const as = (cookie: string | undefined, method: "GET" | "DELETE", url: string) =>
  t.app.inject({ method, url, ...(cookie ? { headers: { cookie } } : {}) });
const list = async (cookie: string) => (await as(cookie, "GET", "/api/v1/me/sessions")).json().items;
const status = async (cookie: string) => (await as(cookie, "GET", "/api/v1/me")).statusCode;

function auditOf(subjectId: string, action: string) {
  return db()
    .selectFrom("audit_log")
    .select(["actor_kind", "actor_id", "details"])
    .where("subject_id", "=", subjectId)
    .where("action", "=", action)
    .orderBy("seq")
    .execute();
}

describe("a staff member's own sessions through the API", () => {
  it("lists them, this one first, with the browser and never a token or its hash", async () => {
    const clerk = await clerkOn([EDGE_MAC, SAFARI_IPHONE]);
    const response = await as(clerk.cookies[0], "GET", "/api/v1/me/sessions");
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toMatchObject([
      { current: true, device: "Edge · macOS" },
      { current: false, device: "Safari · iOS" },
    ]);
    const tokens = clerk.cookies.map((c) => c.slice("tb_session=".length));
    for (const secret of [...tokens, ...tokens.map(hashToken)]) expect(response.body).not.toContain(secret);
  });

  it("ends one at once, even with the session cache on; this one signs out; all others on request", async () => {
    const clerk = await clerkOn([EDGE_MAC, SAFARI_IPHONE, SAFARI_IPHONE]);
    const [laptop, phone, tablet] = clerk.cookies as [string, string, string];
    expect([await status(laptop), await status(phone), await status(tablet)]).toEqual([200, 200, 200]);
    const phoneId = (await list(phone)).find((s: { current: boolean }) => s.current).id;
    expect((await as(laptop, "DELETE", `/api/v1/me/sessions/${phoneId}`)).statusCode).toBe(204);
    expect(await status(phone)).toBe(401);
    expect((await as(laptop, "DELETE", `/api/v1/me/sessions/${phoneId}`)).json()).toMatchObject({
      status: 404,
      code: "not_found",
    });

    const others = await as(laptop, "DELETE", "/api/v1/me/sessions");
    expect(others.json()).toEqual({ ended: 1 });
    expect([await status(laptop), await status(tablet)]).toEqual([200, 401]);

    const [mine] = await list(laptop);
    const out = await as(laptop, "DELETE", `/api/v1/me/sessions/${mine.id}`);
    expect(out.statusCode).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(/^tb_session=;/);
    expect(await status(laptop)).toBe(401);

    expect(await auditOf(clerk.id, "staff.session_ended")).toMatchObject([
      { actor_id: clerk.id, details: { session: phoneId, current: false } },
      { actor_id: clerk.id, details: { session: mine.id, current: true } },
    ]);
    expect(await auditOf(clerk.id, "staff.sessions_ended")).toMatchObject([
      { actor_kind: "staff", actor_id: clerk.id, details: { ended: 1 } },
    ]);
  });

  it("finds no one else's session, no unknown one, refuses an id that is not one, and is staff's alone", async () => {
    const owner = await clerkOn([EDGE_MAC]);
    const other = await clerkOn([SAFARI_IPHONE]);
    const [theirs] = await list(owner.cookies[0] as string);
    const [mine] = other.cookies as [string];
    expect((await as(mine, "DELETE", `/api/v1/me/sessions/${theirs.id}`)).statusCode).toBe(404);
    expect((await as(mine, "DELETE", `/api/v1/me/sessions/${randomUUID()}`)).statusCode).toBe(404);
    for (const bad of ["x", "00000000-0000-0000-0000", (owner.cookies[0] as string).slice(11)]) {
      expect((await as(mine, "DELETE", `/api/v1/me/sessions/${bad}`)).json(), bad).toMatchObject({
        status: 400,
        code: "validation_failed",
      });
    }
    expect(await status(owner.cookies[0] as string)).toBe(200);

    expect((await as(undefined, "GET", "/api/v1/me/sessions")).statusCode).toBe(401);
    expect((await as(undefined, "DELETE", "/api/v1/me/sessions")).statusCode).toBe(401);
    const person = await personAccount(t.platform);
    const personCookie = await sessionCookie(t, person.email);
    expect((await as(personCookie, "GET", "/api/v1/me/sessions")).statusCode).toBe(403);
    expect((await as(personCookie, "DELETE", `/api/v1/me/sessions/${theirs.id}`)).statusCode).toBe(403);
    expect(await status(owner.cookies[0] as string)).toBe(200);
  });
});

describe("the security administrator", () => {
  it("ends every session of an account in their jurisdiction, on the record", async () => {
    const clerk = await clerkOn([EDGE_MAC, SAFARI_IPHONE]);
    expect(await status(clerk.cookies[0] as string)).toBe(200);
    const response = await call(t, security, "DELETE", `/api/v1/staff/${clerk.id}/sessions`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ ended: 2 });
    expect(await status(clerk.cookies[0] as string)).toBe(401);
    expect(await status(clerk.cookies[1] as string)).toBe(401);
    expect(await auditOf(clerk.id, "staff.sessions_ended")).toMatchObject([
      { actor_kind: "staff", actor_id: security.id, details: { ended: 2 } },
    ]);
    // The account itself goes on: it signs in again.
    expect((await clerkSignIn(clerk.username)).statusCode).toBe(201);
  });

  it("may not end their own, nor outside their jurisdiction; nobody else may at all", async () => {
    expect((await call(t, security, "DELETE", `/api/v1/staff/${security.id}/sessions`)).statusCode).toBe(403);
    const elsewhere = await clerkOn([EDGE_MAC], "330522");
    expect((await call(t, security, "DELETE", `/api/v1/staff/${elsewhere.id}/sessions`)).statusCode).toBe(
      404,
    );
    expect((await call(t, security, "DELETE", `/api/v1/staff/${randomUUID()}/sessions`)).statusCode).toBe(
      404,
    );
    expect((await call(t, security, "DELETE", "/api/v1/staff/nobody/sessions")).statusCode).toBe(400);

    const clerk = await clerkOn([EDGE_MAC]);
    const system = await staffOf(t, "system_admin", { line: "government_service" });
    const supervisor = await staffOf(t, "supervisor", { line: "government_service" });
    const colleague = await clerkOn([SAFARI_IPHONE]);
    expect((await call(t, system, "DELETE", `/api/v1/staff/${clerk.id}/sessions`)).statusCode).toBe(403);
    expect((await call(t, supervisor, "DELETE", `/api/v1/staff/${clerk.id}/sessions`)).statusCode).toBe(403);
    // A colleague without a staff reader's role does not see the account at all.
    expect((await as(colleague.cookies[0], "DELETE", `/api/v1/staff/${clerk.id}/sessions`)).statusCode).toBe(
      404,
    );
    expect((await as(undefined, "DELETE", `/api/v1/staff/${clerk.id}/sessions`)).statusCode).toBe(401);
    expect(await status(clerk.cookies[0] as string)).toBe(200);
    expect(await status(elsewhere.cookies[0] as string)).toBe(200);
    expect(await auditOf(clerk.id, "staff.sessions_ended")).toEqual([]);
  });
});

function clerkSignIn(username: string) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username, password: TEST_PASSWORD },
  });
}

describe("a staff member's sessions page", () => {
  it("lists the sessions and ends one and all others with the page's CSRF token", async () => {
    const clerk = await clerkOn([EDGE_MAC, SAFARI_IPHONE, SAFARI_IPHONE]);
    const [laptop, phone, tablet] = clerk.cookies as [string, string, string];
    const page = await formSession(t, "/me/sessions", laptop);
    expect(page.page.body).toContain("Edge · macOS");
    const ids = [...page.page.body.matchAll(/action="\/me\/sessions\/([0-9a-f-]{36})\/end"/g)].map(
      (m) => m[1],
    );
    expect(ids).toHaveLength(3);
    expect((await postForm(t, `/me/sessions/${ids[1]}/end`, {}, { cookie: page.cookie })).statusCode).toBe(
      403,
    );
    const one = await postForm(t, `/me/sessions/${ids[1]}/end`, {}, page);
    expect(one.headers.location).toBe("/me/sessions?done=one");
    const others = await postForm(t, "/me/sessions/end-others", {}, page);
    expect(others.headers.location).toBe("/me/sessions?done=others&count=1");
    expect([await status(laptop), await status(phone), await status(tablet)]).toEqual([200, 401, 401]);
    expect((await postForm(t, `/me/sessions/${randomUUID()}/end`, {}, page)).statusCode).toBe(404);
    expect((await postForm(t, "/me/sessions/not-an-id/end", {}, page)).statusCode).toBe(400);
    const me = await t.app.inject({ url: "/me", headers: { cookie: laptop } });
    expect(me.body).toContain('href="/me/sessions"');
    expect((await t.app.inject({ url: "/me/sessions" })).headers.location).toBe(
      "/signin?next=%2Fme%2Fsessions",
    );
  });
});

describe("tongban sessions end-all", () => {
  it("ends everyone's sessions, staff and people, on the record as the system's", async () => {
    const clerk = await clerkOn([EDGE_MAC]);
    const person = await personAccount(t.platform);
    const personCookie = await sessionCookie(t, person.email);
    const lines: string[] = [];
    const output = {
      stdout: { write: (s: string) => lines.push(s) },
      stderr: { write: (s: string) => lines.push(s) },
    };
    const open = async () => ({ db: db(), close: async () => {} });

    expect(await sessionsCommand(open, [], output)).toBe(2);
    expect(await sessionsCommand(open, ["end-everything"], output)).toBe(2);
    expect(await sessionsCommand(open, ["end-all", "now"], output)).toBe(2);
    expect(await status(clerk.cookies[0] as string)).toBe(200);

    expect(await sessionsCommand(open, ["end-all"], output)).toBe(0);
    expect(lines.at(-1)).toMatch(/^Ended \d+ staff and \d+ people's sessions/);
    const left = await db().selectFrom("sessions").select("token_hash").execute();
    const leftOfPeople = await db().selectFrom("person_sessions").select("token_hash").execute();
    expect([left, leftOfPeople]).toEqual([[], []]);
    // This server's cache may keep what it saw for SESSION_CACHE_SECONDS; a fresh look finds nothing.
    expect(await t.app.inject({ url: "/api/v1/account", headers: { cookie: personCookie } })).toMatchObject({
      statusCode: 401,
    });
    const entry = await db()
      .selectFrom("audit_log")
      .select(["actor_kind", "details"])
      .where("action", "=", "sessions.ended_all")
      .executeTakeFirstOrThrow();
    const ended = entry.details as { staff: number; people: number };
    expect(entry.actor_kind).toBe("system");
    expect(ended.staff).toBeGreaterThanOrEqual(1);
    expect(ended.people).toBeGreaterThanOrEqual(1);
    expect(await sessionsCommand(open, ["help"], output)).toBe(0);
  });
});
