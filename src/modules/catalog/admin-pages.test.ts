import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { signedInStaff } from "../calendar/testing.ts";
import {
  createThroughPages,
  formPairs,
  openPage,
  type Pairs,
  pairValue,
  post,
  summaryLinks,
  withValue,
} from "./admin-testing.ts";
import * as service from "./service.ts";

let t: TestApp;
let cookie: string;
let actor: Parameters<typeof service.getItem>[1];

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000" } });
  await seedRegionSlice(t.platform.database.db);
  const manager = await signedInStaff(t, "catalog_manager", "33");
  cookie = manager.cookie;
  const { actorForToken } = await import("../identity/service.ts");
  actor = (await actorForToken(t.platform.database.db, cookie.split("=")[1] as string)) as typeof actor;
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const edit = (code: string) => `/catalog/admin/items/${code}/edit`;

/** The whole guide typed into the editor: two materials and a form of three fields on two pages. */
function typeGuide(pairs: Pairs): Pairs {
  const values: Record<string, string | string[]> = {
    "name.en": "Food business licence",
    "summary.zh": "在本县从事食品销售和餐饮服务，应当取得食品经营许可。",
    "summary.en": "Selling food needs a food business licence.",
    levels: "county",
    audience: ["person", "legal_person"],
    events: "starting_business",
    keywords: "餐饮\n开饭店",
    "legalBasis.0.zh": "《中华人民共和国食品安全法》第三十五条",
    "legalBasis.0.en": "Food Safety Law, Article 35",
    "materials.0.key": "application",
    "materials.0.name.zh": "食品经营许可申请书",
    "materials.0.name.en": "Application form",
    "materials.0.form": "original",
    "materials.0.count": "1",
    "materials.0.required": "true",
    "materials.1.key": "layout",
    "materials.1.name.zh": "经营场所平面图",
    "materials.1.name.en": "Floor plan",
    "materials.1.form": "copy",
    "materials.1.count": "2",
    "materials.1.condition.zh": "从事餐饮服务的",
    "materials.1.condition.en": "For catering",
    "form.pages.0.title.zh": "店铺",
    "form.pages.0.title.en": "The shop",
    "form.pages.1.title.zh": "经营项目",
    "form.pages.1.title.en": "What you sell",
    "form.fields.0.name": "shopName",
    "form.fields.0.type": "text",
    "form.fields.0.title": "店铺名称",
    "form.fields.0.labelEn": "Name of the shop",
    "form.fields.0.required": "true",
    "form.fields.0.maxLength": "60",
    "form.fields.0.page": "1",
    "form.fields.1.name": "area",
    "form.fields.1.type": "number",
    "form.fields.1.title": "经营面积（平方米）",
    "form.fields.1.page": "1",
    "form.fields.1.help.zh": "按房产证填写",
    "form.fields.2.name": "kinds",
    "form.fields.2.type": "multi",
    "form.fields.2.title": "经营项目",
    "form.fields.2.options": "预包装食品销售\n热食类食品制售",
    "form.fields.2.page": "2",
    statutoryDays: "10",
    promisedDays: "5",
    "steps.0.key": "review",
    "steps.0.name.zh": "审查",
    "steps.0.name.en": "Review",
    "steps.0.role": "reviewer",
    "steps.0.days": "3",
    "fee.yuan": "0",
    visits: "0",
    fullyOnline: "true",
    channels: ["online", "hall"],
    commitmentAllowed: "true",
  };
  let typed = pairs;
  for (const [name, value] of Object.entries(values)) typed = withValue(typed, name, value);
  return withValue(typed, "op", "save");
}

async function saveGuide(code: string): Promise<void> {
  const page = await openPage(t, edit(code), cookie);
  const saved = await post(t, edit(code), typeGuide(formPairs(page.html, "data-editor")), page.cookie);
  expect(
    saved.statusCode,
    summaryLinks(saved.body)
      .map((l) => `${l.href} ${l.text}`)
      .join("\n"),
  ).toBe(303);
  expect(saved.headers.location).toBe(`${edit(code)}?done=saved`);
}

describe("writing an item", () => {
  it("creates an item, then saves a draft with materials and a form built in the field editor", async () => {
    const code = await createThroughPages(t, cookie);
    await saveGuide(code);
    const { draft } = await service.getItem(db(), actor, code);
    expect(draft?.version).toBe(1);
    const content = draft?.content;
    expect(content?.materials).toEqual([
      {
        key: "application",
        name: { zh: "食品经营许可申请书", en: "Application form" },
        form: "original",
        count: 1,
        required: true,
      },
      {
        key: "layout",
        name: { zh: "经营场所平面图", en: "Floor plan" },
        form: "copy",
        count: 2,
        required: false,
        condition: { zh: "从事餐饮服务的", en: "For catering" },
      },
    ]);
    expect(content?.form).toEqual({
      schema: {
        type: "object",
        properties: {
          shopName: { type: "string", title: "店铺名称", maxLength: 60 },
          area: { type: "number", title: "经营面积（平方米）" },
          kinds: {
            type: "array",
            title: "经营项目",
            items: { type: "string", enum: ["预包装食品销售", "热食类食品制售"] },
            uniqueItems: true,
          },
        },
        required: ["shopName"],
      },
      ui: {
        pages: [
          { title: { zh: "店铺", en: "The shop" }, fields: ["shopName", "area"] },
          { title: { zh: "经营项目", en: "What you sell" }, fields: ["kinds"] },
        ],
        fields: {
          shopName: { label: { zh: "店铺名称", en: "Name of the shop" } },
          area: { help: { zh: "按房产证填写", en: "" } },
        },
      },
    });
    expect(content).toMatchObject({
      statutoryDays: 10,
      promisedDays: 5,
      fee: { fen: 0, varies: false },
      channels: ["online", "hall"],
      keywords: ["餐饮", "开饭店"],
      audience: ["person", "legal_person"],
    });

    // Opened again, the editor shows what was saved, and saving it unchanged changes nothing.
    const again = await openPage(t, `${edit(code)}?done=saved`, cookie);
    expect(again.html).toContain("草稿已保存");
    const pairs = formPairs(again.html, "data-editor");
    expect(pairValue(pairs, "materials.1.condition.zh")).toBe("从事餐饮服务的");
    expect(pairValue(pairs, "form.fields.2.options")).toBe("预包装食品销售\n热食类食品制售");
    const resaved = await post(t, edit(code), withValue(pairs, "op", "save"), again.cookie);
    expect(resaved.statusCode).toBe(303);
    expect((await service.getItem(db(), actor, code)).draft?.content).toEqual(content);
  });

  it("adds a material row without JavaScript, keeping everything typed and saving nothing", async () => {
    const code = await createThroughPages(t, cookie);
    const page = await openPage(t, edit(code), cookie);
    const typed = withValue(typeGuide(formPairs(page.html, "data-editor")), "op", "add:materials");
    const added = await post(t, edit(code), typed, page.cookie);
    expect(added.statusCode).toBe(200);
    const pairs = formPairs(added.body, "data-editor");
    expect(pairValue(pairs, "materials.1.name.zh")).toBe("经营场所平面图");
    expect(pairValue(pairs, "materials.2.key")).toBe("");
    expect(pairValue(pairs, "summary.en")).toBe("Selling food needs a food business licence.");
    expect((await service.getItem(db(), actor, code)).draft?.content.materials).toBeUndefined();

    const removed = await post(t, edit(code), withValue(pairs, "op", "remove:materials:0"), page.cookie);
    const left = formPairs(removed.body, "data-editor");
    expect(pairValue(left, "materials.0.key")).toBe("layout");
    // The row added and never filled in goes with the next post.
    expect(pairValue(left, "materials.1.key")).toBeUndefined();
  });
});

describe("refusing a draft", () => {
  let code: string;
  let page: { html: string; cookie: string };
  beforeAll(async () => {
    code = await createThroughPages(t, cookie);
    await saveGuide(code);
    page = await openPage(t, edit(code), cookie);
  });

  async function refused(change: (pairs: Pairs) => Pairs) {
    const before = (await service.getItem(db(), actor, code)).draft;
    const response = await post(
      t,
      edit(code),
      withValue(change(formPairs(page.html, "data-editor")), "op", "save"),
      page.cookie,
    );
    expect(response.statusCode).toBe(400);
    const after = (await service.getItem(db(), actor, code)).draft;
    expect(after?.content).toEqual(before?.content);
    expect(after?.updatedAt).toEqual(before?.updatedAt);
    return {
      body: response.body,
      links: summaryLinks(response.body),
      pairs: formPairs(response.body, "data-editor"),
    };
  }

  it("shows a promise beyond the statute at its field, keeping what was typed", async () => {
    const typed = "新的简介，尚未保存";
    const { links, pairs } = await refused((p) =>
      withValue(
        withValue(withValue(p, "promisedDays", "12"), "summary.zh", typed),
        "materials.1.condition.zh",
        "",
      ),
    );
    expect(links).toContainEqual({
      href: "#f-promisedDays",
      text: "承诺时限（12 个工作日）不能超过法定时限（10 个工作日）",
    });
    expect(links).toContainEqual({
      href: "#f-materials-1-condition-zh",
      text: "非必需材料请说明在什么情况下需要提供",
    });
    expect(pairValue(pairs, "promisedDays")).toBe("12");
    expect(pairValue(pairs, "summary.zh")).toBe(typed);
  });

  it("shows an invalid JSON Schema typed as JSON, keeping the JSON as typed", async () => {
    const schema = '{"type":"object","properties":{"a":{"type":"strnig"}}}';
    const { body, links, pairs } = await refused((p) => withValue(p, "form.schema", schema));
    expect(links).toContainEqual({
      href: "#f-form-schema",
      text: "字段类型只能是文本、整数、数字、是否，或从选项中多选",
    });
    expect(pairValue(pairs, "form.schema")).toBe(schema);
    expect(body).toContain('id="f-form-schema"');
  });

  it("shows a page that names a missing field, in the JSON and in the field editor", async () => {
    const ui = JSON.stringify({
      pages: [{ title: { zh: "店铺", en: "Shop" }, fields: ["shopName", "nosuch"] }],
    });
    const json = await refused((p) => withValue(p, "form.ui", ui));
    expect(json.links.map((l) => l.text)).toContain("表单中没有字段“nosuch”");
    expect(json.links.find((l) => l.text === "表单中没有字段“nosuch”")?.href).toBe("#f-form-ui");
    expect(pairValue(json.pairs, "form.ui")).toBe(ui);

    const rows = await refused((p) => withValue(p, "form.fields.1.page", "3"));
    expect(rows.links).toContainEqual({ href: "#f-form-fields-1-page", text: "没有第 3 页：表单共 2 页" });
    expect(pairValue(rows.pairs, "form.fields.1.page")).toBe("3");
  });

  it("refuses changes made on both sides of the form editor at once", async () => {
    const { links } = await refused((p) =>
      withValue(
        withValue(p, "form.fields.0.title", "商铺名称"),
        "form.schema",
        '{"type":"object","properties":{}}',
      ),
    );
    expect(links.map((l) => l.href)).toContain("#f-form-schema");
  });
});

describe("previewing the form", () => {
  it("draws the form as typed without JavaScript, and saves nothing", async () => {
    const code = await createThroughPages(t, cookie);
    const page = await openPage(t, edit(code), cookie);
    const typed = withValue(
      withValue(
        withValue(typeGuide(formPairs(page.html, "data-editor")), "form.fields.0.title", "商铺名称"),
        "op",
        "preview",
      ),
      "form.fields.3.name",
      "opened",
    );
    const pairs = withValue(
      withValue(typed, "form.fields.3.type", "date"),
      "form.fields.3.title",
      "开业日期",
    );
    const shown = await post(t, edit(code), withValue(pairs, "form.fields.3.page", "2"), page.cookie);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toMatch(
      /<label for="pv-shopName">商铺名称<span class="required">（必填）<\/span><\/label>/,
    );
    expect(shown.body).toMatch(
      /<input[^>]*id="pv-opened"[^>]*type="date"|<input[^>]*type="date"[^>]*id="pv-opened"/,
    );
    expect(shown.body).toContain('form="preview-sink"');
    expect((await service.getItem(db(), actor, code)).draft?.content.form).toBeUndefined();
  });

  it("answers the script's preview with the form drawn, or the problems", async () => {
    const page = await openPage(t, "/catalog/admin/new", cookie);
    const csrf = pairValue(formPairs(page.html, 'action="/catalog/admin/new"'), "_csrf") as string;
    const fragment = await post(
      t,
      "/catalog/admin/preview",
      [
        ["_csrf", csrf],
        ["form.fields.0.name", "married"],
        ["form.fields.0.type", "yesno"],
        ["form.fields.0.title", "是否已婚"],
        ["form.fields.0.required", "true"],
      ],
      page.cookie,
    );
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).not.toContain("<html");
    expect(fragment.body).toContain("<legend>是否已婚");
    expect(fragment.body).toContain('type="radio"');

    const wrong = await post(
      t,
      "/catalog/admin/preview",
      [
        ["_csrf", csrf],
        ["form.schema", "{not json"],
      ],
      page.cookie,
    );
    expect(wrong.body).toContain("不是有效的 JSON");
  });
});
