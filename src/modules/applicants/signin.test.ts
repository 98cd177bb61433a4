import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { personAccount, seedRegionSlice, TEST_PASSWORD } from "../../../test/factories.ts";
import { apiSignIn } from "./testing.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      SIGNIN_MAX_FAILURES: "3",
      SIGNIN_LOCKOUT_MINUTES: "15",
      SIGNIN_PER_IP_PER_MINUTE: "1000",
      SESSION_CACHE_SECONDS: "0",
    },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const ATTACKER = "203.0.113.7";
const OWNER = "198.51.100.20";

/** A sign-in from a client address of one's choosing (no proxy is trusted here: it is `request.ip`). */
function signInFrom(address: string, identifier: string, password = TEST_PASSWORD) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/account-session",
    payload: { identifier, password },
    remoteAddress: address,
  });
}

const me = (cookie: string) => t.app.inject({ url: "/api/v1/account", headers: { cookie } });

async function auditActions(personId: string): Promise<string[]> {
  const result = await sql<{ action: string }>`
    select action from audit_log where person_id = ${personId} order by seq`.execute(t.platform.database.db);
  return result.rows.map((r) => r.action);
}

describe("person sign-in", () => {
  it("signs in by e-mail in any case or by ID number, and signs out", async () => {
    const person = await personAccount(t.platform);
    const byEmail = await apiSignIn(t, person.email.toUpperCase());
    expect(byEmail.statusCode).toBe(201);
    expect(byEmail.json().personId).toBe(person.id);
    expect(String(byEmail.headers["set-cookie"])).toMatch(/HttpOnly/i);
    const byId = await apiSignIn(t, ` ${person.idNumber.toLowerCase()} `);
    expect(byId.statusCode).toBe(201);

    const cookie = `tb_session=${cookiesOf(byId).tb_session}`;
    expect((await me(cookie)).json().name).toBe(person.name);
    const out = await t.app.inject({ method: "DELETE", url: "/api/v1/account-session", headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
    expect(await auditActions(person.id)).toEqual(["person.signed_up", "person.signin", "person.signin"]);
  });

  it("never keeps a session id chosen before sign-in (session fixation)", async () => {
    const person = await personAccount(t.platform);
    const planted = "planted-token-the-attacker-knows-0123456789abc";
    const response = await apiSignIn(t, person.email, TEST_PASSWORD, `tb_session=${planted}`);
    expect(response.statusCode).toBe(201);
    const issued = cookiesOf(response).tb_session;
    expect(issued).toBeDefined();
    expect(issued).not.toBe(planted);
    expect((await me(`tb_session=${planted}`)).statusCode).toBe(401);

    // Signing in again over a live session replaces it: the old id stops working.
    const again = await apiSignIn(t, person.email, TEST_PASSWORD, `tb_session=${issued}`);
    const next = cookiesOf(again).tb_session;
    expect(next).not.toBe(issued);
    expect((await me(`tb_session=${issued}`)).statusCode).toBe(401);
    expect((await me(`tb_session=${next}`)).statusCode).toBe(200);
  });

  it("answers an unknown account and a wrong password alike", async () => {
    const person = await personAccount(t.platform);
    const answers = [
      await apiSignIn(t, person.email, "wrong password"),
      await apiSignIn(t, "nobody.at.all@example.cn", "wrong password"),
      await apiSignIn(t, "110101199003070000", "wrong password"),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toMatchObject({ code: "bad_credentials", title: "用户名或密码不正确。" });
    }
    expect(await auditActions(person.id)).toEqual(["person.signed_up", "person.signin_failed"]);
  });

  it("locks the address after repeated failures, even against the right password, until the lockout ends", async () => {
    const person = await personAccount(t.platform);
    expect((await apiSignIn(t, person.email, "x1")).statusCode).toBe(401);
    expect((await apiSignIn(t, person.idNumber, "x2")).statusCode).toBe(401);
    const third = await apiSignIn(t, person.email, "x3");
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe("account_locked");
    expect(Number(third.headers["retry-after"])).toBe(15 * 60);
    const right = await apiSignIn(t, person.email);
    expect(right.statusCode).toBe(423);
    expect(right.json().title).toContain("15 分钟");

    await t.platform.database.db
      .updateTable("signin_failures")
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where("account_id", "=", person.id)
      .execute();
    expect((await apiSignIn(t, person.email)).statusCode).toBe(201);
    const row = await t.platform.database.db
      .selectFrom("signin_failures")
      .select(["address", "failures", "locked_until"])
      .where("account_kind", "=", "person")
      .where("account_id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ address: "127.0.0.1", failures: 0, locked_until: null });
  });

  it("locks out the guesser's address only: the owner signs in from another", async () => {
    const person = await personAccount(t.platform);
    for (const guess of ["x1", "x2", "x3"]) await signInFrom(ATTACKER, person.email, guess);
    expect((await signInFrom(ATTACKER, person.email)).statusCode).toBe(423);
    expect((await signInFrom(ATTACKER, person.idNumber)).statusCode).toBe(423);
    expect((await signInFrom(OWNER, person.email)).statusCode).toBe(201);
    // An unknown account locks nothing and stays answered like a wrong password.
    for (let i = 0; i < 4; i++) {
      expect((await signInFrom(ATTACKER, "nobody@example.cn", "x")).json().code).toBe("bad_credentials");
    }
  });
  it("survives a sign-in storm: every attempt answered, the account locked, a bystander untouched", async () => {
    const victim = await personAccount(t.platform);
    const bystander = await personAccount(t.platform);
    const storm = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        apiSignIn(t, i % 2 ? victim.email : victim.idNumber, `guess-${i}`),
      ),
    );
    const statuses = storm.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 401 || s === 423)).toBe(true);
    expect(statuses.filter((s) => s === 423).length).toBeGreaterThan(0);
    expect((await apiSignIn(t, victim.email)).statusCode).toBe(423);
    const failures = await auditActions(victim.id);
    expect(failures.filter((a) => a === "person.signin_failed").length).toBeGreaterThanOrEqual(3);
    expect((await apiSignIn(t, bystander.email)).statusCode).toBe(201);
  });
});

describe("per-address rate limit on person sign-in", () => {
  it("answers 429 with Retry-After once an address tries too often", async () => {
    const limited = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "5" } });
    try {
      const responses = [];
      for (let i = 0; i < 7; i++) responses.push(await apiSignIn(limited, "someone@example.cn", "guess"));
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
