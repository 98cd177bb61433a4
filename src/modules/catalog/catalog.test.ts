import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { signedInStaff } from "../calendar/testing.ts";
import type { DraftContent } from "./content.ts";
import { registerOpenCaseCounter } from "./guards.ts";
import { itemCode, sampleContent } from "./testing.ts";

let t: TestApp;
type Who = { cookie: string } | undefined;
let manager: Who;
let countyManager: Who;
let otherCountyManager: Who;
let clerk: Who;

/** API clients send JSON, even an empty object where an action takes no input (no CSRF token needed then). */
const call = (who: Who, method: "GET" | "POST" | "PUT" | "PATCH", url: string, payload?: object) =>
  t.app.inject({
    method,
    url,
    ...(who ? { headers: { cookie: who.cookie } } : {}),
    ...(payload || method === "POST" ? { payload: payload ?? {} } : {}),
  });

const body = (response: LightMyRequestResponse) => response.json();
const fieldsOf = (response: LightMyRequestResponse) =>
  (body(response).errors as { field: string; message: string }[]).map((f) => f.field);

async function newItem(content: DraftContent = sampleContent(), code = itemCode()) {
  const response = await call(manager, "POST", "/api/v1/catalog/items", {
    code,
    ownerRegionCode: "33",
    content,
  });
  expect(response.statusCode, response.body).toBe(201);
  return code;
}

async function published(content: DraftContent = sampleContent()) {
  const code = await newItem(content);
  const response = await call(manager, "POST", `/api/v1/catalog/items/${code}/publish`);
  expect(response.statusCode, response.body).toBe(200);
  return code;
}

async function auditActions(subjectKind: string) {
  const rows = await t.platform.database.db
    .selectFrom("audit_log")
    .select("action")
    .where("subject_kind", "=", subjectKind)
    .orderBy("seq")
    .execute();
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  t = await createTestApp({ env: { REQUIRE_STAFF_MFA: "false", RATE_LIMIT_PER_MINUTE: "100000" } });
  await seedRegionSlice(t.platform.database.db);
  manager = await signedInStaff(t, "catalog_manager", "33");
  countyManager = await signedInStaff(t, "catalog_manager", "330523");
  otherCountyManager = await signedInStaff(t, "catalog_manager", "330522");
  clerk = await signedInStaff(t, "window_clerk", "330523");
});
afterAll(() => t.close());

describe("items and their versions", () => {
  it("starts an item with a first draft that the public cannot read", async () => {
    const code = await newItem();
    const detail = body(await call(manager, "GET", `/api/v1/catalog/items/${code}`));
    expect(detail.current).toBeNull();
    expect(detail.draft).toMatchObject({
      version: 1,
      status: "draft",
      content: { name: { zh: "食品经营许可" } },
    });
    expect((await call(undefined, "GET", `/api/v1/catalog/guides/${code}`)).statusCode).toBe(404);
    expect((await call(undefined, "GET", `/api/v1/catalog/items/${code}/versions/1`)).statusCode).toBe(401);
    expect((await call(clerk, "GET", `/api/v1/catalog/items/${code}/versions/1`)).statusCode).toBe(404);
    expect(await auditActions("catalog_item")).toContain("catalog.item_create");
  });

  it("lets only catalogue managers of the defining province keep items", async () => {
    const payload = { code: itemCode(), ownerRegionCode: "33", content: sampleContent() };
    expect((await call(undefined, "POST", "/api/v1/catalog/items", payload)).statusCode).toBe(401);
    expect((await call(clerk, "POST", "/api/v1/catalog/items", payload)).statusCode).toBe(403);
    // A county's manager implements items; the province defines them.
    expect((await call(countyManager, "POST", "/api/v1/catalog/items", payload)).statusCode).toBe(403);
    const code = await newItem();
    expect((await call(countyManager, "POST", `/api/v1/catalog/items/${code}/publish`)).statusCode).toBe(403);
    expect((await call(clerk, "GET", "/api/v1/catalog/items")).statusCode).toBe(403);
  });

  it("lets one of two managers creating the same code at once win; the other gets 409", async () => {
    const payload = { code: itemCode(), ownerRegionCode: "33", content: sampleContent() };
    const answers = await Promise.all([
      call(manager, "POST", "/api/v1/catalog/items", payload),
      call(manager, "POST", "/api/v1/catalog/items", payload),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
  });

  it("refuses a code taken already (409) and a malformed one (400)", async () => {
    const code = await newItem();
    const again = await call(manager, "POST", "/api/v1/catalog/items", {
      code,
      ownerRegionCode: "33",
      content: sampleContent(),
    });
    expect(again.statusCode).toBe(409);
    expect(body(again).code).toBe("catalog_item_exists");
    const bad = await call(manager, "POST", "/api/v1/catalog/items", {
      code: "bad code; drop",
      ownerRegionCode: "3305",
      content: sampleContent(),
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(["/code", "/ownerRegionCode"]));
  });

  it("refuses a promise beyond the statute and an invalid form, all at once, saving nothing", async () => {
    const code = itemCode();
    const content = sampleContent({
      statutoryDays: 5,
      promisedDays: 8,
      form: { schema: { type: "object", properties: { a: { type: "strnig", title: "甲" } } } },
    });
    const response = await call(manager, "POST", "/api/v1/catalog/items", {
      code,
      ownerRegionCode: "33",
      content,
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(
      expect.arrayContaining(["/promisedDays", "/form/schema/properties/a"]),
    );
    expect((await call(manager, "GET", `/api/v1/catalog/items/${code}`)).statusCode).toBe(404);
  });

  it("checks the form with Ajv: unknown keywords, bad required lists, pages naming no field", async () => {
    const base = sampleContent().form;
    const cases: [DraftContent["form"], string][] = [
      [{ schema: { ...base.schema, requird: ["shopName"] } }, "/form/schema"],
      [{ schema: { ...base.schema, required: "shopName" } }, "/form/schema"],
      [{ schema: { type: "array", items: {} } }, "/form/schema"],
      [
        { schema: base.schema, ui: { pages: [{ title: { zh: "一", en: "One" }, fields: ["nope"] }] } },
        "/form/ui/pages/0/fields/0",
      ],
      [
        { schema: { type: "object", properties: { deep: { type: "object", title: "嵌套" } } } },
        "/form/schema/properties/deep",
      ],
    ];
    for (const [form, field] of cases) {
      const response = await call(manager, "POST", "/api/v1/catalog/items", {
        code: itemCode(),
        ownerRegionCode: "33",
        content: sampleContent({ form: form as DraftContent["form"] & object }),
      });
      expect(response.statusCode, JSON.stringify(form)).toBe(400);
      expect(fieldsOf(response)).toContain(field);
    }
  });

  it("publishes only a complete draft, naming every missing part at once", async () => {
    const { summary: _s, legalBasis: _l, steps: _st, ...partial } = sampleContent();
    const code = await newItem({ ...partial, name: { zh: "半成品事项", en: "" } });
    const response = await call(manager, "POST", `/api/v1/catalog/items/${code}/publish`);
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(
      expect.arrayContaining(["/summary", "/legalBasis", "/steps", "/name/en"]),
    );
    const detail = body(await call(manager, "GET", `/api/v1/catalog/items/${code}`));
    expect(detail.current).toBeNull();
    expect(detail.draft.status).toBe("draft");
  });

  it("publishes a new version without changing the one cases began on, and compares them", async () => {
    const code = await published();
    const renamed = sampleContent({
      name: { zh: "食品经营许可（新办）", en: "Food business licence (new)" },
      statutoryDays: 8,
    });
    expect(
      (await call(manager, "PUT", `/api/v1/catalog/items/${code}/draft`, { content: renamed })).statusCode,
    ).toBe(200);
    // The public still reads version 1 while version 2 is a draft.
    expect(body(await call(undefined, "GET", `/api/v1/catalog/guides/${code}`)).version).toBe(1);
    const publish = await call(manager, "POST", `/api/v1/catalog/items/${code}/publish`);
    expect(publish.statusCode, publish.body).toBe(200);
    const after = body(publish);
    expect(after.current).toMatchObject({ version: 2, status: "published" });
    expect(after.versions.map((v: { status: string }) => v.status)).toEqual(["published", "superseded"]);

    const first = body(await call(undefined, "GET", `/api/v1/catalog/items/${code}/versions/1`));
    expect(first).toMatchObject({
      status: "superseded",
      content: { name: { zh: "食品经营许可" }, statutoryDays: 10 },
    });
    const guide = body(await call(undefined, "GET", `/api/v1/catalog/guides/${code}`));
    expect(guide).toMatchObject({ version: 2, retired: false, content: { statutoryDays: 8 } });

    const compare = body(await call(undefined, "GET", `/api/v1/catalog/items/${code}/compare?from=1&to=2`));
    expect(compare.changes).toEqual(
      expect.arrayContaining([
        { path: "/name/zh", kind: "changed", before: "食品经营许可", after: "食品经营许可（新办）" },
        { path: "/statutoryDays", kind: "changed", before: 10, after: 8 },
      ]),
    );
    expect(compare.changes).toHaveLength(3);
    expect(await auditActions("catalog_item")).toEqual(
      expect.arrayContaining(["catalog.publish", "catalog.draft_save"]),
    );
  });

  it("answers 409 with what is allowed when there is no draft to publish", async () => {
    const code = await published();
    const response = await call(manager, "POST", `/api/v1/catalog/items/${code}/publish`);
    expect(response.statusCode).toBe(409);
    expect(body(response)).toMatchObject({ code: "catalog_no_draft", allowed: ["edit", "retire"] });
  });

  it("refuses to retire an item with open cases (409), and retires it once they are closed", async () => {
    const code = await published();
    const id = body(await call(manager, "GET", `/api/v1/catalog/items/${code}`)).id as string;
    const unregister = registerOpenCaseCounter(async (_db, itemId) => (itemId === id ? 2 : 0));
    try {
      const refused = await call(manager, "POST", `/api/v1/catalog/items/${code}/retire`, {
        reason: "合并到新事项",
      });
      expect(refused.statusCode).toBe(409);
      expect(body(refused)).toMatchObject({ code: "catalog_open_cases" });
      expect(body(refused).detail ?? body(refused).title).toBeTruthy();
      expect(body(await call(undefined, "GET", `/api/v1/catalog/guides/${code}`)).retired).toBe(false);
    } finally {
      unregister();
    }
    const blank = await call(manager, "POST", `/api/v1/catalog/items/${code}/retire`, { reason: "  " });
    expect(blank.statusCode).toBe(400);
    const retired = await call(manager, "POST", `/api/v1/catalog/items/${code}/retire`, {
      reason: "合并到新事项",
    });
    expect(retired.statusCode).toBe(200);
    expect(body(await call(undefined, "GET", `/api/v1/catalog/guides/${code}`)).retired).toBe(true);
    const edit = await call(manager, "PUT", `/api/v1/catalog/items/${code}/draft`, {
      content: sampleContent(),
    });
    expect(edit.statusCode).toBe(409);
    expect(body(edit).code).toBe("catalog_retired");
    expect(await auditActions("catalog_item")).toContain("catalog.retire");
  });
});

describe("offerings", () => {
  let code: string;
  let market: string;
  let civil: string;

  beforeAll(async () => {
    const db = t.platform.database.db;
    code = await published(sampleContent({ fee: { fen: 0, varies: false } }));
    market = await department(db, "330523", "market_regulation");
    civil = await department(db, "330523", "civil_affairs");
  });

  const offer = (who: Who, payload: object) =>
    call(who, "POST", `/api/v1/catalog/items/${code}/offerings`, payload);

  it("lets a county's catalogue manager offer the item with a local promise and hall", async () => {
    const response = await offer(countyManager, {
      regionCode: "330523",
      departmentId: market,
      promisedDays: 3,
      hallName: "安吉县政务服务中心",
      hallAddress: "递铺街道天荒坪北路",
      hours: "周一至周五 8:30–17:00",
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(body(response)).toMatchObject({ regionName: "安吉县", promisedDays: 3, status: "active" });
    expect(await auditActions("catalog_offering")).toContain("catalog.offering_create");
    const twice = await offer(countyManager, { regionCode: "330523", departmentId: market });
    expect(twice.statusCode).toBe(409);
    expect(body(twice).code).toBe("offering_exists");
  });

  it("refuses an offering that contradicts its item, naming each difference", async () => {
    const response = await offer(countyManager, {
      regionCode: "330523",
      departmentId: civil,
      promisedDays: 12,
      feeFen: 500,
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(["/departmentId", "/promisedDays", "/feeFen"]));
    const township = await offer(countyManager, { regionCode: "330523001", departmentId: market });
    expect(township.statusCode).toBe(400);
    expect(fieldsOf(township)).toContain("/regionCode");
  });

  it("keeps offerings to the managers of their region", async () => {
    expect((await offer(otherCountyManager, { regionCode: "330523", departmentId: market })).statusCode).toBe(
      403,
    );
    expect((await offer(clerk, { regionCode: "330523", departmentId: market })).statusCode).toBe(403);
    expect((await offer(undefined, { regionCode: "330523", departmentId: market })).statusCode).toBe(401);
  });

  it("finds where someone living in a village can apply, and forgets withdrawn offerings", async () => {
    const near = (region: string) =>
      call(undefined, "GET", `/api/v1/catalog/guides/${code}/offerings?region=${region}`);
    const village = body(await near("330523001201")).items as { id: string; regionCode: string }[];
    expect(village.map((o) => o.regionCode)).toEqual(["330523"]);
    expect(body(await near("330522001")).items).toEqual([]);

    const id = village[0]?.id as string;
    const withdrawn = await call(otherCountyManager, "PATCH", `/api/v1/catalog/offerings/${id}`, {
      status: "withdrawn",
    });
    expect(withdrawn.statusCode).toBe(403);
    const ok = await call(countyManager, "PATCH", `/api/v1/catalog/offerings/${id}`, { status: "withdrawn" });
    expect(ok.statusCode).toBe(200);
    expect(body(await near("330523001201")).items).toEqual([]);
    const all = body(await call(countyManager, "GET", `/api/v1/catalog/items/${code}/offerings`)).items;
    expect(all).toHaveLength(1);
    const restored = await call(countyManager, "PATCH", `/api/v1/catalog/offerings/${id}`, {
      status: "active",
    });
    // What the patch left out is kept.
    expect(body(restored)).toMatchObject({
      status: "active",
      promisedDays: 3,
      hallName: "安吉县政务服务中心",
    });
  });

  it("refuses to publish a version that its offerings would contradict", async () => {
    const content = sampleContent({
      statutoryDays: 2,
      promisedDays: 2,
      steps: sampleContent().steps.slice(0, 1),
    });
    const saved = await call(manager, "PUT", `/api/v1/catalog/items/${code}/draft`, { content });
    expect(saved.statusCode, saved.body).toBe(200);
    const response = await call(manager, "POST", `/api/v1/catalog/items/${code}/publish`);
    expect(response.statusCode).toBe(409);
    expect(body(response).code).toBe("offering_contradicts");
    expect(body(await call(undefined, "GET", `/api/v1/catalog/guides/${code}`)).content.statutoryDays).toBe(
      10,
    );
  });
});

describe("an offering of a retired item", () => {
  it("can always be withdrawn, and never restored", async () => {
    const db = t.platform.database.db;
    const code = await published();
    const created = await call(countyManager, "POST", `/api/v1/catalog/items/${code}/offerings`, {
      regionCode: "330523",
      departmentId: await department(db, "330523", "government_service"),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = body(created).id as string;
    expect(
      (await call(manager, "POST", `/api/v1/catalog/items/${code}/retire`, { reason: "停止实施" }))
        .statusCode,
    ).toBe(200);
    const withdrawn = await call(countyManager, "PATCH", `/api/v1/catalog/offerings/${id}`, {
      status: "withdrawn",
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const restored = await call(countyManager, "PATCH", `/api/v1/catalog/offerings/${id}`, {
      status: "active",
    });
    expect(restored.statusCode).toBe(409);
    expect(body(restored).code).toBe("catalog_retired");
  });
});
