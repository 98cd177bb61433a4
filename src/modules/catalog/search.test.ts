import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice, staffMember } from "../../../test/factories.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Actor } from "../../platform/policy.ts";
import { type Group, toTsquery } from "./analyse.ts";
import type { ItemContent } from "./content.ts";
import * as offeringStore from "./offerings-store.ts";
import { type SearchQuery, searchCatalog } from "./search.ts";
import * as searchStore from "./search-store.ts";
import { publishDraft, retireItem, saveDraft } from "./service.ts";
import * as store from "./store.ts";
import { publishItems, sampleContent } from "./testing.ts";

let t: TestApp;
let db: Db;
const code: Record<string, string> = {};

const text = (zh: string, en: string) => ({ zh, en });

/** A complete guide for a test item: a name, and whatever else the test is about. */
const guide = (zh: string, en: string, overrides: Partial<ItemContent> = {}) =>
  sampleContent({ name: text(zh, en), keywords: [], summary: text(`${zh}。`, `${en}.`), ...overrides });

const inPerson: Partial<ItemContent> = { visits: 1, fullyOnline: false, channels: ["hall", "village_point"] };

const search = (query: Partial<SearchQuery>) => searchCatalog(db, { limit: 20, offset: 0, ...query });
const codes = async (query: Partial<SearchQuery>) => (await search(query)).hits.map((h) => h.code);
const first = async (textTyped: string) => (await codes({ text: textTyped }))[0];

async function publish(
  key: string,
  content: ItemContent,
  offerings: Parameters<typeof publishItems>[1][number]["offerings"] = [],
) {
  const [published] = await publishItems(db, [{ content, offerings }]);
  code[key] = published as string;
}

beforeAll(async () => {
  t = await createTestApp({ env: { REQUIRE_STAFF_MFA: "false", RATE_LIMIT_PER_MINUTE: "100000" } });
  db = t.platform.database.db;
  await seedRegionSlice(db);
  const market = await department(db, "330523", "market_regulation");
  const civil = await department(db, "330523", "civil_affairs");
  const civilElsewhere = await department(db, "330522", "civil_affairs");
  const office = await department(db, "330523", "general_office");

  await publish(
    "enterprise",
    guide("企业设立登记", "Enterprise establishment registration", {
      audience: ["legal_person"],
      events: ["starting_business"],
      keywords: ["营业执照", "注册公司"],
      summary: text(
        "企业办理设立登记，领取营业执照。",
        "Register a company and receive its business licence.",
      ),
    }),
    [{ regionCode: "330523", departmentId: market, hallName: "安吉县行政服务中心" }],
  );
  await publish(
    "soleTrader",
    guide("个体工商户设立登记", "Sole trader registration", {
      audience: ["person"],
      keywords: ["个体执照"],
      summary: text("个体经营者办理登记，领取个体工商户营业执照。", "Register as a sole trader."),
    }),
  );
  await publish("food", sampleContent({ keywords: ["餐饮"] }));
  await publish(
    "subsistence",
    guide("最低生活保障金申领", "Minimum living allowance", {
      ...inPerson,
      line: "civil_affairs",
      audience: ["person"],
      events: ["social_assistance"],
      levels: ["county", "township"],
    }),
    [
      { regionCode: "330523001201", departmentId: civil, hallName: "古城村便民服务站" },
      { regionCode: "330523", departmentId: civil, hallName: "安吉县民政局" },
      { regionCode: "330522", departmentId: civilElsewhere, hallName: "长兴县民政局" },
    ],
  );
  await publish(
    "elderly",
    guide("高龄津贴发放", "Old-age allowance", {
      ...inPerson,
      line: "civil_affairs",
      audience: ["person"],
      events: ["elderly_care"],
      levels: ["township"],
    }),
    [{ regionCode: "330523001002", departmentId: civil, hallName: "苕秀社区便民服务站" }],
  );
  await publish(
    "disclosure",
    guide("政府信息公开申请", "Government information disclosure request", {
      line: "general_office",
      audience: ["person", "legal_person"],
      events: ["information"],
      levels: ["province", "city", "county"],
      channels: ["online", "hall"],
    }),
    [{ regionCode: "330523", departmentId: office }],
  );
  // Withdrawn where it was offered: near-me searches must not count it.
  const disclosureId = (await store.findItem(db, code.disclosure as string))?.id as string;
  const [offering] = await offeringStore.listOfferings(db, disclosureId);
  if (!offering) throw new Error("no offering");
  await offeringStore.updateOffering(db, offering.id, { ...offering, status: "withdrawn" }, new Date());
});
afterAll(() => t.close());

describe("finding an item the way people type it", () => {
  it("finds the business licence by its Chinese name, a colloquial synonym, initials and pinyin", async () => {
    for (const typed of [
      "营业执照",
      "开公司",
      "yyzz",
      "YYZZ",
      "yingye",
      "ying ye zhi zhao",
      "yíng yè",
      "我要开公司怎么办理",
    ])
      expect(await first(typed), typed).toBe(code.enterprise);
  });

  it("finds the minimum living allowance by 低保", async () => {
    expect(await first("低保")).toBe(code.subsistence);
    expect((await search({ text: "低保" })).terms).toEqual(["低保", "最低生活保障"]);
  });

  it("finds words inside longer words, and by the name's own pinyin", async () => {
    // 执照 is in both licences' keywords (营业执照, 个体执照): both come first, either way round.
    expect((await codes({ text: "执照" })).slice(0, 2).sort()).toEqual(
      [code.enterprise, code.soleTrader].sort(),
    );
    expect(await first("gaoling")).toBe(code.elderly);
    expect(await first("gljt")).toBe(code.elderly);
    expect(await first("信息公开")).toBe(code.disclosure);
    expect(await first("sole trader")).toBe(code.soleTrader);
  });

  it("falls back to items with some of the words when none has them all, and says so", async () => {
    const strict = await search({ text: "高龄津贴" });
    expect(strict.relaxed).toBe(false);
    const loose = await search({ text: "安吉县高龄津贴" });
    expect(loose.relaxed).toBe(true);
    expect(loose.hits[0]?.code).toBe(code.elderly);
  });

  it("finds nothing for words no item has", async () => {
    expect(await search({ text: "潜水艇" })).toMatchObject({ hits: [], total: 0 });
    expect(await search({ text: "qzxv" })).toMatchObject({ hits: [], total: 0 });
  });
});

describe("ranking", () => {
  beforeAll(async () => {
    // The same unusual word (茶园, tea garden) in a name, a keyword, a summary and a material.
    const material = sampleContent().materials[0] as ItemContent["materials"][number];
    await publish(
      "byMaterial",
      guide("农业经营主体备案", "Farm business filing", {
        materials: [{ ...material, name: text("茶园承包合同", "Tea garden lease") }],
      }),
    );
    await publish(
      "bySummary",
      guide("农产品产地证明", "Produce origin certificate", {
        summary: text("为本县茶园出具产地证明。", "Origin certificates for the county's tea gardens."),
      }),
    );
    await publish(
      "byKeyword",
      guide("农村土地经营权流转备案", "Rural land transfer filing", { keywords: ["茶园"] }),
    );
    await publish("byName", guide("茶园流转备案", "Tea garden transfer filing"));
  });

  it("puts name matches above keyword matches above summary and material matches", async () => {
    const found = await search({ text: "茶园" });
    const [byName, byKeyword, ...rest] = found.hits;
    expect([byName?.code, byKeyword?.code]).toEqual([code.byName, code.byKeyword]);
    expect(rest.map((h) => h.code)).toEqual([code.bySummary, code.byMaterial].sort());
    expect(found.hits.map((h) => Math.floor(h.score))).toEqual([3, 2, 1, 1]);
  });

  it("breaks ties by item code, the same on every page", async () => {
    await publishItems(db, [
      { code: "330000-TIE-B", content: guide("林权登记", "Forest right registration") },
      { code: "330000-TIE-A", content: guide("林权登记", "Forest right registration") },
      { code: "330000-TIE-C", content: guide("林权登记", "Forest right registration") },
    ]);
    const all = await codes({ text: "林权登记" });
    expect(all).toEqual(["330000-TIE-A", "330000-TIE-B", "330000-TIE-C"]);
    expect(await codes({ text: "林权登记" })).toEqual(all);
    const pages = [
      ...(await codes({ text: "林权登记", limit: 2 })),
      ...(await codes({ text: "林权登记", limit: 2, offset: 2 })),
    ];
    expect(pages).toEqual(all);
    expect((await search({ text: "林权登记", limit: 1, offset: 5 })).total).toBe(3);
  });
});

describe("paging", () => {
  const pageBy = async (query: Partial<SearchQuery>, size: number) => {
    const all: string[] = [];
    for (let offset = 0; offset < 40; offset += size)
      all.push(...(await codes({ ...query, limit: size, offset })));
    return all;
  };

  it("pages through the ranked tiers and the rest without losing or repeating an item", async () => {
    const whole = await codes({ text: "茶园", limit: 50 });
    expect(await pageBy({ text: "茶园" }, 1)).toEqual(whole);
    expect(await pageBy({ text: "茶园" }, 3)).toEqual(whole);
    const listed = await codes({ line: "market_regulation", limit: 50 });
    expect(listed.length).toBeGreaterThan(5);
    expect(await pageBy({ line: "market_regulation" }, 4)).toEqual(listed);
  });

  it("counts up to a cap, and past it pages the rest by code just the same", async () => {
    const all = { limit: 50, offset: 0 };
    const everything = await searchStore.search(db, undefined, {}, all);
    expect(everything.capped).toBe(false);
    for (const cap of [1, 2, 5]) {
      const capped = await searchStore.search(db, undefined, {}, all, cap);
      expect(capped).toMatchObject({ total: cap, capped: true });
      expect(capped.items.map((i) => i.code)).toEqual(everything.items.map((i) => i.code));
      const page = await searchStore.search(db, undefined, {}, { limit: 3, offset: 4 }, cap);
      expect(page.items.map((i) => i.code)).toEqual(everything.items.slice(4, 7).map((i) => i.code));
    }
    // 许可 is in most names here and in the materials of the rest: both tiers, capped or not.
    const words: Group[] = [[[[["许可"]]]]];
    const licence = { query: toTsquery(words), nameQuery: toTsquery(words, "A"), exact: [] };
    const whole = await searchStore.search(db, licence, {}, all);
    const capped = await searchStore.search(db, licence, {}, all, 3);
    expect(capped).toMatchObject({ total: 3, capped: true });
    expect(capped.items.map((i) => i.code)).toEqual(whole.items.map((i) => i.code));
  });
});

describe("filters", () => {
  const main = () => [
    code.enterprise,
    code.soleTrader,
    code.food,
    code.subsistence,
    code.elderly,
    code.disclosure,
  ];
  const among = async (query: Partial<SearchQuery>) =>
    (await codes({ ...query, limit: 50 })).filter((c) => main().includes(c)).sort();
  const sorted = (...keys: string[]) => keys.map((k) => code[k]).sort();

  it("narrows by each filter", async () => {
    expect(await among({ line: "civil_affairs" })).toEqual(sorted("subsistence", "elderly"));
    expect(await among({ event: "social_assistance" })).toEqual(sorted("subsistence"));
    expect(await among({ audience: "legal_person" })).toEqual(sorted("enterprise", "food", "disclosure"));
    expect(await among({ level: "township" })).toEqual(sorted("subsistence", "elderly"));
    expect(await among({ channel: "village_point" })).toEqual(sorted("subsistence", "elderly"));
    expect(await among({ zeroVisit: true })).toEqual(
      sorted("enterprise", "soleTrader", "food", "disclosure"),
    );
  });

  it("combines filters, and filters with words", async () => {
    expect(await among({ line: "civil_affairs", event: "elderly_care" })).toEqual(sorted("elderly"));
    expect(await among({ audience: "person", zeroVisit: true, line: "market_regulation" })).toEqual(
      sorted("soleTrader", "food"),
    );
    expect(await codes({ text: "营业执照", audience: "person" })).not.toContain(code.enterprise);
    expect(await codes({ text: "低保", line: "market_regulation" })).toEqual([]);
  });

  it("lists items by code when only filters are given", async () => {
    const found = await search({ line: "civil_affairs" });
    expect(found.total).toBe(2);
    expect(found.terms).toEqual([]);
    expect(found.hits.map((h) => h.code)).toEqual(sorted("subsistence", "elderly"));
    expect(found.hits.every((h) => h.score === 0)).toBe(true);
  });
});

describe("near me", () => {
  it("keeps items offered in the village or a region above it, with where to go nearest first", async () => {
    const found = await search({ regionCode: "330523001201", limit: 50 });
    expect(found.hits.map((h) => h.code).sort()).toEqual([code.enterprise, code.subsistence].sort());
    const subsistence = found.hits.find((h) => h.code === code.subsistence);
    expect(subsistence?.nearby?.map((o) => [o.regionCode, o.hallName])).toEqual([
      ["330523001201", "古城村便民服务站"],
      ["330523", "安吉县民政局"],
    ]);
    expect(subsistence?.nearby?.[0]).toMatchObject({
      regionName: "古城村委会",
      departmentName: expect.stringContaining("民政局"),
    });
  });

  it("leaves out a sibling village's offering and a withdrawn one", async () => {
    const next = await codes({ regionCode: "330523001002", limit: 50 });
    expect(next.sort()).toEqual([code.enterprise, code.subsistence, code.elderly].sort());
    expect(await codes({ regionCode: "330523", text: "信息公开" })).toEqual([]);
    expect(await first("信息公开")).toBe(code.disclosure);
  });

  it("combines with words: 低保 near 古城村", async () => {
    const found = await search({ text: "低保", regionCode: "330523001201" });
    expect(found.hits.map((h) => h.code)).toEqual([code.subsistence]);
    expect(await codes({ text: "低保", regionCode: "330522001" })).toEqual([code.subsistence]);
    expect(await codes({ text: "高龄津贴", regionCode: "330522001" })).toEqual([]);
  });

  it("answers 404 for a region that does not exist", async () => {
    await expect(search({ regionCode: "330523001999" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("keeping the index in step with the catalogue", () => {
  let manager: Actor;
  beforeAll(async () => {
    const member = await staffMember(db, "catalog_manager", "33");
    manager = {
      kind: "staff",
      id: member.id,
      username: member.username,
      displayName: "Test",
      grants: [{ role: "catalog_manager", departmentId: await department(db, "33"), jurisdictionCode: "33" }],
    };
  });

  it("reindexes a new version, never shows a draft, and drops a retired item", async () => {
    await publishItems(db, [{ code: "330000-REIDX-1", content: guide("渔业捕捞许可", "Fishing licence") }]);
    expect(await first("渔业捕捞")).toBe("330000-REIDX-1");

    await saveDraft(db, manager, "330000-REIDX-1", guide("水产养殖证核发", "Aquaculture certificate"));
    expect(await codes({ text: "水产养殖" })).toEqual([]);
    expect(await first("渔业捕捞")).toBe("330000-REIDX-1");

    await publishDraft(db, manager, "330000-REIDX-1");
    expect(await codes({ text: "渔业捕捞" })).toEqual([]);
    const found = await search({ text: "水产养殖" });
    expect(found.hits.map((h) => [h.code, h.version, h.name.zh])).toEqual([
      ["330000-REIDX-1", 2, "水产养殖证核发"],
    ]);

    await publishItems(db, [
      { code: "330000-REIDX-1", content: guide("水域滩涂养殖证", "Aquaculture certificate") },
    ]);
    expect(await codes({ text: "水产" })).toEqual([]);
    expect(await first("滩涂")).toBe("330000-REIDX-1");

    await retireItem(db, manager, "330000-REIDX-1", "并入其他事项");
    expect(await codes({ text: "滩涂" })).toEqual([]);
    expect(await codes({ text: "", line: "market_regulation", limit: 50 })).not.toContain("330000-REIDX-1");
  });

  it("never indexes an item that was only drafted", async () => {
    const { createItem } = await import("./service.ts");
    await createItem(db, manager, {
      code: "330000-DRAFT-1",
      ownerRegionCode: "33",
      content: guide("娱乐场所经营许可", "Entertainment venue licence"),
    });
    expect(await codes({ text: "娱乐场所" })).toEqual([]);
  });
});

describe("the search API", () => {
  const get = (query: string) => t.app.inject({ method: "GET", url: `/api/v1/catalog/search?${query}` });

  it("answers anyone, with the hits and the words searched for", async () => {
    const response = await get(`q=${encodeURIComponent("开公司")}&limit=5`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.hits[0]).toMatchObject({
      code: code.enterprise,
      name: { zh: "企业设立登记" },
      line: "market_regulation",
    });
    expect(body.terms).toEqual(["开公司", "企业设立", "营业执照"]);
    expect(body.relaxed).toBe(false);
  });

  it("refuses a search text over 100 characters with a 400 naming the limit", async () => {
    const response = await get(`q=${"a".repeat(10_000)}`);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe("validation_failed");
    expect(body.errors).toEqual([{ field: "/querystring/q", message: expect.stringContaining("100") }]);
    const chinese = await get(`q=${encodeURIComponent("营".repeat(101))}`);
    expect(chinese.statusCode).toBe(400);
    expect((await get(`q=${encodeURIComponent("营".repeat(100))}`)).statusCode).toBe(200);
  });

  it("finds nothing for SQL and markup, and breaks nothing", async () => {
    for (const typed of [
      "' or 1=1 --",
      "'; drop table catalog_items; --",
      "<script>alert(1)</script>",
      "1' union select * from staff --",
    ]) {
      const response = await get(`q=${encodeURIComponent(typed)}`);
      expect(response.statusCode, typed).toBe(200);
      expect(response.json(), typed).toMatchObject({ hits: [], total: 0 });
    }
    expect((await get("")).json().total).toBeGreaterThan(5);
    const count = await db
      .selectFrom("catalog_items")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    expect(Number(count?.n)).toBeGreaterThan(5);
  });

  it("never fails on what tsquery would take for operators", async () => {
    for (const typed of [
      "&",
      "|",
      "!",
      ":",
      "*",
      "(",
      ")",
      "营业执照 & !低保",
      "营业:*",
      "(开公司 | 低保)",
      "'",
      "\\",
      "!!!",
      "a:*B",
      "<->",
      "营业 <-> 执照",
    ]) {
      const response = await get(`q=${encodeURIComponent(typed)}`);
      expect(response.statusCode, typed).toBe(200);
    }
    expect((await get(`q=${encodeURIComponent("!!!")}`)).json()).toMatchObject({ hits: [], total: 0 });
    expect((await get(`q=${encodeURIComponent("(营业执照)")}`)).json().hits[0].code).toBe(code.enterprise);
  });

  it("answers 404 for an unknown region and 400 for a malformed one", async () => {
    expect((await get("region=330523001999")).statusCode).toBe(404);
    expect((await get("region=12345")).statusCode).toBe(400);
    const near = await get("region=330523001201&q=%E4%BD%8E%E4%BF%9D");
    expect(near.json().hits[0].nearby[0]).toMatchObject({
      regionCode: "330523001201",
      hallName: "古城村便民服务站",
    });
  });

  it("checks its filters and limits", async () => {
    expect((await get("event=party")).statusCode).toBe(400);
    expect((await get("limit=51")).statusCode).toBe(400);
    expect((await get("zeroVisit=true&line=civil_affairs")).json().total).toBe(0);
  });
});
