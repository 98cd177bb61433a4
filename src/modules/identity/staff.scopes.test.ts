import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";

let t: TestApp;
const people: Record<string, { id: string; username: string; cookie: string }> = {};

async function person(name: string, role: Parameters<typeof staffMember>[1], jurisdiction: string) {
  const member = await staffMember(t.platform.database.db, role, jurisdiction);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  people[name] = { ...member, cookie: `tb_session=${cookiesOf(response).tb_session}` };
}

beforeAll(async () => {
  t = await createTestApp();
  await seedRegionSlice(t.platform.database.db);
  await person("anjiAdmin", "administrator", "330523");
  await person("anjiClerk", "window_clerk", "330523");
  await person("dipuClerk", "window_clerk", "330523001");
  await person("changxingClerk", "window_clerk", "330522");
  await person("provinceAdmin", "administrator", "33");
});
afterAll(() => t.close());

const get = (url: string, who?: string) =>
  t.app.inject({ url, ...(who ? { headers: { cookie: people[who]?.cookie as string } } : {}) });

describe("who may see staff", () => {
  it("lets a county administrator list the staff of the county, and no one outside it", async () => {
    const response = await get("/api/v1/staff", "anjiAdmin");
    expect(response.statusCode).toBe(200);
    const usernames = response.json().items.map((s: { username: string }) => s.username);
    expect(usernames).toEqual(
      expect.arrayContaining([
        people.anjiAdmin?.username,
        people.anjiClerk?.username,
        people.dipuClerk?.username,
      ]),
    );
    expect(usernames).not.toContain(people.changxingClerk?.username);
    expect(usernames).not.toContain(people.provinceAdmin?.username);
  });

  it("answers 404 for a staff member outside the administrator's jurisdiction", async () => {
    expect((await get(`/api/v1/staff/${people.dipuClerk?.id}`, "anjiAdmin")).statusCode).toBe(200);
    const outside = await get(`/api/v1/staff/${people.changxingClerk?.id}`, "anjiAdmin");
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe("not_found");
    // Exactly as for someone who does not exist at all.
    const missing = await get("/api/v1/staff/00000000-0000-4000-8000-000000000000", "anjiAdmin");
    expect(missing.statusCode).toBe(404);
  });

  it("lets the province administrator see everyone in the province", async () => {
    expect((await get(`/api/v1/staff/${people.changxingClerk?.id}`, "provinceAdmin")).statusCode).toBe(200);
    expect((await get(`/api/v1/staff/${people.anjiAdmin?.id}`, "provinceAdmin")).statusCode).toBe(200);
  });

  it("refuses a clerk the staff list, but shows the clerk their own record", async () => {
    expect((await get("/api/v1/staff", "anjiClerk")).statusCode).toBe(403);
    expect((await get(`/api/v1/staff/${people.anjiClerk?.id}`, "anjiClerk")).statusCode).toBe(200);
    expect((await get(`/api/v1/staff/${people.dipuClerk?.id}`, "anjiClerk")).statusCode).toBe(404);
  });

  it("asks an anonymous caller to sign in", async () => {
    expect((await get("/api/v1/staff")).statusCode).toBe(401);
    expect((await get("/api/v1/me")).statusCode).toBe(401);
    expect((await get(`/api/v1/staff/${people.anjiClerk?.id}`)).statusCode).toBe(401);
  });

  it("refuses an id that is not a uuid with 400, not a database error", async () => {
    const response = await get("/api/v1/staff/1;drop table staff", "anjiAdmin");
    expect(response.statusCode).toBe(400);
  });

  it("ends a session at once on sign-out, even with the session cache on", async () => {
    await person("leaving", "window_clerk", "330523");
    const cookie = people.leaving?.cookie as string;
    expect((await t.app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(200);
    await t.app.inject({ method: "DELETE", url: "/api/v1/session", headers: { cookie } });
    expect((await t.app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(401);
  });
});
