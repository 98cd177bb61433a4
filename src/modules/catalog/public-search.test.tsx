import { renderToString } from "preact-render-to-string";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { translator } from "../../platform/i18n/index.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { SearchPage, type SearchView } from "./public-search.tsx";
import type { SearchHit } from "./search.ts";
import { publishItems, sampleContent } from "./testing.ts";

let t: TestApp;
const html = { accept: "text/html" };
const english = { ...html, cookie: "tb_lang=en" };
const get = (url: string, headers: Record<string, string> = html) => t.app.inject({ url, headers });
const search = (params: Record<string, string>, headers: Record<string, string> = html) =>
  get(`/services/search?${new URLSearchParams(params)}`, headers);
const textOf = (fragment: string) => fragment.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const mainText = (body: string) => textOf(/<main[^>]*>([\s\S]*)<\/main>/.exec(body)?.[1] ?? "");
const VILLAGE = "330523001201";
let birth: string;
let company: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  const anji = await department(db, "330523", "market_regulation");
  const codes = await publishItems(db, [
    {
      content: sampleContent({
        name: { zh: "生育登记", en: "Birth registration" },
        line: "health",
        audience: ["person"],
        events: ["birth"],
      }),
    },
    {
      content: sampleContent({ name: { zh: "企业设立登记", en: "Company registration" } }),
      offerings: [{ regionCode: "330523", departmentId: anji, hallName: "安吉县行政服务中心" }],
    },
    { content: sampleContent() },
  ]);
  [birth, company] = codes as [string, string];
});
afterAll(async () => {
  await t?.close();
});

describe("searching the catalogue", () => {
  it("finds published items by what was typed and links to their guides (zh-CN)", async () => {
    const response = await search({ q: "登记" });
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain("<h1>“登记”的搜索结果</h1>");
    expect(mainText(body)).toContain("找到 2 项");
    expect(body).toContain(`<h3><a href="/services/${birth}">生育登记</a></h3>`);
    expect(mainText(body)).toContain("企业设立登记");
    expect(body).not.toContain(">食品经营许可</a>");
    expect(body).toContain('value="登记"');
    expect(body).toContain("<title>“登记”的搜索结果 · 通办</title>");
    expect(body).not.toContain("<script");
  });

  it("is in English", async () => {
    const response = await search({ q: "登记" }, english);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("<h1>Results for “登记”</h1>");
    expect(mainText(response.body)).toContain("2 found");
    expect(mainText(response.body)).toContain("Birth registration");
    expect(response.body).toContain('<label for="q">Search for a service</label>');
  });

  it("never reflects HTML or script typed into the search raw", async () => {
    for (const q of ['<script>alert("x")</script>', '" onfocus="alert(1)', "<img src=x onerror=alert(1)>"]) {
      const response = await search({ q });
      expect(response.statusCode, q).toBe(200);
      expect(response.body, q).not.toContain(q);
      expect(response.body).not.toContain("<script");
      expect(response.body).not.toMatch(/<img src=x/);
      expect(response.body).not.toMatch(/\sonfocus="alert/);
    }
    expect((await search({ q: "<b>登记</b>" })).body).toContain("&lt;b>登记&lt;/b>");
  });

  it("answers a search text over 100 characters with the page and a clear message, not an error", async () => {
    const long = "营业执照".repeat(2_500);
    const response = await search({ q: long });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toContain("text/html");
    const body = response.body;
    expect(body).toContain("<h1>搜索事项</h1>");
    expect(body).toMatch(
      /<div class="error-summary" role="alert"[\s\S]*<a href="#q">搜索内容太长（10000 个字），最多 100 个字。/,
    );
    expect(body).toMatch(
      /<input type="search" id="q" name="q" value="(营业执照){25}" maxlength="100"[^>]*aria-invalid="true"/,
    );
    expect(body).not.toContain("找到");
    const en = await search({ q: "x".repeat(101) }, english);
    expect(en.statusCode).toBe(400);
    expect(mainText(en.body)).toContain("Your search is too long (101 characters; at most 100).");
    // Exactly 100 is searched.
    expect((await search({ q: "y".repeat(100) })).statusCode).toBe(200);
  });

  it("gives advice when nothing is found, with a way to drop the filters", async () => {
    const response = await search({ q: "宇宙飞船驾驶证", channel: "mobile" });
    expect(response.statusCode).toBe(200);
    const text = mainText(response.body);
    expect(text).toContain("没有找到符合条件的事项。 可以这样试试：");
    expect(text).toContain("拨打 12345 政务服务便民热线咨询。");
    expect(response.body).toContain(
      `<a href="/services/search?q=${encodeURIComponent("宇宙飞船驾驶证")}">去掉所有筛选条件再搜</a>`,
    );
    expect(response.body).toContain('<a href="/services">按人生事件或部门浏览</a>');
  });

  it("filters by department with a plain GET form, and remembers every choice in the address", async () => {
    const response = await search({
      line: "health",
      event: "birth",
      audience: "person",
      level: "county",
      channel: "online",
      zeroVisit: "1",
    });
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(mainText(body)).toContain("生育登记");
    expect(mainText(body)).not.toContain("企业设立登记");
    expect(body).toMatch(/<form class="search-box" method="get" action="\/services\/search">/);
    // Results came, so the other filters fold away, saying how many are chosen.
    expect(body).toMatch(/<details><summary>更多筛选条件 （已选 6 项）<\/summary>/);
    for (const [name, value] of [
      ["line", "health"],
      ["event", "birth"],
      ["audience", "person"],
      ["level", "county"],
      ["channel", "online"],
    ]) {
      expect(body).toContain(`<label for="f-${name}">`);
      expect(body).toMatch(
        new RegExp(`<select id="f-${name}" name="${name}">[\\s\\S]*?<option value="${value}" selected>`),
      );
    }
    expect(body).toContain('<input type="checkbox" id="f-zeroVisit" name="zeroVisit" value="1" checked/>');
    expect(body).toMatch(/<optgroup label="个人办事"><option value="birth" selected>生育出生<\/option>/);
  });

  it("leaves out a filter it does not know, and says so", async () => {
    const response = await search({ q: "登记", line: "ministry_of_magic", event: "moon_landing" });
    expect(response.statusCode).toBe(200);
    expect(mainText(response.body)).toContain("网址中有无法识别的筛选条件，已忽略。");
    expect(mainText(response.body)).toContain("找到 2 项");
  });

  it("offers 'near me' as a choice of township then village, kept in the links to the guides", async () => {
    const start = await search({ q: "登记" });
    expect(start.body).toMatch(
      /<select id="near" name="near"[^>]*><option value>不限地点<\/option><optgroup label="安吉县"/,
    );
    const near = await search({ q: "登记", near: VILLAGE });
    const body = near.body;
    expect(body).toMatch(/<option value="330523001201" selected[^>]*>古城村委会<\/option>/);
    expect(mainText(body)).toContain("已选地点： 安吉县 › 递铺街道 › 古城村委会");
    // Offered near the village: where, and the guide's link keeps the place.
    expect(body).toContain(`href="/services/${company}?near=330523001201"`);
    expect(body).toContain(`href="/services/search?q=${encodeURIComponent("登记")}&amp;near=330523"`);
    const unknown = await search({ q: "登记", near: "999999999999" });
    expect(mainText(unknown.body)).toContain("没有找到您选择的地点，请重新选择。");
  });

  it("shows the search page alone when nothing was asked", async () => {
    const response = await get("/services/search");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("<h1>搜索事项</h1>");
    expect(response.body).not.toContain("没有找到符合条件的事项");
  });
});

describe("the search results as rendered", () => {
  const ctx: PageContext = {
    t: translator("zh-CN"),
    locale: "zh-CN",
    elder: false,
    actor: ANONYMOUS,
    path: "/services/search",
    csrfToken: undefined,
  };
  const hit: SearchHit = {
    itemId: "00000000-0000-0000-0000-000000000001",
    code: "330000-SCJG-0001",
    version: 1,
    name: { zh: "食品经营许可", en: "Food business licence" },
    summary: { zh: "在本县从事食品销售和餐饮服务。", en: "Selling food." },
    line: "market_regulation",
    type: "licence",
    audience: ["person"],
    events: ["operating"],
    channels: ["online"],
    visits: 0,
    fullyOnline: true,
    promisedDays: 5,
    statutoryDays: 10,
    score: 1,
    nearby: [
      {
        offeringId: "o1",
        regionCode: VILLAGE,
        regionName: "古城村委会",
        departmentName: "安吉县政务服务中心",
        departmentNameEn: "Government Service Centre, 安吉县",
        hallName: "古城村便民服务站",
      },
    ],
  };
  const view = (over: Partial<SearchView> = {}): SearchView => ({
    q: "开饭店",
    filters: {},
    ignored: false,
    result: { hits: [hit], total: 41, terms: ["开饭店", "食品经营", "餐饮"] },
    page: 2,
    pages: 3,
    choice: { path: [], chosen: undefined, unknown: false, groups: [], up: undefined },
    ...over,
  });

  it("names the other terms searched for, where each can be applied for nearby, and pages on", () => {
    const body = renderToString(<SearchPage ctx={ctx} view={view()} />);
    expect(textOf(body)).toContain("同时搜索了： 食品经营、餐饮");
    expect(textOf(body)).toContain("附近可办： 古城村便民服务站");
    expect(textOf(body)).toContain("找到 41 项");
    expect(body).toContain('href="/services/search?q=%E5%BC%80%E9%A5%AD%E5%BA%97" rel="prev"');
    expect(body).toContain('href="/services/search?q=%E5%BC%80%E9%A5%AD%E5%BA%97&amp;page=3" rel="next"');
    expect(textOf(body)).toContain("第 2 页，共 3 页");
  });

  it("says nothing of other terms when only what was typed was searched", () => {
    const body = renderToString(
      <SearchPage ctx={ctx} view={view({ result: { hits: [hit], total: 1, terms: ["开饭店"] } })} />,
    );
    expect(body).not.toContain("同时搜索了");
  });
});
