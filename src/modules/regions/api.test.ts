import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedRegionSlice(t.platform.database.db);
  await department(t.platform.database.db, "330523");
  await department(t.platform.database.db, "33");
});
afterAll(() => t.close());

const json = async (url: string) => {
  const response = await t.app.inject(url);
  return { status: response.statusCode, body: response.json() };
};

describe("the region tree API", () => {
  it("lists the provinces at the root", async () => {
    const { body } = await json("/api/v1/regions");
    expect(body.items).toEqual([
      { code: "33", name: "浙江省", level: 1, parentCode: null, urbanRural: null, childCount: 1 },
    ]);
  });

  it("lists children with their counts, down to villages with their urban or rural class", async () => {
    const county = await json("/api/v1/regions/3305/children");
    expect(county.body.items.map((r: { code: string }) => r.code)).toEqual(["330522", "330523"]);
    const villages = await json("/api/v1/regions/330523001/children");
    expect(villages.body.items).toEqual([
      expect.objectContaining({ code: "330523001002", level: 5, urbanRural: "urban", childCount: 0 }),
      expect.objectContaining({ code: "330523001201", level: 5, urbanRural: "rural", childCount: 0 }),
    ]);
  });

  it("gives one region and its ancestors, province first", async () => {
    expect((await json("/api/v1/regions/330523001201")).body).toMatchObject({
      name: "古城村委会",
      parentCode: "330523001",
    });
    const { body } = await json("/api/v1/regions/330523001201/ancestors");
    expect(body.items.map((r: { name: string }) => r.name)).toEqual([
      "浙江省",
      "湖州市",
      "安吉县",
      "递铺街道",
    ]);
  });

  it("finds by name and by code prefix, shallow levels first, within a subtree when asked", async () => {
    const byName = await json(`/api/v1/regions/search?q=${encodeURIComponent("街道")}`);
    expect(byName.body.items.map((r: { code: string }) => r.code)).toEqual(["330522001", "330523001"]);
    const within = await json(`/api/v1/regions/search?q=${encodeURIComponent("街道")}&within=330523`);
    expect(within.body.items.map((r: { code: string }) => r.code)).toEqual(["330523001"]);
    const byCode = await json("/api/v1/regions/search?q=3305230012");
    expect(byCode.body.items.map((r: { code: string }) => r.code)).toEqual(["330523001201"]);
    const wildcard = await json(`/api/v1/regions/search?q=${encodeURIComponent("%")}`);
    expect(wildcard.body.items).toEqual([]);
  });

  it("answers 404 for a well-formed code that does not exist, 400 for a malformed one", async () => {
    expect((await json("/api/v1/regions/990000")).status).toBe(404);
    expect((await json("/api/v1/regions/990000/children")).status).toBe(404);
    expect((await json("/api/v1/regions/12345")).status).toBe(400);
    expect((await json("/api/v1/regions/abc/ancestors")).status).toBe(400);
  });
});

describe("departments", () => {
  it("lists a county's departments by line and finds the province counterpart", async () => {
    const { body } = await json("/api/v1/departments?region=330523");
    const market = body.items.find((d: { line: string }) => d.line === "market_regulation");
    expect(market.name).toBe("安吉县市场监督管理局");
    const up = await json(`/api/v1/departments/${market.id}/counterparts`);
    expect(up.body.items.map((d: { name: string }) => d.name)).toEqual(["浙江省市场监督管理局"]);
    const civil = body.items.find((d: { line: string }) => d.line === "civil_affairs");
    const civilUp = await json(`/api/v1/departments/${civil.id}/counterparts`);
    expect(civilUp.body.items.map((d: { name: string }) => d.name)).toEqual(["浙江省民政厅"]);
  });

  it("answers 404 for an unknown department and 400 for a bad region code", async () => {
    expect((await json("/api/v1/departments/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await json("/api/v1/departments?region=x")).status).toBe(400);
  });
});

describe("the region pages", () => {
  it("browses from the provinces down to a village, with a breadcrumb", async () => {
    expect((await t.app.inject("/regions")).body).toContain('href="/regions/33"');
    const village = await t.app.inject("/regions/330523001201");
    expect(village.statusCode).toBe(200);
    expect(village.body).toContain('<span aria-current="page">古城村委会</span>');
    expect(village.body).toContain('href="/regions/330523"');
    expect(village.body).toContain("乡村（村委会）");
    const county = await t.app.inject({ url: "/regions/330523", headers: { cookie: "tb_lang=en" } });
    expect(county.body).toContain("Government Service Centre, 安吉县");
  });

  it("searches from the page and says so when nothing matches", async () => {
    const found = await t.app.inject(`/regions?q=${encodeURIComponent("古城")}`);
    expect(found.body).toContain('href="/regions/330523001201"');
    const none = await t.app.inject(`/regions?q=${encodeURIComponent("不存在的地方")}`);
    expect(none.body).toContain("没有找到匹配的区划");
  });

  it("answers a missing region page with a friendly 404", async () => {
    const response = await t.app.inject({ url: "/regions/990000", headers: { accept: "text/html" } });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("text/html");
  });
});
