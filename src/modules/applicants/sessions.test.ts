import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { personAccount, seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { hashToken } from "../../platform/auth/tokens.ts";
import { formSession, postForm } from "./testing.ts";

const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const WECHAT_ANDROID =
  "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47";

let t: TestApp;

beforeAll(async () => {
  // The session cache stays on (5 s): ending a session must show at once on this server all the same.
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000" } });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const db = () => t.platform.database.db;

/** A person signed in from each of the browsers given: the cookie of each, in order. */
async function personOn(...userAgents: string[]) {
  const person = await personAccount(t.platform);
  const cookies: string[] = [];
  for (const agent of userAgents) {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/account-session",
      payload: { identifier: person.email, password: TEST_PASSWORD },
      headers: { "user-agent": agent },
    });
    expect(response.statusCode, response.body).toBe(201);
    cookies.push(`tb_session=${cookiesOf(response).tb_session}`);
  }
  return { ...person, cookies };
}

const as = (cookie: string | undefined, method: "GET" | "DELETE", url: string) =>
  t.app.inject({ method, url, ...(cookie ? { headers: { cookie } } : {}) });
const list = async (cookie: string) => (await as(cookie, "GET", "/api/v1/account/sessions")).json().items;
const status = async (cookie: string) => (await as(cookie, "GET", "/api/v1/account")).statusCode;

async function auditActions(personId: string): Promise<{ action: string; details: unknown }[]> {
  return db()
    .selectFrom("audit_log")
    .select(["action", "details"])
    .where("actor_id", "=", personId)
    .where("action", "like", "person.session%")
    .orderBy("seq")
    .execute();
}

describe("a person's idle session", () => {
  it("ends after 30 minutes unused, and one in use is kept alive", async () => {
    // Each session is asked about here for the first time, so the session cache holds nothing of it.
    const person = await personOn(FIREFOX_WINDOWS, WECHAT_ANDROID);
    const [idle, used] = person.cookies as [string, string];
    const seen = (cookie: string, minutesAgo: number) =>
      db()
        .updateTable("person_sessions")
        .set({ last_seen_at: new Date(Date.now() - minutesAgo * 60_000) })
        .where("token_hash", "=", hashToken(cookie.slice("tb_session=".length)))
        .execute();
    await seen(idle, 31);
    await seen(used, 29);
    expect(await status(idle)).toBe(401);
    expect(await status(used)).toBe(200);
    const row = await db()
      .selectFrom("person_sessions")
      .select("last_seen_at")
      .where("token_hash", "=", hashToken(used.slice("tb_session=".length)))
      .executeTakeFirstOrThrow();
    expect(Date.now() - row.last_seen_at.getTime()).toBeLessThan(60_000);
  });

  it("is not listed once idle", async () => {
    const person = await personOn(FIREFOX_WINDOWS, WECHAT_ANDROID);
    expect(await list(person.cookies[1] as string)).toHaveLength(2);
    const [first] = await db()
      .selectFrom("person_sessions")
      .select("token_hash")
      .where("person_id", "=", person.id)
      .orderBy("created_at")
      .execute();
    await db()
      .updateTable("person_sessions")
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where("token_hash", "=", first?.token_hash as string)
      .execute();
    expect(await list(person.cookies[1] as string)).toHaveLength(1);
  });
});

describe("a person's own sessions through the API", () => {
  it("lists them with when, which browser and which is this one, and never a token or its hash", async () => {
    const person = await personOn(FIREFOX_WINDOWS, WECHAT_ANDROID);
    const response = await as(person.cookies[1], "GET", "/api/v1/account/sessions");
    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ current: true, device: "WeChat · Android" });
    expect(items[1]).toMatchObject({ current: false, device: "Firefox · Windows" });
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual([
        "current",
        "device",
        "expiresAt",
        "id",
        "lastUsedAt",
        "openedAt",
      ]);
      expect(Date.parse(item.openedAt)).toBeLessThanOrEqual(Date.now());
    }
    const tokens = person.cookies.map((c) => c.slice("tb_session=".length));
    for (const secret of [...tokens, ...tokens.map(hashToken)]) expect(response.body).not.toContain(secret);
  });

  it("ends another of one's sessions at once, even with the session cache on, and records it", async () => {
    const person = await personOn(FIREFOX_WINDOWS, WECHAT_ANDROID);
    const [laptop, phone] = person.cookies as [string, string];
    expect(await status(laptop)).toBe(200); // now cached on this server
    const other = (await list(phone)).find((s: { current: boolean }) => !s.current);
    const ended = await as(phone, "DELETE", `/api/v1/account/sessions/${other.id}`);
    expect(ended.statusCode).toBe(204);
    expect(ended.headers["set-cookie"]).toBeUndefined();
    expect(await status(laptop)).toBe(401);
    expect(await status(phone)).toBe(200);
    expect(await list(phone)).toHaveLength(1);
    expect(await auditActions(person.id)).toMatchObject([
      { action: "person.session_ended", details: { session: other.id, current: false } },
    ]);
    // Once ended, it is not found again.
    expect((await as(phone, "DELETE", `/api/v1/account/sessions/${other.id}`)).json()).toMatchObject({
      status: 404,
      code: "not_found",
    });
  });

  it("signs out when the session ended is this one", async () => {
    const person = await personOn(FIREFOX_WINDOWS);
    const [only] = person.cookies as [string];
    const [mine] = await list(only);
    const ended = await as(only, "DELETE", `/api/v1/account/sessions/${mine.id}`);
    expect(ended.statusCode).toBe(204);
    expect(String(ended.headers["set-cookie"])).toMatch(/^tb_session=;/);
    expect(await status(only)).toBe(401);
    expect(await auditActions(person.id)).toMatchObject([
      { action: "person.session_ended", details: { session: mine.id, current: true } },
    ]);
  });

  it("ends all the others and keeps this one", async () => {
    const person = await personOn(FIREFOX_WINDOWS, FIREFOX_WINDOWS, WECHAT_ANDROID);
    const [a, b, c] = person.cookies as [string, string, string];
    await Promise.all([status(a), status(b)]);
    const response = await as(c, "DELETE", "/api/v1/account/sessions");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ended: 2 });
    expect([await status(a), await status(b), await status(c)]).toEqual([401, 401, 200]);
    expect((await as(c, "DELETE", "/api/v1/account/sessions")).json()).toEqual({ ended: 0 });
    expect(await auditActions(person.id)).toMatchObject([
      { action: "person.sessions_ended", details: { ended: 2 } },
      { action: "person.sessions_ended", details: { ended: 0 } },
    ]);
  });

  it("finds no one else's session, no unknown one, and refuses an id that is not one", async () => {
    const owner = await personOn(FIREFOX_WINDOWS);
    const stranger = await personOn(WECHAT_ANDROID);
    const [theirs] = await list(owner.cookies[0] as string);
    const notFound = await as(stranger.cookies[0], "DELETE", `/api/v1/account/sessions/${theirs.id}`);
    expect(notFound.json()).toMatchObject({ status: 404, code: "not_found" });
    expect(await status(owner.cookies[0] as string)).toBe(200);
    const unknown = await as(stranger.cookies[0], "DELETE", `/api/v1/account/sessions/${randomUUID()}`);
    expect(unknown.json()).toMatchObject({ status: 404, code: "not_found" });
    for (const bad of ["not-a-session", "1", hashToken("x").slice(0, 36), `${theirs.id}x`]) {
      const response = await as(stranger.cookies[0], "DELETE", `/api/v1/account/sessions/${bad}`);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json()).toMatchObject({ code: "validation_failed" });
    }
    // The token itself is no id either: nothing signs in or ends by it.
    const token = (owner.cookies[0] as string).slice("tb_session=".length);
    expect((await as(stranger.cookies[0], "DELETE", `/api/v1/account/sessions/${token}`)).statusCode).toBe(
      400,
    );
    expect(await status(owner.cookies[0] as string)).toBe(200);
    expect(await auditActions(stranger.id)).toEqual([]);
  });

  it("asks strangers to sign in and tells staff these are people's sessions", async () => {
    expect((await as(undefined, "GET", "/api/v1/account/sessions")).statusCode).toBe(401);
    expect((await as(undefined, "DELETE", `/api/v1/account/sessions/${randomUUID()}`)).statusCode).toBe(401);
    expect((await as(undefined, "DELETE", "/api/v1/account/sessions")).statusCode).toBe(401);
    const clerk = await staffMember(db(), "window_clerk", "330523");
    const signedIn = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username: clerk.username, password: TEST_PASSWORD },
    });
    const staff = `tb_session=${cookiesOf(signedIn).tb_session}`;
    expect((await as(staff, "GET", "/api/v1/account/sessions")).statusCode).toBe(403);
    expect((await as(staff, "DELETE", "/api/v1/account/sessions")).statusCode).toBe(403);
    expect((await as(staff, "DELETE", `/api/v1/account/sessions/${randomUUID()}`)).statusCode).toBe(403);
  });
});

describe("a person's sessions page", () => {
  it("lists the sessions with a form for each, ends one and all others with the page's CSRF token", async () => {
    const person = await personOn(FIREFOX_WINDOWS, FIREFOX_WINDOWS, WECHAT_ANDROID);
    const [a, b, c] = person.cookies as [string, string, string];
    const page = await formSession(t, "/account/sessions", c);
    expect(page.page.statusCode).toBe(200);
    expect(page.page.body).toContain("WeChat · Android");
    expect(page.page.body).toContain("本设备");
    const ids = [...page.page.body.matchAll(/action="\/account\/sessions\/([0-9a-f-]{36})\/end"/g)].map(
      (m) => m[1],
    );
    expect(ids).toHaveLength(3);
    const other = ids[1] as string;

    const forged = await postForm(t, `/account/sessions/${other}/end`, {}, { cookie: page.cookie });
    expect(forged.statusCode).toBe(403);
    expect(await status(a)).toBe(200);

    const ended = await postForm(t, `/account/sessions/${other}/end`, {}, page);
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe("/account/sessions?done=one");
    expect(await list(c)).toHaveLength(2);

    const others = await postForm(t, "/account/sessions/end-others", {}, page);
    expect(others.headers.location).toBe("/account/sessions?done=others&count=1");
    expect([await status(a), await status(b), await status(c)]).toEqual([401, 401, 200]);
    const english = await t.app.inject({
      url: "/account/sessions?done=others&count=1",
      headers: { cookie: `${c}; tb_lang=en` },
    });
    expect(english.body).toContain("1 other sessions have ended");
    expect(english.body).toContain("You are signed in on this device alone.");

    // A session of someone else's, or an id that is none, changes nothing.
    const stranger = await personOn(WECHAT_ANDROID);
    const [theirs] = await list(stranger.cookies[0] as string);
    expect((await postForm(t, `/account/sessions/${theirs.id}/end`, {}, page)).statusCode).toBe(404);
    expect((await postForm(t, "/account/sessions/nonsense/end", {}, page)).statusCode).toBe(400);
    expect(await status(stranger.cookies[0] as string)).toBe(200);

    const mine = ids[0] as string;
    const out = await postForm(t, `/account/sessions/${mine}/end`, {}, page);
    expect(out.headers.location).toBe("/");
    expect(String(out.headers["set-cookie"])).toMatch(/tb_session=;/);
    expect(await status(c)).toBe(401);
  });

  it("sends a stranger to sign in, and is linked from the account page", async () => {
    const page = await t.app.inject({ url: "/account/sessions" });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/account/signin?next=%2Faccount%2Fsessions");
    const person = await personOn(FIREFOX_WINDOWS);
    const account = await t.app.inject({ url: "/account", headers: { cookie: person.cookies[0] } });
    expect(account.body).toContain('href="/account/sessions"');
  });
});
