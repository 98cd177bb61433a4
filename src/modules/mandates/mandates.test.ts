import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { addYears } from "./dates.ts";
import { readPrincipalDetails, revokeMandate } from "./service.ts";
import { as, day, type Someone, someone } from "./testing.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const grant = (principal: Someone, agent: Someone | { name: string; email: string }, extra: object = {}) =>
  as(t, principal, "POST", "/api/v1/mandates", {
    agent: agent.email,
    agentName: agent.name,
    validUntil: day(180),
    ...extra,
  });

describe("granting a mandate online", () => {
  it("puts it in force at once for every service, seen by both sides, with an audit entry", async () => {
    const principal = await someone(t, { name: "王秀英", addressRegionCode: "330523001201" });
    const agent = await someone(t, { name: "李强" });
    const response = await grant(principal, agent);
    expect(response.statusCode).toBe(201);
    const mandate = response.json();
    expect(mandate).toEqual({
      id: expect.any(String),
      role: "principal",
      state: "active",
      allowed: ["revoke"],
      principal: { id: principal.id, name: "王秀英", idNumberMasked: expect.stringContaining("**") },
      agent: { id: agent.id, name: "李强", idNumberMasked: expect.stringContaining("**") },
      services: null,
      validFrom: day(0),
      validUntil: day(180),
      consentMethod: "online",
      createdAt: expect.any(String),
      consentedAt: expect.any(String),
      revokedAt: null,
      revokedBy: null,
      actions: [],
    });
    expect(JSON.stringify(mandate)).not.toContain(agent.idNumber);

    const mine = await as(t, principal, "GET", "/api/v1/mandates/granted");
    expect(mine.json().items.map((m: { id: string }) => m.id)).toEqual([mandate.id]);
    const held = await as(t, agent, "GET", "/api/v1/mandates/held");
    expect(held.json().items).toEqual([
      expect.objectContaining({ id: mandate.id, role: "agent", state: "active", allowed: ["act", "revoke"] }),
    ]);
    expect(held.json().items[0].actions).toBeUndefined();

    const entry = await sql<Record<string, unknown>>`
      select actor_kind, actor_id, action, subject_id, person_id, region_code from audit_log
      where subject_id = ${mandate.id}`.execute(t.platform.database.db);
    expect(entry.rows).toEqual([
      {
        actor_kind: "person",
        actor_id: principal.id,
        action: "mandate.grant",
        subject_id: mandate.id,
        person_id: agent.id,
        region_code: "330523001201",
      },
    ]);
  });

  it("finds the agent by ID number too, for listed services, from a later day", async () => {
    const principal = await someone(t);
    const agent = await someone(t, { name: "阿依古丽·买买提" });
    const response = await as(t, principal, "POST", "/api/v1/mandates", {
      agent: agent.idNumber.toLowerCase(),
      agentName: " 阿依古丽•买买提 ",
      services: ["330523-SOC-001", "330523-SOC-001", "TAX.2"],
      validFrom: day(10),
      validUntil: day(40),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      state: "scheduled",
      services: ["330523-SOC-001", "TAX.2"],
      validFrom: day(10),
      validUntil: day(40),
    });
  });

  it("refuses an agent who does not exist and a name that does not match with the same words", async () => {
    const principal = await someone(t);
    const agent = await someone(t, { name: "张伟" });
    const unknown = await grant(principal, { name: "张伟", email: "nobody@example.cn" });
    const wrongName = await grant(principal, { name: "张三", email: agent.email });
    expect(unknown.statusCode).toBe(400);
    expect(wrongName.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: "/agent", message: expect.stringMatching(/No account matches this name and ID number/) },
    ]);
    expect(wrongName.json().errors).toEqual(unknown.json().errors);
    const badId = await as(t, principal, "POST", "/api/v1/mandates", {
      agent: "33052319900101123",
      agentName: "",
      validUntil: day(1),
    });
    expect(badId.json().errors.map((e: { field: string }) => e.field)).toEqual(["/agentName", "/agent"]);
  });

  it("refuses a mandate to oneself", async () => {
    const principal = await someone(t);
    const response = await grant(principal, principal);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: "/agent", message: "The principal and the agent cannot be the same person" },
    ]);
  });

  it("refuses an end before the start, a period beyond one year, a past start and bad dates, all at once", async () => {
    const principal = await someone(t);
    const agent = await someone(t);
    const fields = async (extra: object) => (await grant(principal, agent, extra)).json().errors;
    expect(await fields({ validFrom: day(10), validUntil: day(9) })).toEqual([
      { field: "/validUntil", message: "The end cannot be before the start" },
    ]);
    expect((await grant(principal, agent, { validUntil: addYears(day(0), 1) })).statusCode).toBe(201);
    expect(await fields({ validUntil: day(366 + 1) })).toEqual([
      {
        field: "/validUntil",
        message: expect.stringMatching(
          /^A mandate lasts at most one year: end it on \d{4}-\d\d-\d\d or earlier$/,
        ),
      },
    ]);
    expect(await fields({ validUntil: day(5 * 365) })).toHaveLength(1);
    expect(await fields({ validFrom: day(-1), validUntil: "2026-02-30", services: [] })).toEqual([
      { field: "/services", message: expect.stringMatching(/at least one service code/) },
      { field: "/validFrom", message: "The start cannot be before today" },
      { field: "/validUntil", message: "Write the date as year-month-day, like 2026-12-31" },
    ]);
    expect(await fields({ validUntil: "", services: ["ok", "<script>"] })).toEqual([
      { field: "/services/1", message: expect.stringMatching(/only letters, digits/) },
      { field: "/validUntil", message: "Fill this in" },
    ]);
    expect(await fields({ validFrom: day(400), validUntil: day(401) })).toEqual([
      { field: "/validFrom", message: expect.stringMatching(/^The start cannot be later than/) },
    ]);
  });
});

describe("acting under a mandate", () => {
  it("lets the agent read the principal's details, recorded on the principal's list and in the audit trail", async () => {
    const principal = await someone(t, { name: "赵桂兰", addressRegionCode: "330523001201" });
    const agent = await someone(t, { name: "村代办员" });
    const mandate = (await grant(principal, agent)).json();
    const read = await as(t, agent, "GET", `/api/v1/mandates/${mandate.id}/principal`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      mandateId: mandate.id,
      name: "赵桂兰",
      idNumberMasked: `${principal.idNumber.slice(0, 4)}**********${principal.idNumber.slice(-4)}`,
      mobileMasked: `${principal.mobile.slice(0, 3)}****${principal.mobile.slice(-4)}`,
      addressRegion: { code: "330523001201", name: "古城村委会" },
    });
    expect(read.body).not.toContain(principal.idNumber);
    expect(read.body).not.toContain(principal.mobile);

    const mine = (await as(t, principal, "GET", `/api/v1/mandates/${mandate.id}`)).json();
    expect(mine.actions).toEqual([
      {
        at: expect.any(String),
        action: "personal_data.read",
        subjectKind: "person",
        subjectId: principal.id,
      },
    ]);
    const listed = (await as(t, principal, "GET", "/api/v1/mandates/granted")).json().items;
    expect(listed[0].actions).toEqual(mine.actions);

    const audit = await sql<Record<string, unknown>>`
      select actor_kind, actor_id, on_behalf_of, person_id, purpose, region_code, details->>'mandateId' as mandate
      from audit_log where action = 'personal_data.read' and person_id = ${principal.id}`.execute(
      t.platform.database.db,
    );
    expect(audit.rows).toEqual([
      {
        actor_kind: "person",
        actor_id: agent.id,
        on_behalf_of: principal.id,
        person_id: principal.id,
        purpose: `acting under mandate ${mandate.id}`,
        region_code: "330523001201",
        mandate: mandate.id,
      },
    ]);
  });

  it("stops at once when the principal revokes: the next request is refused", async () => {
    const principal = await someone(t);
    const agent = await someone(t);
    const mandate = (await grant(principal, agent)).json();
    expect((await as(t, agent, "GET", `/api/v1/mandates/${mandate.id}/principal`)).statusCode).toBe(200);
    const revoked = await as(t, principal, "DELETE", `/api/v1/mandates/${mandate.id}`);
    expect(revoked.statusCode).toBe(204);
    const after = await as(t, agent, "GET", `/api/v1/mandates/${mandate.id}/principal`);
    expect(after.statusCode).toBe(409);
    expect(after.json()).toMatchObject({ code: "mandate_revoked", allowed: [] });
    expect(after.json().title).toBe("该授权已撤销，不能再使用。");
    const view = (await as(t, agent, "GET", `/api/v1/mandates/${mandate.id}`)).json();
    expect(view).toMatchObject({ state: "revoked", revokedBy: "principal", allowed: [] });
    const again = await as(t, principal, "DELETE", `/api/v1/mandates/${mandate.id}`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("mandate_revoked");
    const entries = await sql<{ action: string; actor_id: string }>`
      select action, actor_id from audit_log where subject_id = ${mandate.id} order by seq`.execute(
      t.platform.database.db,
    );
    expect(entries.rows.map((e) => e.action)).toEqual(["mandate.grant", "mandate.revoke"]);
  });

  it("lets the agent renounce, after which they can no longer act", async () => {
    const principal = await someone(t);
    const agent = await someone(t);
    const mandate = (await grant(principal, agent)).json();
    expect((await as(t, agent, "DELETE", `/api/v1/mandates/${mandate.id}`)).statusCode).toBe(204);
    const view = (await as(t, principal, "GET", `/api/v1/mandates/${mandate.id}`)).json();
    expect(view).toMatchObject({ state: "revoked", revokedBy: "agent" });
    expect((await as(t, agent, "GET", `/api/v1/mandates/${mandate.id}/principal`)).json().code).toBe(
      "mandate_revoked",
    );
  });

  it("refuses after expiry and before the start", async () => {
    const principal = await someone(t);
    const agent = await someone(t);
    const mandate = (await grant(principal, agent)).json();
    await sql`update mandates set valid_from = now() - interval '40 days', valid_until = now() - interval '1 second'
      where id = ${mandate.id}`.execute(t.platform.database.db);
    const expired = await as(t, agent, "GET", `/api/v1/mandates/${mandate.id}/principal`);
    expect(expired.statusCode).toBe(409);
    expect(expired.json().code).toBe("mandate_expired");
    expect((await as(t, principal, "GET", `/api/v1/mandates/${mandate.id}`)).json().state).toBe("expired");
    expect((await as(t, principal, "DELETE", `/api/v1/mandates/${mandate.id}`)).json().code).toBe(
      "mandate_expired",
    );

    const later = (await grant(principal, agent, { validFrom: day(3), validUntil: day(30) })).json();
    const early = await as(t, agent, "GET", `/api/v1/mandates/${later.id}/principal`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: "mandate_not_started", allowed: ["revoke"] });
    expect(early.json().title).toContain(day(3));
  });

  it("follows the clock: in force on its last day, refused the day after", async () => {
    const principal = await someone(t);
    const agent = await someone(t);
    const mandate = (await grant(principal, agent, { validUntil: day(2) })).json();
    const db = t.platform.database.db;
    const origin = { locale: "en" as const };
    const lastDay = new Date(Date.parse(`${day(2)}T23:59:00+08:00`));
    await expect(readPrincipalDetails(db, agent.actor, mandate.id, origin, lastDay)).resolves.toMatchObject({
      mandateId: mandate.id,
    });
    const dayAfter = new Date(Date.parse(`${day(3)}T00:00:00+08:00`));
    await expect(readPrincipalDetails(db, agent.actor, mandate.id, origin, dayAfter)).rejects.toMatchObject({
      code: "mandate_expired",
    });
    await revokeMandate(db, principal.actor, mandate.id, origin);
    await expect(readPrincipalDetails(db, agent.actor, mandate.id, origin, lastDay)).rejects.toMatchObject({
      code: "mandate_revoked",
    });
  });
});
