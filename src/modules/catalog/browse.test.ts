import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import type { Db } from "../../platform/db/database.ts";
import { browseItems, catalogueCounts, placeChoice } from "./browse.ts";
import { publishItems, sampleContent } from "./testing.ts";

let testDb: TestDatabase;
let db: Db;

const MORE_COUNTIES = [
  { code: "330502", name: "吴兴区" },
  { code: "330503", name: "南浔区" },
  { code: "330521", name: "德清县" },
];

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.handle.db;
  await seedRegionSlice(db);
});
afterAll(async () => {
  await testDb?.close();
});

describe("the place a reader lives, chosen one level at a time", () => {
  it("offers nothing to choose before anything is offered in a county", async () => {
    expect(await placeChoice(db, undefined)).toEqual({
      path: [],
      chosen: undefined,
      unknown: false,
      groups: [],
      up: undefined,
    });
  });

  it("starts from the townships of each county served, then a township's villages, then a village's neighbours", async () => {
    await publishItems(db, [
      {
        content: sampleContent(),
        offerings: [
          { regionCode: "330523", departmentId: await department(db, "330523", "market_regulation") },
          { regionCode: "330522001", departmentId: await department(db, "330522", "market_regulation") },
        ],
      },
    ]);
    const start = await placeChoice(db, undefined);
    expect(start.groups).toEqual([
      { region: { code: "330522", name: "长兴县" }, options: [{ code: "330522001", name: "雉城街道" }] },
      { region: { code: "330523", name: "安吉县" }, options: [{ code: "330523001", name: "递铺街道" }] },
    ]);

    const township = await placeChoice(db, "330523001");
    expect(township).toEqual({
      path: [
        { code: "330523", name: "安吉县" },
        { code: "330523001", name: "递铺街道" },
      ],
      chosen: "330523001",
      unknown: false,
      groups: [
        {
          region: { code: "330523001", name: "递铺街道" },
          options: [
            { code: "330523001002", name: "苕秀社区居委会" },
            { code: "330523001201", name: "古城村委会" },
          ],
        },
      ],
      up: "330523",
    });

    const village = await placeChoice(db, "330523001201");
    expect(village.chosen).toBe("330523001201");
    expect(village.path.map((p) => p.name)).toEqual(["安吉县", "递铺街道", "古城村委会"]);
    expect(village.groups).toEqual(township.groups);
    expect(village.up).toBe("330523");

    const county = await placeChoice(db, "330523");
    expect(county.groups[0]?.options).toEqual([{ code: "330523001", name: "递铺街道" }]);
    expect(county.up).toBe("");
  });

  it("says a place that does not exist is unknown, and starts over", async () => {
    for (const near of ["330523001999", "not-a-code"]) {
      const choice = await placeChoice(db, near);
      expect(choice.unknown).toBe(true);
      expect(choice.chosen).toBeUndefined();
      expect(choice.groups.length).toBeGreaterThan(0);
    }
  });

  it("asks for the county first when more than four counties are served", async () => {
    await db
      .insertInto("regions")
      .values(MORE_COUNTIES.map((c) => ({ ...c, parent_code: "3305", level: 3, urban_rural: null })))
      .execute();
    for (const c of MORE_COUNTIES) {
      await publishItems(db, [
        {
          content: sampleContent(),
          offerings: [
            { regionCode: c.code, departmentId: await department(db, c.code, "market_regulation") },
          ],
        },
      ]);
    }
    const start = await placeChoice(db, undefined);
    expect(start.groups).toEqual([
      {
        region: null,
        options: [
          { code: "330502", name: "吴兴区" },
          { code: "330503", name: "南浔区" },
          { code: "330521", name: "德清县" },
          { code: "330522", name: "长兴县" },
          { code: "330523", name: "安吉县" },
        ],
      },
    ]);
  });
});

describe("browsing", () => {
  it("counts and lists only what is published, an unknown category being not found", async () => {
    const counts = await catalogueCounts(db);
    expect(counts.total).toBe(4);
    expect(counts.byLine.get("market_regulation")).toBe(4);
    expect(counts.byEvent.get("starting_business")).toBe(4);
    expect(counts.byAudience.get("person")).toBe(4);
    const page = await browseItems(db, { kind: "line", value: "market_regulation" }, 1, "zh-CN");
    expect(page).toMatchObject({ total: 4, page: 1, pages: 1 });
    expect(page.items[0]).toMatchObject({
      name: { zh: "食品经营许可", en: "Food business licence" },
      promisedDays: 5,
      visits: 0,
      fullyOnline: true,
    });
    await expect(browseItems(db, { kind: "event", value: "wedding" }, 1, "zh-CN")).rejects.toMatchObject({
      status: 404,
    });
  });
});
