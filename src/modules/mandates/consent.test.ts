import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { confirmMandate, requestMandate } from "./service.ts";
import { as, consentMessage, day, otherCode, type Someone, someone } from "./testing.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const ask = (agent: Someone, principal: { idNumber: string; name: string }, extra: object = {}) =>
  as(t, agent, "POST", "/api/v1/mandate-requests", {
    principal: principal.idNumber,
    principalName: principal.name,
    validUntil: day(90),
    ...extra,
  });

const enter = (agent: Someone, mandateId: string, code: string) =>
  as(t, agent, "POST", `/api/v1/mandates/${mandateId}/consent`, { code });

/** An agent's pending request and the code the principal received. */
async function pending(extra: object = {}) {
  const principal = await someone(t, { name: "孙玉梅" });
  const agent = await someone(t, { name: "周代办" });
  const response = await ask(agent, principal, extra);
  expect(response.statusCode).toBe(201);
  const message = await consentMessage(t, principal.mobile);
  return { principal, agent, id: response.json().mandate.id as string, code: String(message.params.code) };
}

describe("asking for a mandate at a service point", () => {
  it("texts the principal a code naming the agent, services and last day; the code puts it in force", async () => {
    const principal = await someone(t, { name: "孙玉梅" });
    const agent = await someone(t, { name: "周代办" });
    const response = await ask(agent, principal, { services: ["330523-SOC-001"] });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      sentTo: `${principal.mobile.slice(0, 3)}****${principal.mobile.slice(-4)}`,
      expiresAt: expect.any(String),
      mandate: {
        role: "agent",
        state: "pending",
        allowed: ["confirm", "revoke"],
        consentMethod: "one_time_code",
        consentedAt: null,
        codeSentTo: body.sentTo,
        services: ["330523-SOC-001"],
      },
    });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(response.body).not.toContain(principal.mobile);

    const message = await consentMessage(t, principal.mobile);
    expect(message).toMatchObject({
      template: "mandate.consent_code",
      locale: "zh-CN",
      params: { agent: "周代办", services: "330523-SOC-001", until: day(90), minutes: 10 },
    });
    const code = String(message.params.code);
    expect(code).toMatch(/^\d{6}$/);
    expect(response.body).not.toContain(code);
    const stored = await sql<{ code_hash: string }>`
      select code_hash from mandate_consent_codes where mandate_id = ${body.mandate.id}`.execute(
      t.platform.database.db,
    );
    expect(stored.rows[0]?.code_hash).not.toContain(code);

    // The principal sees the pending request on their own page, and may refuse it there.
    const theirs = (await as(t, principal, "GET", "/api/v1/mandates/granted")).json().items;
    expect(theirs).toEqual([
      expect.objectContaining({ id: body.mandate.id, state: "pending", allowed: ["revoke"] }),
    ]);

    const confirmed = await enter(agent, body.mandate.id, code);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ state: "active", allowed: ["act", "revoke"] });
    expect(confirmed.json().codeSentTo).toBeUndefined();
    expect((await as(t, agent, "GET", `/api/v1/mandates/${body.mandate.id}/principal`)).statusCode).toBe(200);

    const audit = await sql<{ action: string; actor_id: string; on_behalf_of: string | null }>`
      select action, actor_id, on_behalf_of from audit_log where subject_id = ${body.mandate.id} order by seq`.execute(
      t.platform.database.db,
    );
    expect(audit.rows).toEqual([
      { action: "mandate.request", actor_id: agent.id, on_behalf_of: null },
      { action: "mandate.consent", actor_id: agent.id, on_behalf_of: principal.id },
    ]);
  });

  it("refuses acting while the request waits for the code", async () => {
    const { agent, id } = await pending();
    const early = await as(t, agent, "GET", `/api/v1/mandates/${id}/principal`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: "mandate_pending", allowed: ["confirm", "revoke"] });
  });

  it("refuses a wrong code with the tries left, and voids the request at the fifth", async () => {
    const { agent, id, code } = await pending();
    for (const left of [4, 3, 2, 1]) {
      const wrong = await enter(agent, id, otherCode(code));
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toMatchObject({
        code: "consent_code_wrong",
        title: `验证码不正确，还可以再试 ${left} 次。`,
      });
    }
    const fifth = await enter(agent, id, "12ab");
    expect(fifth.statusCode).toBe(409);
    expect(fifth.json().code).toBe("mandate_void");
    const right = await enter(agent, id, code);
    expect(right.statusCode).toBe(409);
    expect(right.json().code).toBe("mandate_void");
    expect((await as(t, agent, "GET", `/api/v1/mandates/${id}`)).json().state).toBe("void");
    const entries = await sql<{ action: string }>`
      select action from audit_log where subject_id = ${id} order by seq`.execute(t.platform.database.db);
    expect(entries.rows.map((e) => e.action)).toEqual(["mandate.request", "mandate.void"]);
  });

  it("refuses a code entered again after it was used", async () => {
    const { agent, id, code } = await pending();
    expect((await enter(agent, id, code)).statusCode).toBe(200);
    const replay = await enter(agent, id, code);
    expect(replay.statusCode).toBe(410);
    expect(replay.json().code).toBe("consent_code_used");
  });

  it("refuses an expired code, and an empty one without counting it", async () => {
    const { agent, id, code } = await pending();
    const empty = await enter(agent, id, " ");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([{ field: "/code", message: "Enter the 6-digit code" }]);
    const db = t.platform.database.db;
    const later = new Date(Date.now() + 11 * 60_000);
    await expect(
      confirmMandate(db, t.platform, agent.actor, id, code, { locale: "en" }, later),
    ).rejects.toMatchObject({
      status: 410,
      code: "consent_code_expired",
    });
    await sql`update mandate_consent_codes set expires_at = now() - interval '1 second' where mandate_id = ${id}`.execute(
      db,
    );
    const expired = await enter(agent, id, code);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe("consent_code_expired");
    expect((await as(t, agent, "GET", `/api/v1/mandates/${id}`)).json().state).toBe("void");
  });

  it("refuses the code once the principal has refused the request", async () => {
    const { principal, agent, id, code } = await pending();
    expect((await as(t, principal, "DELETE", `/api/v1/mandates/${id}`)).statusCode).toBe(204);
    const after = await enter(agent, id, code);
    expect(after.statusCode).toBe(409);
    expect(after.json().code).toBe("mandate_revoked");
  });

  it("refuses a principal without a mobile number, naming what to do", async () => {
    const principal = await someone(t, { mobile: null });
    const agent = await someone(t);
    const response = await ask(agent, principal);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: "principal_without_mobile" });
    expect(response.json().title).toContain("网上直接授权");
  });

  it("refuses an unknown principal, a wrong name, an e-mail instead of an ID number, and oneself", async () => {
    const principal = await someone(t, { name: "钱淑珍" });
    const agent = await someone(t);
    const fields = async (body: object) =>
      (await as(t, agent, "POST", "/api/v1/mandate-requests", { validUntil: day(30), ...body })).json()
        .errors;
    const unknown = await fields({ principal: "110101199003074514", principalName: "钱淑珍" });
    expect(unknown).toEqual([
      { field: "/principal", message: expect.stringMatching(/No account matches this name and ID number/) },
    ]);
    expect(await fields({ principal: principal.idNumber, principalName: "钱淑贞" })).toEqual(unknown);
    expect(await fields({ principal: principal.email, principalName: "钱淑珍" })).toEqual([
      { field: "/principal", message: expect.stringMatching(/18-character resident ID number/) },
    ]);
    expect(await fields({ principal: agent.idNumber, principalName: agent.name })).toEqual([
      { field: "/principal", message: "The principal and the agent cannot be the same person" },
    ]);
    expect(await consentMessage(t, principal.mobile).catch(() => "none")).toBe("none");
  });

  it("sends at most three codes an hour to one person", async () => {
    const principal = await someone(t);
    const agents = [await someone(t), await someone(t)];
    for (const agent of [agents[0], agents[1], agents[0]]) {
      expect((await ask(agent as Someone, principal)).statusCode).toBe(201);
    }
    const fourth = await ask(agents[1] as Someone, principal);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().code).toBe("consent_code_limit");
    expect(Number(fourth.headers["retry-after"])).toBeGreaterThan(3000);
    const db = t.platform.database.db;
    const input = { principal: principal.idNumber, principalName: principal.name, validUntil: day(30) };
    const nextHour = new Date(Date.now() + 61 * 60_000);
    await expect(
      requestMandate(
        db,
        t.platform,
        agents[1]?.actor ?? { kind: "anonymous" },
        input,
        { locale: "en" },
        nextHour,
      ),
    ).resolves.toMatchObject({ mandate: { state: "pending" } });
  });
});
