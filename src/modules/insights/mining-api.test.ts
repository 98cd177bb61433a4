import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { applyOnline, CASE_TEST_ENV, call, staffOf } from "../cases/testing.ts";
import { type MiningWorld, miningWorld } from "./mining-testing.ts";

let t: TestApp;
let m: MiningWorld;
const PERIOD = "from=2026-03-01&to=2026-03-31";

beforeAll(async () => {
  t = await createTestApp({ env: CASE_TEST_ENV });
  m = await miningWorld(t);
}, 120_000);
afterAll(() => t.close());

const map = (query: string, who = m.supervisor) => call(t, who, "GET", `/api/v1/insights/process?${query}`);
const whatIf = (body: object, who = m.supervisor) => call(t, who, "POST", "/api/v1/insights/what-if", body);

describe("GET /api/v1/insights/process", () => {
  it("answers the map of the newest version with cases", async () => {
    const response = await map(`item=${m.w.itemCode}&${PERIOD}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      item: { code: m.w.itemCode, version: 1 },
      region: { code: "330523" },
      period: { from: "2026-03-01", to: "2026-03-31" },
      cases: 5,
      rework: { supplementShare: 0.2 },
    });
  });

  it("answers 404 for an unknown item, version or a region outside the reader's jurisdiction", async () => {
    const unknownItem = await map(`item=NO-SUCH-ITEM&${PERIOD}`);
    expect(unknownItem.statusCode).toBe(404);
    expect(unknownItem.headers["content-type"]).toContain("application/problem+json");
    expect((await map(`item=${m.w.itemCode}&version=9&${PERIOD}`)).statusCode).toBe(404);
    expect((await map(`item=${m.w.itemCode}&region=330522&${PERIOD}`)).statusCode).toBe(404);
    expect((await map(`item=${m.w.itemCode}&region=11`)).statusCode).toBe(404);
  });

  it("answers 400 for a period that ends before it starts, or bad days", async () => {
    const backwards = await map(`item=${m.w.itemCode}&from=2026-03-31&to=2026-03-01`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors).toEqual([{ field: "/query/to", message: "is before from" }]);
    expect((await map(`item=${m.w.itemCode}&from=2026-02-30`)).statusCode).toBe(400);
    expect((await map(`item=${m.w.itemCode}&from=2016-01-01&to=2026-01-01`)).statusCode).toBe(400);
    expect((await map("")).statusCode).toBe(400);
  });

  it("is for the insight roles only", async () => {
    expect(
      (await call(t, undefined, "GET", `/api/v1/insights/process?item=${m.w.itemCode}`)).statusCode,
    ).toBe(401);
    expect((await map(`item=${m.w.itemCode}`, m.health)).statusCode).toBe(403);
  });
});

describe("POST /api/v1/insights/what-if", () => {
  const base = () => ({ item: m.w.itemCode, from: "2026-03-01", to: "2026-03-31" });

  it("explains, with no numbers, why there is no estimate", async () => {
    const response = await whatIf({ ...base(), changes: [{ kind: "parallel", stages: ["check", "joint"] }] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      estimate: null,
      reason: "too_few_cases",
      casesUsed: 4,
      minimumCases: 30,
      explanation: { en: expect.stringContaining("fewer than the 30 needed") },
    });
    const none = await whatIf({
      ...base(),
      from: "2025-03-01",
      to: "2025-03-31",
      changes: [{ kind: "remove", step: "joint.health" }],
    });
    expect(none.json()).toMatchObject({ estimate: null, reason: "no_history" });
  });

  it("answers 400 naming the steps for a step that does not exist, and for stages apart", async () => {
    const unknown = await whatIf({ ...base(), changes: [{ kind: "remove", step: "joint.fire" }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].message).toContain("joint.market, joint.health");
    const apart = await whatIf({ ...base(), changes: [{ kind: "parallel", stages: ["intake", "joint"] }] });
    expect(apart.statusCode).toBe(400);
    expect(apart.json().errors[0]).toMatchObject({ field: "/changes/0/stages" });
    // The definitions' own rules: a process without intake is no process.
    const noIntake = await whatIf({ ...base(), changes: [{ kind: "remove", step: "intake" }] });
    expect(noIntake.statusCode).toBe(400);
    expect(noIntake.json().errors[0].message).toContain("intake");
    expect((await whatIf({ ...base(), changes: [] })).statusCode).toBe(400);
    expect(
      (await whatIf({ ...base(), changes: [{ kind: "budget", step: "check", days: -1 }] })).statusCode,
    ).toBe(400);
    expect(
      (await whatIf({ ...base(), item: "NO-SUCH-ITEM", changes: [{ kind: "remove", step: "check" }] }))
        .statusCode,
    ).toBe(404);
  });
});

describe("POST /api/v1/insights/what-if/drafts", () => {
  it("saves a draft for the catalogue manager, listed beside the versions, published through the usual save", async () => {
    const body = { item: m.w.itemCode, changes: [{ kind: "parallel", stages: ["check", "joint"] }] };
    expect((await call(t, m.supervisor, "POST", "/api/v1/insights/what-if/drafts", body)).statusCode).toBe(
      403,
    );
    const saved = await call(t, m.manager, "POST", "/api/v1/insights/what-if/drafts", body);
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ version: 2, status: "draft" });
    const listed = await call(
      t,
      m.manager,
      "GET",
      `/api/v1/catalog/items/${m.w.itemCode}/process-definitions`,
    );
    const versions = listed.json() as { version: number; status: string; definition: unknown }[];
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [2, "draft"],
      [1, "published"],
    ]);
    const before = await applyOnline(m.w);
    const planOf = async (caseId: string) =>
      (
        await t.platform.database.db
          .selectFrom("cases")
          .select("plan")
          .where("id", "=", caseId)
          .executeTakeFirstOrThrow()
      ).plan as { definitionVersion: number };
    expect((await planOf(before.caseId)).definitionVersion).toBe(1);
    const published = await call(
      t,
      m.manager,
      "POST",
      `/api/v1/catalog/items/${m.w.itemCode}/process-definitions`,
      versions[0]?.definition as object,
    );
    expect(published.json()).toMatchObject({ version: 3 });
    const after = await applyOnline(m.w);
    expect((await planOf(after.caseId)).definitionVersion).toBe(3);
  });

  it("refuses a draft that breaks the definitions' rules, and a region outside the manager's reach", async () => {
    const bad = await call(t, m.manager, "POST", "/api/v1/insights/what-if/drafts", {
      item: m.w.itemCode,
      version: 1,
      changes: [{ kind: "remove", step: "decision" }],
    });
    expect(bad.statusCode).toBe(400);
    const elsewhere = await staffOf(t, "catalog_manager", { jurisdiction: "330522", region: "330522" });
    const outside = await call(t, elsewhere, "POST", "/api/v1/insights/what-if/drafts", {
      item: m.w.itemCode,
      region: "330523",
      version: 1,
      changes: [{ kind: "remove", step: "joint.health" }],
    });
    expect(outside.statusCode).toBe(404);
  });
});
