import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { type AuditInput, recordAudit } from "./service.ts";

let t: TestApp;
const people: Record<string, { id: string; username: string; cookie: string }> = {};
/** The last entry before the ones this file records: the accounts' creation and sign-ins come first. */
let base = 0;
/** After the setup's entries and before any search: the searches' own entries come later. */
let setUp = "";

async function person(name: string, role: Parameters<typeof staffMember>[1], jurisdiction: string) {
  const member = await staffMember(t.platform.database.db, role, jurisdiction);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  people[name] = { ...member, cookie: `tb_session=${cookiesOf(response).tb_session}` };
}

const record = (entry: AuditInput) =>
  t.platform.database.db.transaction().execute((tx) => recordAudit(tx, entry));

beforeAll(async () => {
  t = await createTestApp();
  await seedRegionSlice(t.platform.database.db);
  await person("anjiSupervisor", "supervisor", "330523");
  await person("anjiClerk", "window_clerk", "330523");
  await person("provinceSupervisor", "supervisor", "33");
  await person("changxingAdmin", "administrator", "330522");
  const clerk = people.anjiClerk?.id as string;
  const head = await t.platform.database.db
    .selectFrom("audit_head")
    .select("seq")
    .where("province_code", "=", "33")
    .executeTakeFirstOrThrow();
  base = Number(head.seq);
  await record({
    actorKind: "staff",
    actorId: clerk,
    action: "personal_data.read",
    personId: "person-anji",
    purpose: "核验申请人身份",
    caseId: "case-anji",
    regionCode: "330523001",
    details: { fields: ["name", "idNumber"] },
  });
  await record({
    actorKind: "staff",
    actorId: clerk,
    action: "case.accept",
    caseId: "case-anji",
    regionCode: "330523",
  });
  await record({
    actorKind: "staff",
    actorId: people.changxingAdmin?.id as string,
    action: "staff.role_grant",
    personId: "person-changxing",
    regionCode: "330522001",
  });
  await record({ actorKind: "system", action: "system.start" });
  await new Promise((resolve) => setTimeout(resolve, 5));
  setUp = encodeURIComponent(new Date().toISOString());
});
afterAll(() => t.close());

const get = (url: string, who?: string) =>
  t.app.inject({ url, ...(who ? { headers: { cookie: people[who]?.cookie as string } } : {}) });

const actions = async (url: string, who: string): Promise<string[]> => {
  const response = await get(url, who);
  expect(response.statusCode).toBe(200);
  return response
    .json()
    .items.filter((e: { seq: number; action: string }) => e.seq > base && e.action !== "audit.searched")
    .map((e: { action: string }) => e.action);
};

describe("who may search the audit trail", () => {
  it("asks an anonymous caller to sign in", async () => {
    const response = await get("/api/v1/audit");
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe("unauthenticated");
  });

  it("refuses a clerk", async () => {
    const response = await get("/api/v1/audit", "anjiClerk");
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe("forbidden");
  });

  it("shows a county supervisor the county's entries, newest first, and not the neighbouring county's", async () => {
    expect(await actions("/api/v1/audit", "anjiSupervisor")).toEqual(["case.accept", "personal_data.read"]);
    expect(await actions("/api/v1/audit?personId=person-changxing", "anjiSupervisor")).toEqual([]);
  });

  it("shows the province supervisor both counties, but no entry without a region", async () => {
    expect(await actions("/api/v1/audit", "provinceSupervisor")).toEqual([
      "staff.role_grant",
      "case.accept",
      "personal_data.read",
    ]);
    expect(await actions("/api/v1/audit", "changxingAdmin")).toEqual(["staff.role_grant"]);
  });

  it("presents an entry with who read what, for which case and why", async () => {
    const response = await get("/api/v1/audit?personId=person-anji", "anjiSupervisor");
    const [entry] = response.json().items;
    expect(entry).toMatchObject({
      seq: base + 1,
      actorKind: "staff",
      actorId: people.anjiClerk?.id,
      actorName: "Test window_clerk",
      action: "personal_data.read",
      personId: "person-anji",
      caseId: "case-anji",
      regionCode: "330523001",
      purpose: "核验申请人身份",
      details: { fields: ["name", "idNumber"] },
    });
    expect(new Date(entry.at).toISOString()).toBe(entry.at);
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(response.json().nextBefore).toBeNull();
  });
});

describe("searching the audit trail", () => {
  it("filters by staff member, case, action and time", async () => {
    const clerk = people.anjiClerk?.id as string;
    expect(await actions(`/api/v1/audit?actorId=${clerk}`, "provinceSupervisor")).toHaveLength(2);
    expect(await actions("/api/v1/audit?caseId=case-anji&action=case.accept", "provinceSupervisor")).toEqual([
      "case.accept",
    ]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(await actions(`/api/v1/audit?from=${encodeURIComponent(later)}`, "provinceSupervisor")).toEqual(
      [],
    );
    expect(await actions(`/api/v1/audit?to=${encodeURIComponent(later)}`, "provinceSupervisor")).toHaveLength(
      3,
    );
  });

  it("pages with limit and before", async () => {
    const first = (await get(`/api/v1/audit?limit=2&to=${setUp}`, "provinceSupervisor")).json();
    expect(first.items.map((e: { seq: number }) => e.seq)).toEqual([base + 3, base + 2]);
    expect(first.nextBefore).toBe(base + 2);
    const second = (
      await get(`/api/v1/audit?limit=2&to=${setUp}&before=${first.nextBefore}`, "provinceSupervisor")
    ).json();
    // The page after holds this file's first entry, then the accounts' own events before it.
    expect(second.items.map((e: { seq: number }) => e.seq)).toEqual([base + 1, base]);
    expect(second.nextBefore).toBe(base);
  });

  it("refuses a cursor no entry number can reach, instead of failing in the database (the fuzz found it)", async () => {
    const response = await get("/api/v1/audit?before=100000000000000000000", "provinceSupervisor");
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe("/querystring/before");
  });

  it("puts every search on the trail itself, in the searcher's jurisdiction, for the audit administrator", async () => {
    await get("/api/v1/audit?action=case.accept", "anjiSupervisor");
    await person("anjiAuditor", "audit_admin", "330523");
    const seen = (await get("/api/v1/audit?action=audit.searched", "anjiAuditor")).json().items;
    expect(seen[0]).toMatchObject({
      actorId: people.anjiSupervisor?.id,
      regionCode: "330523",
      details: { filters: { action: "case.accept" } },
    });
  });

  it("says which query fields are wrong", async () => {
    for (const query of ["limit=201", "from=yesterday", "before=0", "action=Sign%20In"]) {
      const response = await get(`/api/v1/audit?${query}`, "anjiSupervisor");
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code).toBe("validation_failed");
    }
    const backwards = await get(
      "/api/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      "anjiSupervisor",
    );
    expect(backwards.statusCode).toBe(400);
  });
});

describe("the audit page", () => {
  it("sends strangers to sign in and refuses clerks", async () => {
    const anonymous = await get("/audit?caseId=case-anji");
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe("/signin?next=%2Faudit%3FcaseId%3Dcase-anji");
    expect((await get("/audit", "anjiClerk")).statusCode).toBe(403);
  });

  it("lists the supervisor's jurisdiction, newest first, and pages on", async () => {
    const response = await get("/audit", "anjiSupervisor");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("核验申请人身份");
    expect(response.body).toContain("case.accept");
    expect(response.body).not.toContain("person-changxing");
    expect(response.body).not.toContain("<script");
    const filtered = await get("/audit?action=case.accept", "provinceSupervisor");
    expect(filtered.body).toContain("case.accept");
    expect(filtered.body).not.toContain("staff.role_grant");
  });

  it("names every wrong search field, in the reader's language", async () => {
    const response = await t.app.inject({
      url: "/audit?from=2026-02-30&to=tomorrow&action=Sign%20In",
      headers: { cookie: `${people.anjiSupervisor?.cookie}; tb_lang=en` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("The search has a problem");
    expect(response.body).toContain('href="#audit-from"');
    expect(response.body).toContain('href="#audit-to"');
    expect(response.body).toContain('href="#audit-action"');
    expect(response.body).toContain('aria-invalid="true"');
  });

  it("searches by day in China Standard Time", async () => {
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
    const found = await get(`/audit?from=${today}&to=${today}`, "anjiSupervisor");
    expect(found.body).toContain("case.accept");
    const none = await get("/audit?to=2020-01-01", "anjiSupervisor");
    expect(none.statusCode).toBe(200);
    expect(none.body).not.toContain("case.accept");
  });
});
