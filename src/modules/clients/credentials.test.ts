import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { clientCredentials, LAST_USED_EVERY_MS } from "./credentials.ts";
import { rotateClient } from "./service.ts";
import { apiClient, mountProbes, PROBE, type TestClient } from "./testing.ts";

let t: TestApp;
let police: string;
let publisher: TestClient;
let reader: TestClient;
let staffCookie: string;

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: "100000" }, extend: mountProbes });
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  police = await department(db, "330523", "public_security");
  publisher = await apiClient(db, police, ["registry.publish"], "户籍系统");
  reader = await apiClient(db, police, ["registry.read"], "共享平台");
  const member = await staffMember(db, "window_clerk", "330523");
  const session = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  staffCookie = `tb_session=${cookiesOf(session).tb_session}`;
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const call = (authorization: string | undefined, url = PROBE.registry, cookie?: string) =>
  t.app.inject({
    method: "GET",
    url,
    headers: { ...(authorization !== undefined ? { authorization } : {}), ...(cookie ? { cookie } : {}) },
  });

/** A token of the right shape for the client id given, with a secret of its own. */
const forged = (clientId: string) =>
  `tbc_${clientId.replaceAll("-", "")}_${randomBytes(32).toString("base64url")}`;

describe("a bearer token", () => {
  it("makes the request its client's, with the client's department, region and scopes", async () => {
    const response = await call(reader.headers.authorization);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ kind: "client", id: reader.id, departmentId: police });
  });

  it("is needed on a route for department systems: without one, 401", async () => {
    const response = await call(undefined);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe("unauthenticated");
  });

  it("without the scope a route needs is refused (403), though the client is known", async () => {
    const response = await call(publisher.headers.authorization);
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe("forbidden");
  });

  it.each([
    ["garbage", "Bearer garbage", /not a Tongban API client token/],
    ["the scheme alone", "Bearer", /not a Tongban API client token/],
    ["the scheme and blanks", "Bearer    ", /not a Tongban API client token/],
    ["a token cut short", () => `Bearer ${reader.token.slice(0, -1)}`, /not a Tongban API client token/],
    ["a session token", () => `Bearer ${staffCookie.split("=")[1]}`, /not a Tongban API client token/],
    ["a well-formed token of no client", () => `Bearer ${forged(randomUUID())}`, /not valid/],
    ["a wrong secret for a real client", () => `bearer ${forged(reader.id)}`, /not valid/],
  ])("is refused when it is %s: 401 problem+json saying what to fix", async (_what, header, detail) => {
    const response = await call(typeof header === "function" ? header() : header);
    expect(response.statusCode).toBe(401);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
    expect(response.json()).toMatchObject({ code: "unauthenticated", status: 401, detail });
  });

  it("is refused on public routes too, rather than taken for no token at all", async () => {
    const anonymous = await call(undefined, PROBE.whoami);
    expect(anonymous.json()).toEqual({ kind: "anonymous", id: null });
    expect((await call("Bearer garbage", PROBE.whoami)).statusCode).toBe(401);
    expect((await call("Bearer garbage", "/api/v1/regions/33")).statusCode).toBe(401);
  });

  it("stands alone: a session cookie beside it is never looked at", async () => {
    const both = await call(reader.headers.authorization, PROBE.whoami, staffCookie);
    expect(both.json()).toEqual({ kind: "client", id: reader.id });
    // A bad token with a good session cookie is still a bad token.
    const bad = await call(`Bearer ${forged(reader.id)}`, PROBE.whoami, staffCookie);
    expect(bad.statusCode).toBe(401);
    // Without the token the cookie counts as ever.
    expect((await call(undefined, PROBE.whoami, staffCookie)).json().kind).toBe("staff");
  });

  it("is not asked of other schemes: a proxy's Basic credentials are none of Tongban's", async () => {
    const basic = await call(`Basic ${Buffer.from("gateway:secret").toString("base64")}`, PROBE.whoami);
    expect(basic.statusCode).toBe(200);
    expect(basic.json().kind).toBe("anonymous");
  });

  it("lets a form post through without a CSRF token, which a cookie-only form post needs", async () => {
    const form = (headers: Record<string, string>) =>
      t.app.inject({
        method: "POST",
        url: PROBE.form,
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        payload: "record=1",
      });
    const byClient = await form(reader.headers);
    expect(byClient.statusCode, byClient.body).toBe(200);
    expect(byClient.json()).toEqual({ kind: "client", id: reader.id, body: { record: "1" } });
    const byCookie = await form({ cookie: staffCookie });
    expect(byCookie.statusCode).toBe(403);
    expect(byCookie.json().code).toBe("csrf_failed");
  });
});

describe("the last use of a client", () => {
  it("is written at most once a minute, however many requests come", async () => {
    const client = await apiClient(db(), police, ["registry.read"]);
    let clock = Date.parse("2026-07-01T02:00:00.000Z");
    const credentials = clientCredentials(db(), { ttlMs: 5_000, now: () => clock });
    const lastUsed = async () =>
      (
        await db()
          .selectFrom("api_clients")
          .select("last_used_at")
          .where("id", "=", client.id)
          .executeTakeFirstOrThrow()
      ).last_used_at?.toISOString();

    expect(await lastUsed()).toBeUndefined();
    await credentials.authenticate(client.token);
    expect(await lastUsed()).toBe("2026-07-01T02:00:00.000Z");
    clock += 30_000;
    for (let i = 0; i < 5; i++) await credentials.authenticate(client.token);
    expect(await lastUsed()).toBe("2026-07-01T02:00:00.000Z");
    // Another server (a cache of its own) that used the client within the minute writes nothing either.
    const other = clientCredentials(db(), { ttlMs: 5_000, now: () => clock });
    await other.authenticate(client.token);
    expect(await lastUsed()).toBe("2026-07-01T02:00:00.000Z");
    clock += LAST_USED_EVERY_MS;
    await credentials.authenticate(client.token);
    expect(await lastUsed()).toBe("2026-07-01T02:01:30.000Z");
  });
});

describe("what a server remembers of a client", () => {
  it("lasts a few seconds at most, and is forgotten at once when this server rotates the token", async () => {
    const client = await apiClient(db(), police, ["registry.read"]);
    let clock = Date.now();
    const credentials = clientCredentials(db(), { ttlMs: 5_000, now: () => clock });
    await credentials.authenticate(client.token);
    // Rotated elsewhere (another server, the command line): this server learns of it within ttlMs.
    const { token } = await rotateClient(db(), "operator", client.id);
    await expect(credentials.authenticate(client.token)).resolves.toMatchObject({ id: client.id });
    clock += 5_001;
    await expect(credentials.authenticate(client.token)).rejects.toThrow(/not valid/);
    await expect(credentials.authenticate(token)).resolves.toMatchObject({ id: client.id });

    // Rotated here: forgotten at once.
    const next = await rotateClient(db(), "operator", client.id);
    await expect(credentials.authenticate(token)).resolves.toMatchObject({ id: client.id });
    credentials.forget(client.id);
    await expect(credentials.authenticate(token)).rejects.toThrow(/not valid/);
    await expect(credentials.authenticate(next.token)).resolves.toMatchObject({ kind: "client" });
  });
});
