import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import {
  creditCode,
  personAccount,
  seedRegionSlice,
  staffMember,
  TEST_PASSWORD,
} from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { getOrganisation } from "./organisations.ts";
import { getProfile, updateProfile } from "./service.ts";
import { sessionCookie } from "./testing.ts";

let t: TestApp;
interface Someone {
  id: string;
  name: string;
  email: string;
  idNumber: string;
  cookie: string;
  actor: Actor;
}
let alice: Someone;
let bob: Someone;
let agent: Someone;
let staffCookie: string;
let organisationId: string;

async function someone(): Promise<Someone> {
  const person = await personAccount(t.platform);
  return {
    ...person,
    cookie: await sessionCookie(t, person.email),
    actor: { kind: "person", id: person.id, name: person.name },
  };
}

const as = (
  who: { cookie: string } | undefined,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  payload?: object,
) =>
  t.app.inject({
    method,
    url,
    ...(who ? { headers: { cookie: who.cookie } } : {}),
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
  alice = await someone();
  bob = await someone();
  agent = await someone();
  const clerk = await staffMember(t.platform.database.db, "administrator", "33");
  const signedIn = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: clerk.username, password: TEST_PASSWORD },
  });
  staffCookie = `tb_session=${cookiesOf(signedIn).tb_session}`;
  const org = await as(alice, "POST", "/api/v1/organisations", {
    kind: "social_organisation",
    name: "安吉县茶叶协会",
    creditCode: creditCode("51"),
    regionCode: "330523",
  });
  organisationId = org.json().id;
});
afterAll(() => t.close());

describe("a person's own account", () => {
  it("shows each person only their own profile; another's does not exist", async () => {
    expect((await as(alice, "GET", "/api/v1/account")).json().id).toBe(alice.id);
    expect((await as(bob, "GET", "/api/v1/account")).json().id).toBe(bob.id);
    const db = t.platform.database.db;
    await expect(getProfile(db, bob.actor, alice.id)).rejects.toMatchObject({ status: 404 });
    await expect(updateProfile(db, bob.actor, alice.id, { mobile: "13800138000" })).rejects.toMatchObject({
      status: 404,
    });
    const row = await db
      .selectFrom("persons")
      .select("mobile")
      .where("id", "=", alice.id)
      .executeTakeFirstOrThrow();
    expect(row.mobile).toBeNull();
  });

  it("asks an anonymous caller to sign in, and refuses staff, who have no person account", async () => {
    for (const [method, url] of [
      ["GET", "/api/v1/account"],
      ["PATCH", "/api/v1/account"],
      ["GET", "/api/v1/organisations"],
      ["POST", "/api/v1/organisations"],
    ] as const) {
      const payload =
        method === "PATCH"
          ? { mobile: null }
          : method === "POST"
            ? { kind: "enterprise", name: "x", creditCode: creditCode(), regionCode: "330523" }
            : undefined;
      expect((await as(undefined, method, url, payload)).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await as({ cookie: staffCookie }, "GET", "/api/v1/account")).statusCode).toBe(403);
    expect(
      (await as({ cookie: staffCookie }, "GET", `/api/v1/organisations/${organisationId}`)).statusCode,
    ).toBe(404);
  });

  it("gives a person no staff powers", async () => {
    expect((await as(alice, "GET", "/api/v1/me")).statusCode).toBe(403);
    expect((await as(alice, "GET", "/api/v1/staff")).statusCode).toBe(403);
  });
});

describe("someone else's organisation", () => {
  it("does not exist for another person: read, grant and revoke all answer 404 like a missing one", async () => {
    const url = `/api/v1/organisations/${organisationId}`;
    const missing = "/api/v1/organisations/00000000-0000-4000-8000-000000000000";
    for (const path of [url, missing]) {
      const read = await as(bob, "GET", path);
      expect(read.statusCode).toBe(404);
      expect(read.json().code).toBe("not_found");
      expect((await as(bob, "POST", `${path}/agents`, { agent: bob.email })).statusCode).toBe(404);
      expect((await as(bob, "DELETE", `${path}/agents/${alice.id}`)).statusCode).toBe(404);
    }
    expect((await as(bob, "GET", "/api/v1/organisations")).json().items).toEqual([]);
  });
});

describe("an agent", () => {
  it("acts for the organisation until the mandate is revoked, and never manages its agents", async () => {
    const url = `/api/v1/organisations/${organisationId}`;
    expect((await as(agent, "GET", url)).statusCode).toBe(404);
    expect((await as(alice, "POST", `${url}/agents`, { agent: agent.idNumber })).statusCode).toBe(201);

    const seen = await as(agent, "GET", url);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ role: "agent", myServices: null });
    expect(seen.json().agents).toBeUndefined();
    expect((await as(agent, "POST", `${url}/agents`, { agent: bob.email })).statusCode).toBe(403);
    expect((await as(agent, "DELETE", `${url}/agents/${agent.id}`)).statusCode).toBe(403);

    expect((await as(alice, "DELETE", `${url}/agents/${agent.id}`)).statusCode).toBe(204);
    expect((await as(agent, "GET", url)).statusCode).toBe(404);
    expect((await as(agent, "GET", "/api/v1/organisations")).json().items).toEqual([]);
  });

  it("with a mandate for some services acts only in those", async () => {
    const limited = await someone();
    const url = `/api/v1/organisations/${organisationId}`;
    await as(alice, "POST", `${url}/agents`, { agent: limited.email, services: ["SOC.REG.1"] });
    const db = t.platform.database.db;
    await expect(getOrganisation(db, limited.actor, organisationId, "SOC.REG.1")).resolves.toMatchObject({
      role: "agent",
      myServices: ["SOC.REG.1"],
    });
    await expect(getOrganisation(db, limited.actor, organisationId, "TAX.1")).rejects.toMatchObject({
      status: 404,
    });
    await expect(getOrganisation(db, alice.actor, organisationId, "TAX.1")).resolves.toMatchObject({
      role: "legal_representative",
    });
  });
});
