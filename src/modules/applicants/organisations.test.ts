import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { creditCode, personAccount, seedRegionSlice } from "../../../test/factories.ts";
import { sessionCookie } from "./testing.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000" } });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

async function signedInPerson() {
  const person = await personAccount(t.platform);
  return { ...person, cookie: await sessionCookie(t, person.email) };
}

function register(cookie: string, body: Record<string, unknown>) {
  return t.app.inject({ method: "POST", url: "/api/v1/organisations", headers: { cookie }, payload: body });
}

const enterprise = (overrides: Record<string, unknown> = {}) => ({
  kind: "enterprise",
  name: "安吉白茶有限公司",
  creditCode: creditCode(),
  regionCode: "330523",
  ...overrides,
});

describe("registering an organisation", () => {
  it("makes the person registering it the legal representative", async () => {
    const rep = await signedInPerson();
    const body = enterprise({ creditCode: creditCode().toLowerCase() });
    const response = await register(rep.cookie, body);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      kind: "enterprise",
      name: "安吉白茶有限公司",
      creditCode: body.creditCode.toUpperCase(),
      region: { code: "330523", name: "安吉县" },
      legalRepresentative: { id: rep.id, name: rep.name },
      role: "legal_representative",
      agents: [],
    });
    const mine = await t.app.inject({ url: "/api/v1/organisations", headers: { cookie: rep.cookie } });
    expect(mine.json().items.map((o: { id: string }) => o.id)).toEqual([response.json().id]);
  });

  it("refuses a wrong check character, a malformed code and an unknown region, all at once", async () => {
    const rep = await signedInPerson();
    const valid = creditCode();
    const wrong = valid.slice(0, 17) + (valid.at(-1) === "0" ? "1" : "0");
    const response = await register(
      rep.cookie,
      enterprise({ creditCode: wrong, regionCode: "330599", name: "" }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: "/name", message: "Fill this in" },
      { field: "/creditCode", message: expect.stringMatching(/check character/) },
      { field: "/regionCode", message: expect.stringContaining("330599") },
    ]);
    const malformed = await register(rep.cookie, enterprise({ creditCode: "91330523MA2B3C4D5O" }));
    expect(malformed.json().errors).toEqual([
      { field: "/creditCode", message: expect.stringMatching(/18 digits or capital letters/) },
    ]);
    expect((await register(rep.cookie, enterprise({ kind: "company" }))).statusCode).toBe(400);
  });

  it("refuses a credit code that is already registered, whoever registers it", async () => {
    const first = await signedInPerson();
    const second = await signedInPerson();
    const code = creditCode();
    expect((await register(first.cookie, enterprise({ creditCode: code }))).statusCode).toBe(201);
    const again = await register(second.cookie, enterprise({ creditCode: code, name: "冒名公司" }));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("organisation_exists");
    expect(again.json().title).toContain("法定代表人");
  });
});

describe("agents (经办人)", () => {
  it("grants by e-mail or ID number, for every service or a list, and revokes with an audit entry each", async () => {
    const rep = await signedInPerson();
    const clerk = await signedInPerson();
    const helper = await personAccount(t.platform);
    const org = (await register(rep.cookie, enterprise())).json();
    const grant = (body: Record<string, unknown>) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/organisations/${org.id}/agents`,
        headers: { cookie: rep.cookie },
        payload: body,
      });

    const all = await grant({ agent: clerk.email });
    expect(all.statusCode).toBe(201);
    expect(all.json()).toMatchObject({
      personId: clerk.id,
      services: null,
      idNumberMasked: expect.stringContaining("*"),
    });
    const some = await grant({
      agent: helper.idNumber,
      services: ["330523-TAX-001", "330523-TAX-001", "SOC.2"],
    });
    expect(some.json().services).toEqual(["330523-TAX-001", "SOC.2"]);

    const asAgent = await t.app.inject({ url: "/api/v1/organisations", headers: { cookie: clerk.cookie } });
    expect(asAgent.json().items).toEqual([
      expect.objectContaining({ id: org.id, role: "agent", myServices: null }),
    ]);
    expect(asAgent.json().items[0].agents).toBeUndefined();

    const revoke = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/organisations/${org.id}/agents/${clerk.id}`,
      headers: { cookie: rep.cookie },
    });
    expect(revoke.statusCode).toBe(204);
    const twice = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/organisations/${org.id}/agents/${clerk.id}`,
      headers: { cookie: rep.cookie },
    });
    expect(twice.statusCode).toBe(404);

    const view = await t.app.inject({
      url: `/api/v1/organisations/${org.id}`,
      headers: { cookie: rep.cookie },
    });
    expect(view.json().agents.map((a: { personId: string }) => a.personId)).toEqual([helper.id]);

    const entries = await sql<{ action: string; person_id: string; on_behalf_of: string }>`
      select action, person_id, on_behalf_of from audit_log where subject_id = ${org.id} order by seq`.execute(
      t.platform.database.db,
    );
    expect(entries.rows).toEqual([
      { action: "organisation.register", person_id: null, on_behalf_of: null },
      { action: "organisation.agent_grant", person_id: clerk.id, on_behalf_of: org.id },
      { action: "organisation.agent_grant", person_id: helper.id, on_behalf_of: org.id },
      { action: "organisation.agent_revoke", person_id: clerk.id, on_behalf_of: org.id },
    ]);
  });

  it("refuses an agent without an account, the representative themself, and bad service codes", async () => {
    const rep = await signedInPerson();
    const org = (await register(rep.cookie, enterprise())).json();
    const grant = (body: Record<string, unknown>) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/organisations/${org.id}/agents`,
        headers: { cookie: rep.cookie },
        payload: body,
      });
    const unknown = await grant({ agent: "stranger@example.cn" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: "/agent", message: expect.stringMatching(/sign up first/) },
    ]);
    const self = await grant({ agent: rep.email });
    expect(self.json().errors).toEqual([
      { field: "/agent", message: expect.stringMatching(/needs no mandate/) },
    ]);
    const codes = await grant({ agent: rep.email, services: [] });
    expect(codes.json().errors.map((e: { field: string }) => e.field)).toEqual(["/agent", "/services"]);
    const badCode = await grant({ agent: "stranger@example.cn", services: ["ok", "<script>"] });
    expect(badCode.json().errors.map((e: { field: string }) => e.field)).toEqual(["/agent", "/services/1"]);
  });
});
