import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import type { AppError } from "../../platform/errors.ts";
import { recordMandateAction, requireMandate, requireMandateById } from "./service.ts";
import { as, consentMessage, day, type Someone, someone } from "./testing.ts";

let t: TestApp;
let principal: Someone;
let agent: Someone;
let stranger: Someone;
let staff: { cookie: string };
let mandateId: string;
let pendingId: string;
const NOBODY = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
  principal = await someone(t);
  agent = await someone(t);
  stranger = await someone(t);
  const clerk = await staffMember(t.platform.database.db, "administrator", "33");
  const signedIn = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: clerk.username, password: TEST_PASSWORD },
  });
  staff = { cookie: `tb_session=${cookiesOf(signedIn).tb_session}` };
  const granted = await as(t, principal, "POST", "/api/v1/mandates", {
    agent: agent.email,
    agentName: agent.name,
    services: ["330523-SOC-001"],
    validUntil: day(30),
  });
  mandateId = granted.json().id;
  const asked = await as(t, agent, "POST", "/api/v1/mandate-requests", {
    principal: principal.idNumber,
    principalName: principal.name,
    validUntil: day(30),
  });
  pendingId = asked.json().mandate.id;
});
afterAll(() => t.close());

const status = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as AppError).status;
  }
};

describe("who may do what with mandates", () => {
  it("asks anonymous callers to sign in on every route", async () => {
    const routes: [string, string, object?][] = [
      ["GET", "/api/v1/mandates/granted"],
      ["GET", "/api/v1/mandates/held"],
      ["POST", "/api/v1/mandates", { agent: "x", agentName: "x", validUntil: day(1) }],
      ["POST", "/api/v1/mandate-requests", { principal: "x", principalName: "x", validUntil: day(1) }],
      ["POST", `/api/v1/mandates/${mandateId}/consent`, { code: "123456" }],
      ["GET", `/api/v1/mandates/${mandateId}`],
      ["DELETE", `/api/v1/mandates/${mandateId}`],
      ["GET", `/api/v1/mandates/${mandateId}/principal`],
    ];
    for (const [method, url, body] of routes) {
      const response = await as(t, undefined, method as "GET", url, body);
      expect([method, url, response.statusCode]).toEqual([method, url, 401]);
    }
  });

  it("keeps staff out: mandates are between people", async () => {
    expect((await as(t, staff, "GET", "/api/v1/mandates/granted")).statusCode).toBe(403);
    expect((await as(t, staff, "GET", `/api/v1/mandates/${mandateId}`)).statusCode).toBe(404);
    expect((await as(t, staff, "GET", `/api/v1/mandates/${mandateId}/principal`)).statusCode).toBe(404);
  });

  it("hides a mandate from anyone who is not party to it", async () => {
    for (const [method, url, body] of [
      ["GET", `/api/v1/mandates/${mandateId}`],
      ["DELETE", `/api/v1/mandates/${mandateId}`],
      ["GET", `/api/v1/mandates/${mandateId}/principal`],
      ["POST", `/api/v1/mandates/${pendingId}/consent`, { code: "123456" }],
      ["GET", `/api/v1/mandates/${NOBODY}`],
    ] as const) {
      const response = await as(t, stranger, method, url, body);
      expect([url, response.statusCode, response.json().code]).toEqual([url, 404, "not_found"]);
    }
    expect((await as(t, stranger, "GET", "/api/v1/mandates/granted")).json().items).toEqual([]);
    expect((await as(t, stranger, "GET", "/api/v1/mandates/held")).json().items).toEqual([]);
  });

  it("lets the principal see but not act under their own mandate, nor enter the code for the agent", async () => {
    expect((await as(t, principal, "GET", `/api/v1/mandates/${mandateId}`)).statusCode).toBe(200);
    expect((await as(t, principal, "GET", `/api/v1/mandates/${mandateId}/principal`)).statusCode).toBe(403);
    const code = String((await consentMessage(t, principal.mobile)).params.code);
    const consent = await as(t, principal, "POST", `/api/v1/mandates/${pendingId}/consent`, { code });
    expect(consent.statusCode).toBe(403);
  });
});

describe("requireMandate, for modules acting for someone", () => {
  const db = () => t.platform.database.db;

  it("returns the mandate that covers the service, and refuses one it does not cover", async () => {
    const found = await requireMandate(db(), agent.actor, principal.id, "330523-SOC-001");
    expect(found).toMatchObject({ id: mandateId, principalId: principal.id, agentId: agent.id });
    await expect(requireMandate(db(), agent.actor, principal.id)).resolves.toMatchObject({ id: mandateId });
    await expect(requireMandate(db(), agent.actor, principal.id, "330523-TAX-009")).rejects.toMatchObject({
      status: 403,
      code: "mandate_service_not_covered",
      message: expect.stringContaining("330523-TAX-009"),
    });
    await expect(requireMandateById(db(), agent.actor, mandateId, "330523-TAX-009")).rejects.toMatchObject({
      code: "mandate_service_not_covered",
    });
  });

  it("answers 404 alike for a person who never chose the agent and for no person at all", async () => {
    const someoneElse = await someone(t);
    expect(await status(requireMandate(db(), stranger.actor, principal.id, "x"))).toBe(404);
    expect(await status(requireMandate(db(), agent.actor, someoneElse.id, "x"))).toBe(404);
    expect(await status(requireMandate(db(), agent.actor, NOBODY, "x"))).toBe(404);
    expect(await status(requireMandate(db(), agent.actor, "not-a-uuid", "x"))).toBe(404);
    expect(await status(requireMandate(db(), { kind: "anonymous" }, principal.id, "x"))).toBe(401);
    // The reverse direction is no mandate: the principal holds none from the agent.
    expect(await status(requireMandate(db(), principal.actor, agent.id))).toBe(404);
  });

  it("records an act for the case engine: on the principal's list, and audited as the agent on their behalf", async () => {
    await db()
      .transaction()
      .execute(async (tx) => {
        const mandate = await requireMandate(tx, agent.actor, principal.id, "330523-SOC-001");
        await recordMandateAction(tx, mandate, {
          action: "case.submit",
          subjectKind: "case",
          subjectId: "AJ-2026-000001",
          requestId: "test-request-0001",
        });
      });
    const view = (await as(t, principal, "GET", `/api/v1/mandates/${mandateId}`)).json();
    expect(view.actions[0]).toMatchObject({
      action: "case.submit",
      subjectKind: "case",
      subjectId: "AJ-2026-000001",
    });
    const entry = await db()
      .selectFrom("audit_log")
      .select(["actor_id", "on_behalf_of", "person_id", "request_id"])
      .where("action", "=", "case.submit")
      .where("subject_id", "=", "AJ-2026-000001")
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({
      actor_id: agent.id,
      on_behalf_of: principal.id,
      person_id: principal.id,
      request_id: "test-request-0001",
    });
    const mandate = await requireMandate(db(), agent.actor, principal.id);
    await expect(recordMandateAction(db(), mandate, { action: "case.submit" })).rejects.toThrow(
      /inside the transaction/,
    );
  });
});
