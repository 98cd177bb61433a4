import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import type { StaffRole } from "../identity/tables.ts";
import { mountProbes, PROBE } from "./testing.ts";
import { hashSecret, parseClientToken } from "./token.ts";

interface Staff {
  id: string;
  cookie: string;
}

let t: TestApp;
let anji: Staff;
let changxing: Staff;
let province: Staff;
let clerk: Staff;
let anjiPolice: string;
let changxingPolice: string;

async function signedIn(role: StaffRole, jurisdiction: string): Promise<Staff> {
  const member = await staffMember(t.platform.database.db, role, jurisdiction);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  return { id: member.id, cookie: `tb_session=${cookiesOf(response).tb_session}` };
}

function as(who: Staff | undefined, method: "GET" | "POST", url: string, payload?: object) {
  return t.app.inject({
    method,
    url,
    ...(who ? { headers: { cookie: who.cookie } } : {}),
    ...(payload ? { payload } : {}),
  });
}

const withToken = (token: string) =>
  t.app.inject({ method: "GET", url: PROBE.registry, headers: { authorization: `Bearer ${token}` } });

const valid = () => ({
  name: "安吉县公安局户籍系统",
  departmentId: anjiPolice,
  scopes: ["registry.publish", "registry.read", "registry.publish"],
});

async function create(who: Staff = anji, body: object = valid()) {
  const response = await as(who, "POST", "/api/v1/api-clients", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; token: string } & Record<string, unknown>;
}

beforeAll(async () => {
  // The cache of credentials stays on (its default few seconds): rotating and disabling must get past it.
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: "100000" }, extend: mountProbes });
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  anjiPolice = await department(db, "330523", "public_security");
  changxingPolice = await department(db, "330522", "public_security");
  anji = await signedIn("administrator", "330523");
  changxing = await signedIn("administrator", "330522");
  province = await signedIn("administrator", "33");
  clerk = await signedIn("window_clerk", "330523");
});
afterAll(() => t.close());

const db = () => t.platform.database.db;

async function auditOf(subjectId: string) {
  const result = await sql<{ action: string; actor_kind: string; actor_id: string | null; details: object }>`
    select action, actor_kind, actor_id, region_code, details from audit_log
    where subject_id = ${subjectId} order by seq`.execute(db());
  return result.rows;
}

describe("creating a client", () => {
  it("gives an administrator of the department's region a client and its token, once, and audits it", async () => {
    const created = await create();
    expect(created).toMatchObject({
      name: "安吉县公安局户籍系统",
      departmentId: anjiPolice,
      regionCode: "330523",
      scopes: ["registry.publish", "registry.read"],
      createdBy: anji.id,
      rotatedAt: null,
      lastUsedAt: null,
      disabledAt: null,
    });
    expect(created.departmentName).toMatch(/公安局/);
    expect(created.token).toMatch(/^tbc_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseClientToken(created.token);
    expect(parsed?.clientId).toBe(created.id);

    // Only the secret's hash is kept, and neither the token nor the hash reaches the audit trail.
    const row = await db()
      .selectFrom("api_clients")
      .select("secret_hash")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(hashSecret(parsed?.secret ?? ""));
    const audit = await auditOf(created.id);
    expect(audit).toEqual([
      {
        action: "api_client.create",
        actor_kind: "staff",
        actor_id: anji.id,
        region_code: "330523",
        details: {
          name: "安吉县公安局户籍系统",
          departmentId: anjiPolice,
          scopes: created.scopes,
          ip: "127.0.0.1",
        },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain(parsed?.secret);
    expect(JSON.stringify(audit)).not.toContain(row.secret_hash);

    // The token is never shown again.
    const listed = (await as(anji, "GET", "/api/v1/api-clients")).json().items;
    const mine = listed.find((c: { id: string }) => c.id === created.id);
    expect(mine).toBeDefined();
    expect(JSON.stringify(mine)).not.toContain(parsed?.secret);
    expect(mine).not.toHaveProperty("token");
    expect(mine).not.toHaveProperty("secretHash");

    const answer = await withToken(created.token);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({ kind: "client", id: created.id, departmentId: anjiPolice });
  });

  it("refuses an empty name, no scopes and an unknown department in one 400 listing every field", async () => {
    const response = await as(anji, "POST", "/api/v1/api-clients", {
      name: "   ",
      departmentId: randomUUID(),
      scopes: [],
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json().code).toBe("validation_failed");
    expect(response.json().errors).toEqual([
      { field: "/name", message: expect.stringContaining("1 to 100 characters") },
      { field: "/scopes", message: expect.stringContaining("at least one of registry.read") },
      { field: "/departmentId", message: expect.stringContaining("not a known department") },
    ]);
  });

  it("refuses unknown scopes (each named) and a department id that is not one, together", async () => {
    const response = await as(anji, "POST", "/api/v1/api-clients", {
      ...valid(),
      departmentId: "公安局",
      scopes: ["registry.read", "registry.delete", ""],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: "/scopes/1", message: expect.stringContaining("is not a scope: use one of registry.read") },
      { field: "/scopes/2", message: expect.stringContaining("is not a scope") },
      { field: "/departmentId", message: expect.stringContaining("not a known department") },
    ]);
  });

  it("refuses a body without its fields, or with one too many, naming each", async () => {
    const missing = await as(anji, "POST", "/api/v1/api-clients", { name: "x" });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["/departmentId", "/scopes"]);
    const extra = await as(anji, "POST", "/api/v1/api-clients", { ...valid(), secret: "mine" });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([{ field: "/secret", message: "is not allowed" }]);
  });

  it("is refused to staff who are not administrators, to administrators of another region, and to strangers", async () => {
    const byClerk = await as(clerk, "POST", "/api/v1/api-clients", valid());
    expect(byClerk.statusCode).toBe(403);
    expect(byClerk.json().code).toBe("forbidden");
    // Departments are public: one outside the jurisdiction is refused, not hidden.
    const elsewhere = await as(anji, "POST", "/api/v1/api-clients", {
      ...valid(),
      departmentId: changxingPolice,
    });
    expect(elsewhere.statusCode).toBe(403);
    expect((await as(undefined, "POST", "/api/v1/api-clients", valid())).statusCode).toBe(401);
    expect(
      await db()
        .selectFrom("api_clients")
        .select("id")
        .where("department_id", "=", changxingPolice)
        .execute(),
    ).toEqual([]);
  });
});

describe("listing clients", () => {
  it("shows administrators the clients of their jurisdiction and no one else's", async () => {
    const inAnji = await create();
    const inChangxing = await create(changxing, { ...valid(), departmentId: changxingPolice });
    const listed = async (who: Staff) =>
      (await as(who, "GET", "/api/v1/api-clients")).json().items.map((c: { id: string }) => c.id);
    expect(await listed(anji)).toContain(inAnji.id);
    expect(await listed(anji)).not.toContain(inChangxing.id);
    expect(await listed(changxing)).toEqual([inChangxing.id]);
    expect(await listed(province)).toEqual(expect.arrayContaining([inAnji.id, inChangxing.id]));
    expect((await as(clerk, "GET", "/api/v1/api-clients")).statusCode).toBe(403);
    expect((await as(undefined, "GET", "/api/v1/api-clients")).statusCode).toBe(401);
  });
});

describe("rotating a token", () => {
  it("stops the old token at once and hands out the new one, once", async () => {
    const created = await create();
    expect((await withToken(created.token)).statusCode).toBe(200);

    const response = await as(anji, "POST", `/api/v1/api-clients/${created.id}/rotation`, {});
    expect(response.statusCode).toBe(200);
    const rotated = response.json();
    expect(rotated).toMatchObject({ id: created.id, name: created.name, disabledAt: null });
    expect(rotated.rotatedAt).not.toBeNull();
    expect(rotated.token).not.toBe(created.token);
    expect(parseClientToken(rotated.token)?.clientId).toBe(created.id);

    // The old token was remembered a moment ago; rotating here forgets it.
    const old = await withToken(created.token);
    expect(old.statusCode).toBe(401);
    expect(old.json().code).toBe("unauthenticated");
    expect(old.json().detail).toMatch(/rotated/);
    expect((await withToken(rotated.token)).statusCode).toBe(200);

    const audit = await auditOf(created.id);
    expect(audit.map((e) => e.action)).toEqual(["api_client.create", "api_client.rotate"]);
    expect(JSON.stringify(audit)).not.toContain(parseClientToken(rotated.token)?.secret);
  });

  it("is the business of the client's region alone: elsewhere it does not exist", async () => {
    const created = await create();
    const outside = await as(changxing, "POST", `/api/v1/api-clients/${created.id}/rotation`, {});
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe("not_found");
    expect((await as(clerk, "POST", `/api/v1/api-clients/${created.id}/rotation`, {})).statusCode).toBe(403);
    expect((await as(anji, "POST", `/api/v1/api-clients/${randomUUID()}/rotation`, {})).statusCode).toBe(404);
    expect((await as(anji, "POST", "/api/v1/api-clients/not-an-id/rotation", {})).statusCode).toBe(400);
    // Above the county, the province's administrator keeps it too.
    expect((await as(province, "POST", `/api/v1/api-clients/${created.id}/rotation`, {})).statusCode).toBe(
      200,
    );
    // The refused attempts left the token alone.
    expect((await auditOf(created.id)).map((e) => e.action)).toEqual([
      "api_client.create",
      "api_client.rotate",
    ]);
  });
});

describe("disabling a client", () => {
  it("refuses its token from then on, for good, and audits it", async () => {
    const created = await create();
    expect((await withToken(created.token)).statusCode).toBe(200);
    expect((await as(changxing, "POST", `/api/v1/api-clients/${created.id}/disabling`, {})).statusCode).toBe(
      404,
    );
    expect((await as(clerk, "POST", `/api/v1/api-clients/${created.id}/disabling`, {})).statusCode).toBe(403);

    const response = await as(anji, "POST", `/api/v1/api-clients/${created.id}/disabling`, {});
    expect(response.statusCode).toBe(200);
    expect(response.json().disabledAt).not.toBeNull();
    expect(response.json()).not.toHaveProperty("token");

    const refused = await withToken(created.token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toMatch(/disabled/);

    // Disabled is for good: neither disabled again nor given a new token.
    const again = await as(anji, "POST", `/api/v1/api-clients/${created.id}/disabling`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/create a new client/);
    expect((await as(anji, "POST", `/api/v1/api-clients/${created.id}/rotation`, {})).statusCode).toBe(409);
    expect((await withToken(created.token)).statusCode).toBe(401);

    const row = await db()
      .selectFrom("api_clients")
      .select(["disabled_by"])
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(row.disabled_by).toBe(anji.id);
    expect((await auditOf(created.id)).map((e) => e.action)).toEqual([
      "api_client.create",
      "api_client.disable",
    ]);
    const listed = (await as(anji, "GET", "/api/v1/api-clients")).json().items;
    expect(listed.find((c: { id: string }) => c.id === created.id).disabledAt).not.toBeNull();
  });
});
