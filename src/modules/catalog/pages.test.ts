import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { PAGE_SIZE } from "./browse.ts";
import { publishItems, sampleContent } from "./testing.ts";

let t: TestApp;
const html = { accept: "text/html" };
const english = { ...html, cookie: "tb_lang=en" };
const get = (url: string, headers: Record<string, string> = html) => t.app.inject({ url, headers });

/** The text of the page's main element, tags dropped: what a reader sees, in order. */
const mainText = (body: string) =>
  (/<main[^>]*>([\s\S]*)<\/main>/.exec(body)?.[1] ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

beforeAll(async () => {
  t = await createTestApp();
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  await publishItems(db, [
    {
      content: sampleContent({
        name: { zh: "生育登记", en: "Birth registration" },
        line: "health",
        audience: ["person"],
        events: ["birth"],
        summary: {
          zh: "夫妻生育子女的，可以办理生育登记。",
          en: "Couples having a child may register the birth.",
        },
      }),
    },
    {
      content: sampleContent({
        name: { zh: "出生医学证明补发", en: "Reissue of a birth medical certificate" },
        line: "health",
        audience: ["person"],
        events: ["birth"],
        visits: 1,
        fullyOnline: false,
        channels: ["hall"],
      }),
    },
    {
      content: sampleContent({
        name: { zh: "企业设立登记", en: "Company registration" },
        audience: ["legal_person"],
        events: ["starting_business"],
      }),
    },
  ]);
  // One retired item: counted nowhere.
  const [retired] = await publishItems(db, [
    { content: sampleContent({ name: { zh: "已停办事项", en: "Retired service" }, events: ["birth"] }) },
  ]);
  await db
    .updateTable("catalog_item_versions")
    .set({ status: "retired", retired_at: new Date() })
    .where("item_id", "=", (eb) =>
      eb
        .selectFrom("catalog_items")
        .select("id")
        .where("code", "=", retired as string),
    )
    .execute();
});
afterAll(async () => {
  await t?.close();
});

describe("the catalogue's front page", () => {
  it("offers the search box and browsing by life event, audience and department, with counts (zh-CN)", async () => {
    const response = await get("/services");
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain("<h1>办事服务</h1>");
    expect(body).toMatch(/<form[^>]*action="\/services\/search"/);
    expect(body).toContain('<label for="q">搜索事项</label>');
    const text = mainText(body);
    expect(text).toContain("按人生事件 个人办事 生育出生 2 项");
    expect(text).toContain("企业办事 开办企业 1 项 按办事对象");
    expect(text).toContain("按办事对象 个人 2 项 法人和其他组织 1 项");
    expect(text).toContain("按部门 市场监督管理局 1 项 卫生健康局 2 项");
    expect(body).toContain('href="/services/events/birth"');
    expect(body).toContain('href="/services/departments/health"');
    expect(body).toContain('href="/services/audience/legal_person"');
    // Events with nothing published are not offered as empty links.
    expect(body).not.toContain('href="/services/events/death"');
    expect(body).not.toContain("<script");
  });

  it("is in English with the English words", async () => {
    const response = await get("/services", english);
    expect(response.statusCode).toBe(200);
    const text = mainText(response.body);
    expect(response.body).toContain('<html lang="en"');
    expect(text).toContain("By life event For individuals Having a baby 2 services");
    expect(text).toContain("Starting a business 1 service");
    expect(text).toContain("By department Administration for Market Regulation 1 service Health 2 services");
    expect(text).toContain("Individuals 2 services Enterprises and organisations 1 service");
  });

  it("is linked from the home page and from every page's header", async () => {
    const home = await get("/");
    expect(home.body).toMatch(/<nav class="nav"[\s\S]*<a href="\/services">办事服务<\/a>[\s\S]*<\/nav>/);
    expect(mainText(home.body)).toContain("办事服务");
    expect(home.body).toMatch(/<main[\s\S]*href="\/services"[\s\S]*<\/main>/);
    const regions = await get("/regions", english);
    expect(regions.body).toContain('<a href="/services">Services</a>');
  });
});

describe("the lists by event, department and audience", () => {
  it("lists the published items of a life event with summary, promised days and visits", async () => {
    const response = await get("/services/events/birth");
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain("<h1>生育出生</h1>");
    const text = mainText(body);
    expect(text).toContain("2 项");
    expect(text).toContain("生育登记 夫妻生育子女的，可以办理生育登记。 承诺 5 个工作日办结 零跑动 全程网办");
    expect(text).toContain("出生医学证明补发");
    expect(text).toContain("最多跑一次");
    expect(text).not.toContain("已停办事项");
    expect(body).toMatch(/<h2><a href="\/services\/330000-TEST-[0-9A-F]+">生育登记<\/a><\/h2>/);
    // The breadcrumb leads back to the front page's section.
    expect(body).toContain('href="/services#events"');
  });

  it("lists by department and by audience, in English too", async () => {
    const line = await get("/services/departments/health", english);
    expect(line.statusCode).toBe(200);
    expect(line.body).toContain("<h1>Health</h1>");
    expect(mainText(line.body)).toContain(
      "Birth registration Couples having a child may register the birth.",
    );
    expect(mainText(line.body)).toContain("Done within 5 working days No visit needed Fully online");

    const audience = await get("/services/audience/legal_person");
    expect(audience.statusCode).toBe(200);
    expect(audience.body).toContain("<h1>法人和其他组织</h1>");
    expect(mainText(audience.body)).toContain("企业设立登记");
    expect(mainText(audience.body)).not.toContain("生育登记");
  });

  it("says so when a known event has nothing published yet", async () => {
    const response = await get("/services/events/death");
    expect(response.statusCode).toBe(200);
    expect(mainText(response.body)).toContain("这里还没有已发布的事项");
  });

  it("answers an unknown event, department or audience with the friendly 404 page and a search box", async () => {
    for (const url of [
      "/services/events/wedding",
      "/services/departments/ministry_of_magic",
      "/services/audience/aliens",
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).toContain("<h1>没有找到</h1>");
      expect(response.body).toContain('action="/services/search"');
    }
    const english404 = await get("/services/events/wedding", english);
    expect(english404.body).toContain("There is no such service or category");
  });

  it("pages through a long list", async () => {
    const db = t.platform.database.db;
    await publishItems(
      db,
      Array.from({ length: PAGE_SIZE + 3 }, (_, i) => ({
        content: sampleContent({
          name: { zh: `养老服务补贴${String(i).padStart(2, "0")}`, en: `Elderly care allowance ${i}` },
          line: "civil_affairs",
          events: ["elderly_care"],
        }),
      })),
    );
    const first = await get("/services/events/elderly_care");
    expect(first.body.match(/<li><h2>/g)?.length).toBe(PAGE_SIZE);
    expect(mainText(first.body)).toContain("第 1 页，共 2 页");
    expect(first.body).toContain('href="/services/events/elderly_care?page=2" rel="next"');
    expect(first.body).toContain("养老服务补贴00");

    const second = await get("/services/events/elderly_care?page=2");
    expect(second.body.match(/<li><h2>/g)?.length).toBe(3);
    expect(second.body).toContain('href="/services/events/elderly_care" rel="prev"');
    expect(second.body).toContain("养老服务补贴22");

    const beyond = await get("/services/events/elderly_care?page=9");
    expect(beyond.statusCode).toBe(200);
    expect(mainText(beyond.body)).toContain("这一页没有事项了");
  });
});
