import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { assetUrl } from "../../web/assets.ts";
import { fullGuideContent } from "./public-fixtures.ts";
import { publishItems, sampleContent } from "./testing.ts";

let t: TestApp;
let full: string;
let feeItem: string;
let hallOnly: string;
let retired: string;
const html = { accept: "text/html" };
const english = { ...html, cookie: "tb_lang=en" };
const get = (url: string, headers: Record<string, string> = html) => t.app.inject({ url, headers });
const VILLAGE = "330523001201";

const textOf = (fragment: string) => fragment.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const mainText = (body: string) => textOf(/<main[^>]*>([\s\S]*)<\/main>/.exec(body)?.[1] ?? "");
/** The section of the page from one heading to the next of the same level. */
const section = (body: string, heading: string) => {
  const start = body.indexOf(heading);
  const level = /<h(\d)/.exec(body.slice(body.lastIndexOf("<h", start)))?.[1] ?? "2";
  const end = body.indexOf(`<h${level}`, start + heading.length);
  return body.slice(start, end < 0 ? undefined : end);
};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  const anji = await department(db, "330523", "market_regulation");
  const anjiService = await department(db, "330523", "government_service");
  const changxing = await department(db, "330522", "market_regulation");
  [full] = (await publishItems(db, [
    {
      content: fullGuideContent(),
      offerings: [
        {
          regionCode: "330523",
          departmentId: anji,
          promisedDays: 3,
          hallName: "安吉县行政服务中心",
          hallAddress: "安吉县递铺街道天目路 1 号",
          hours: "周一至周五 8:30–12:00，13:30–17:00",
          phone: "0572-5123456",
        },
        { regionCode: "330523001", departmentId: anjiService, hallName: "递铺街道便民服务中心" },
        {
          regionCode: VILLAGE,
          departmentId: anjiService,
          hallName: "古城村便民服务站",
          hours: "每天 8:00–11:30",
        },
        { regionCode: "330522", departmentId: changxing, hallName: "长兴县行政服务中心" },
      ],
    },
  ])) as [string];
  [feeItem, hallOnly] = (await publishItems(db, [
    {
      content: sampleContent({
        name: { zh: "机动车检验", en: "Vehicle inspection" },
        fee: { fen: 1250, varies: true },
        materials: [
          {
            key: "mystery",
            name: { zh: "某证明", en: "A certificate" },
            form: "copy",
            count: 2,
            required: true,
            satisfiedBy: { registry: "some_registry_not_named_yet" },
          },
        ],
      }),
      offerings: [{ regionCode: "330523", departmentId: anji, feeFen: 2000, hallName: "安吉县行政服务中心" }],
    },
    {
      content: sampleContent({
        name: { zh: "窗口专办事项", en: "Hall-only service" },
        channels: ["hall"],
        fullyOnline: false,
        visits: 1,
      }),
    },
  ])) as [string, string];
  [retired] = (await publishItems(db, [
    { content: sampleContent({ name: { zh: "老年优待证办理", en: "Senior citizen card" } }) },
  ])) as [string];
  await db
    .updateTable("catalog_item_versions")
    .set({ status: "retired", retired_at: new Date("2026-03-02T04:00:00Z") })
    .where("item_id", "=", (eb) => eb.selectFrom("catalog_items").select("id").where("code", "=", retired))
    .execute();
});
afterAll(async () => {
  await t?.close();
});

describe("the guide page", () => {
  it("shows every element of the guide in Chinese", async () => {
    const response = await get(`/services/${full}`);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    const text = mainText(body);
    expect(body).toContain("<h1>食品经营许可（餐饮服务）</h1>");
    expect(text).toContain("在本县开办饭店、小吃店、食堂等从事餐饮服务的");
    expect(text).toContain("承诺办结时限 5 个工作日 法定办结时限 20 个工作日");
    expect(text).toContain("收费标准 不收费（依法不收费）");
    expect(text).toContain("到现场次数 零跑动，不用到现场");
    expect(text).toContain("全程网办 是，申请、审批和领取结果都在网上完成");
    expect(text).toContain("办理渠道 网上办、窗口办、村（社区）便民服务站办、掌上办");
    expect(text).toContain("告知承诺 可以签署告知承诺书");
    expect(text).toContain("事项类型 行政许可 主管部门 市场监督管理局 办事对象 个人、法人和其他组织");
    expect(text).toContain(`事项编码 ${full}`);
    expect(section(body, "申请条件")).toContain(
      "<li>有专职或者兼职的食品安全管理人员和保证食品安全的规章制度</li>",
    );
    expect(section(body, ">设定依据<")).toContain("<li>《中华人民共和国食品安全法》第三十五条</li>");
    const steps = section(body, "办理流程");
    expect(steps).toContain('<ol class="process">');
    expect(textOf(steps)).toContain(
      "受理 （当日） 材料审查 （2 个工作日） 现场核查 （2 个工作日） 作出决定 （1 个工作日） 制证送达 （当日）",
    );
    const faq = section(body, ">常见问题<");
    expect(faq).toContain("<h3>许可证有效期多长？</h3>");
    expect(faq).toContain("<p>食品经营许可证有效期为五年，期满前可申请延续。</p>");
    expect(body).toContain(`<a class="button" href="/services/${full}/apply">在线申请</a>`);
    expect(body).toContain(`<a href="/services/${full}?print=1">打印本指南</a>`);
    expect(body).not.toContain("<script");
  });

  it("has the materials as a real table: caption, column and row headers, forms, counts, when, fetched", async () => {
    const body = (await get(`/services/${full}`)).body;
    const table = /<table class="materials">[\s\S]*?<\/table>/.exec(body)?.[0] ?? "";
    expect(table).toContain('<caption id="materials-caption">申请材料清单，共 11 项</caption>');
    expect(table.match(/<th scope="col">[^<]+<\/th>/g)).toEqual([
      '<th scope="col">材料名称</th>',
      '<th scope="col">形式</th>',
      '<th scope="col">份数</th>',
      '<th scope="col">是否必需</th>',
      '<th scope="col">说明</th>',
    ]);
    expect(table.match(/<th scope="row">/g)?.length).toBe(11);
    const rows = (table.match(/<tr>[\s\S]*?<\/tr>/g) ?? []).map(textOf);
    const row = (name: string) => rows.find((r) => r.includes(name)) ?? "";
    expect(row("营业执照")).toContain(
      "营业执照 原件 1 必需 可从营业执照电子证照调取，无需提交。 已归集电子证照的由系统自动调取",
    );
    expect(row("经营场所使用证明")).toContain(
      "原件和复印件 1 仅在以下情况需要： 经营场所为租赁的 可从不动产权证书电子证照调取，无需提交。",
    );
    expect(row("从业人员健康证明")).toContain("复印件 1 仅在以下情况需要： 从事接触直接入口食品工作的人员");
    expect(row("食品经营许可申请书")).toContain("电子件 1 必需 网上申报时在线填写");
    // A screen reader hears where the section is; the table scrolls on a narrow screen.
    expect(body).toContain('<section class="table-wrap" aria-labelledby="materials-caption" tabindex="0">');
  });

  it("keeps a proper heading outline: one h1, no level skipped", async () => {
    const body = (await get(`/services/${full}?near=${VILLAGE}`)).body;
    const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(body)?.[1] ?? "";
    const levels = [...main.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++)
      expect(levels[i] as number).toBeLessThanOrEqual((levels[i - 1] as number) + 1);
    expect(levels.filter((l) => l === 2).length).toBeGreaterThanOrEqual(8);
  });

  it("is in English, with Chinese-only data marked as Chinese", async () => {
    const response = await get(`/services/${full}?near=${VILLAGE}`, english);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    const text = mainText(body);
    expect(body).toContain('<html lang="en"');
    expect(body).toContain("<h1>Food business licence (catering)</h1>");
    expect(text).toContain("Promised time limit 5 working days Statutory time limit 20 working days");
    expect(text).toContain("Fee Free of charge");
    expect(text).toContain("Visits in person None: no need to come in person");
    expect(text).toContain("Can be fetched from your business licence e-licence: no need to bring it.");
    expect(text).toContain("Only when: When the premises are rented");
    expect(body).toContain('<th scope="col">Copies</th>');
    expect(body).toContain('<h3><span lang="zh-CN">古城村便民服务站</span></h3>');
    expect(body).toContain('<span lang="zh-CN">安吉县 › 递铺街道 › 古城村委会</span>');
    expect(text).toContain("Places to apply near 古城村委会");
  });

  it("shows fees in yuan from fen, and an offering's own fee and promise where they differ", async () => {
    const zh = await get(`/services/${feeItem}`);
    expect(mainText(zh.body)).toContain("收费标准 12.50 元");
    expect(mainText(zh.body)).toContain("本地收费 20.00 元");
    expect(mainText(zh.body)).toContain("各地收费可能不同");
    const en = await get(`/services/${feeItem}`, english);
    expect(mainText(en.body)).toContain("Fee CNY 12.50");
    expect(mainText(en.body)).toContain("Fee here CNY 20.00");
    // A source with no name yet is still said to be fetched, without a code the reader cannot read.
    expect(mainText(zh.body)).toContain("政府部门已有这份材料，可直接调取，无需提交。");
    expect(zh.body).not.toContain("some_registry_not_named_yet");

    const guide = await get(`/services/${full}?near=${VILLAGE}`);
    expect(textOf(section(guide.body, 'id="where"'))).toContain("本地承诺时限 3 个工作日");
  });

  it("lists the places near a village, nearest first, with hall, address, hours and phone", async () => {
    const body = (await get(`/services/${full}?near=${VILLAGE}`)).body;
    const where = section(body, 'id="where"');
    expect(where).toContain("古城村委会附近的办理地点");
    const halls = [...where.matchAll(/<h3>([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(halls).toEqual(["古城村便民服务站", "递铺街道便民服务中心", "安吉县行政服务中心"]);
    const text = textOf(where);
    expect(text).toContain(
      "地址 安吉县递铺街道天目路 1 号 办公时间 周一至周五 8:30–12:00，13:30–17:00 咨询电话 0572-5123456",
    );
    expect(where).toContain('<a href="tel:05725123456">0572-5123456</a>');
    expect(text).not.toContain("长兴县");
    // The choice is a select of the village's township, the village chosen; never a code to type.
    expect(where).toMatch(/<select id="near" name="near"/);
    expect(where).toMatch(/<option value="330523001201" selected[^>]*>古城村委会<\/option>/);
    expect(where).toMatch(/<option value="330523001"[^>]*>递铺街道全部<\/option>/);
    expect(text).toContain("已选地点： 安吉县 › 递铺街道 › 古城村委会");
    expect(where).toContain(`href="/services/${full}?near=330523#where"`);
    expect(where).not.toMatch(/<input[^>]*name="near"/);
  });

  it("starts the choice from the townships of the counties served, then offers the villages", async () => {
    const start = section((await get(`/services/${full}`)).body, 'id="where"');
    expect(start).toContain("<option value>不限地点</option>");
    expect(start).toMatch(
      /<optgroup label="安吉县">[\s\S]*<option value="330523001">递铺街道<\/option>[\s\S]*<\/optgroup>/,
    );
    expect(start).toMatch(/<optgroup label="长兴县">[\s\S]*雉城街道/);
    // Without a place, the broadest halls first.
    const halls = [...start.matchAll(/<h3>([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(halls.slice(0, 2).sort()).toEqual(["安吉县行政服务中心", "长兴县行政服务中心"]);
    expect(halls).toHaveLength(4);

    const township = section((await get(`/services/${full}?near=330523001`)).body, 'id="where"');
    expect(township).toMatch(/<option value="330523001" selected[^>]*>递铺街道全部<\/option>/);
    expect(township).toContain('<option value="330523001201">古城村委会</option>');
    expect(township).toContain('<option value="330523001002">苕秀社区居委会</option>');
    expect(township).toContain("选择您所在的村（社区）。");
  });

  it("says when the place asked for is unknown, and shows every place", async () => {
    const where = section((await get(`/services/${full}?near=330523999999`)).body, 'id="where"');
    expect(textOf(where)).toContain("没有找到您选择的地点，请重新选择。");
    expect([...where.matchAll(/<h3>/g)]).toHaveLength(4);
  });

  it("links to applying online only when the item can be applied for online", async () => {
    const body = (await get(`/services/${hallOnly}`)).body;
    expect(body).not.toContain("/apply");
    expect(body).toContain("打印本指南");
    expect(mainText(body)).toContain("到现场次数 最多跑一次");
    expect(mainText(body)).toContain("全程网办 否");
  });

  it("gives a print view: no forms, no navigation links, the addresses written out", async () => {
    const response = await get(`/services/${full}?near=${VILLAGE}&print=1`);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('<article class="guide print-view">');
    expect(body).not.toContain('<form method="get"');
    expect(body).not.toContain('class="breadcrumb"');
    expect(mainText(body)).toContain("这是便于打印的版本");
    expect(mainText(body)).toContain(`在线申请： http://localhost:3000/services/${full}/apply`);
    expect(mainText(body)).toContain(`本指南网址： http://localhost:3000/services/${full}`);
    expect(body).toContain(`<a href="/services/${full}?near=${VILLAGE}">返回办事指南</a>`);
    // The place chosen still decides the halls listed.
    expect(mainText(body)).toContain("古城村便民服务站");
  });

  it("has a print stylesheet that hides the navigation and forms and writes out link addresses", () => {
    const css = readFileSync(new URL("../../web/assets/app.css", import.meta.url), "utf8");
    const print = css.slice(css.indexOf("@media print"));
    expect(print).toMatch(/\.site-header nav,[\s\S]*form,[\s\S]*display: none/);
    expect(print).toContain('content: " (" attr(href) ")"');
    // The ?print=1 view hides the header's links on screen too.
    expect(css).toContain("body:has(.print-view) .site-header nav");
  });

  it("answers a retired item with 410 and a notice saying it is no longer offered", async () => {
    const response = await get(`/services/${retired}`);
    expect(response.statusCode).toBe(410);
    const text = mainText(response.body);
    expect(response.body).toContain("<h1>老年优待证办理</h1>");
    expect(text).toContain("该事项已停止办理 自 2026-03-02 起不再办理此事项。");
    expect(response.body).toContain(
      'href="/services/search?q=%E8%80%81%E5%B9%B4%E4%BC%98%E5%BE%85%E8%AF%81%E5%8A%9E%E7%90%86"',
    );
    expect(response.body).not.toContain("/apply");
    const en = await get(`/services/${retired}`, english);
    expect(en.statusCode).toBe(410);
    expect(mainText(en.body)).toContain(
      "This service is no longer offered It has not been offered since 2026-03-02.",
    );
  });

  it("answers an unknown item with the friendly 404 page", async () => {
    const response = await get("/services/330000-NO-SUCH-ITEM");
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain("<h1>没有找到</h1>");
    expect(response.body).toContain('action="/services/search"');
  });
});

describe("the guide page's weight", () => {
  it("is at most 30,000 bytes gzipped with its stylesheet, for a full-size guide near a village", async () => {
    const gzip = { ...html, "accept-encoding": "gzip" };
    const page = await get(`/services/${full}?near=${VILLAGE}`, gzip);
    const css = await get(assetUrl("app.css"), gzip);
    expect(page.headers["content-encoding"]).toBe("gzip");
    expect(css.headers["content-encoding"]).toBe("gzip");
    const plain = (await get(`/services/${full}?near=${VILLAGE}`)).body;
    // The guide measured is a full one, not an empty shell.
    expect(plain.match(/<th scope="row">/g)).toHaveLength(11);
    expect(plain.match(/<section class="qa">/g)).toHaveLength(6);
    expect(plain.match(/<h3>[^<]*(服务站|中心)<\/h3>/g)).toHaveLength(3);
    expect(Buffer.byteLength(plain)).toBeGreaterThan(9_000);
    expect(gzipSync(plain).length).toBeLessThan(page.rawPayload.length * 1.2);
    const total = page.rawPayload.length + css.rawPayload.length;
    console.info(
      `guide page ${page.rawPayload.length} + app.css ${css.rawPayload.length} = ${total} bytes gzipped`,
    );
    expect(total).toBeLessThanOrEqual(30_000);
  });
});
