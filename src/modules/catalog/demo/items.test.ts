import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { Value } from "typebox/value";
import { describe, expect, it } from "vitest";
import { LINES } from "../../departments/lines.ts";
import { ItemContent, type Text } from "../content.ts";
import { DEMO_ITEMS } from "./index.ts";

// ajv-formats is CommonJS: imported from ESM, the plugin is the module object's `default`.
const addFormats = addFormatsModule.default;

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv, ["date", "email"]);

const lineCodes = new Set(LINES.map((l) => l.code));
const byName = (zh: string) => DEMO_ITEMS.filter((item) => item.content.name.zh.includes(zh));

interface Property {
  title?: string;
  type?: string;
}

/** Every `{ zh, en }` anywhere in the value, with where it was found. */
function texts(value: unknown, at = ""): [string, Text][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${at}/${i}`));
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 2 && typeof record.zh === "string" && typeof record.en === "string")
    return [[at, record as unknown as Text]];
  return keys.flatMap((key) => texts(record[key], `${at}/${key}`));
}

describe("the demo catalogue", () => {
  it("is large enough and spread over the lines", () => {
    expect(DEMO_ITEMS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(DEMO_ITEMS.map((i) => i.content.line)).size).toBeGreaterThanOrEqual(8);
  });

  it("has unique codes in the province's pattern", () => {
    const codes = DEMO_ITEMS.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^330000-[A-Z]{2,5}-[0-9]{4}$/);
  });

  it.each([
    "企业设立登记",
    "个体工商户设立登记",
    "食品经营许可",
    "社会团体成立登记",
    "民办非企业单位（社会服务机构）成立登记",
    "企业投资项目备案",
    "建筑工程施工许可证核发",
    "出生登记",
    "社会保障卡申领",
    "医疗费用报销",
    "最低生活保障审核确认",
    "残疾人证",
    "高龄老人津贴",
    "宅基地审批",
    "耕地地力保护补贴",
    "内地居民结婚登记",
    "住房公积金提取",
    "政府信息公开申请",
  ])("includes %s", (name) => {
    expect(byName(name).length).toBeGreaterThanOrEqual(1);
  });

  it("lets villagers reach at least 8 items at their village service point", () => {
    expect(
      DEMO_ITEMS.filter((i) => i.content.channels.includes("village_point")).length,
    ).toBeGreaterThanOrEqual(8);
  });
});

describe.each(DEMO_ITEMS.map((item) => [`${item.code} ${item.content.name.zh}`, item] as const))(
  "%s",
  (_, item) => {
    const c = item.content;

    it("is a complete guide by the content schema", () => {
      const errors = [...Value.Errors(ItemContent, c)].map((e) => `${e.instancePath} ${e.message}`);
      expect(errors).toEqual([]);
      expect(Value.Check(ItemContent, c)).toBe(true);
    });

    it("names existing lines, in itself, its steps and its offerings", () => {
      expect(lineCodes).toContain(c.line);
      for (const s of c.steps) if (s.line) expect(lineCodes).toContain(s.line);
      for (const o of item.offerings) expect(o.line).toBe(c.line);
    });

    it("promises no more than the law allows, and its steps fit the promise", () => {
      expect(c.promisedDays).toBeLessThanOrEqual(c.statutoryDays);
      expect(c.steps.reduce((sum, s) => sum + s.days, 0)).toBeLessThanOrEqual(c.promisedDays);
      for (const o of item.offerings) {
        if (o.promisedDays !== undefined) expect(o.promisedDays).toBeLessThan(c.promisedDays);
        if (o.feeFen !== undefined) expect(c.fee.varies).toBe(true);
      }
    });

    it("uses each material and step key once, and says when an optional material is needed", () => {
      const materialKeys = c.materials.map((m) => m.key);
      expect(new Set(materialKeys).size).toBe(materialKeys.length);
      const stepKeys = c.steps.map((s) => s.key);
      expect(new Set(stepKeys).size).toBe(stepKeys.length);
      expect(c.materials.length).toBeGreaterThan(0);
      for (const m of c.materials) {
        expect(m.name.zh.trim()).not.toBe("");
        if (!m.required) expect(m.condition?.zh.trim() ?? "").not.toBe("");
      }
    });

    it("has non-empty Chinese and English in every text", () => {
      const blank = texts(c).filter(([, text]) => text.zh.trim() === "" || text.en.trim() === "");
      expect(blank.map(([at]) => at)).toEqual([]);
      for (const o of item.offerings) expect(o.hallName.zh && o.hallName.en).toBeTruthy();
    });

    it("is consistent about visits, channels, events and levels", () => {
      if (c.fullyOnline) {
        expect(c.visits).toBe(0);
        expect(c.channels).toContain("online");
      }
      // A village service point passes cases to the township, so the item must be handled down there.
      if (c.channels.includes("village_point"))
        expect(c.levels.some((l) => l === "township" || l === "village")).toBe(true);
      for (const o of item.offerings)
        expect(c.levels).toContain(o.region === "county" ? "county" : "township");
      expect(item.offerings.length).toBeGreaterThan(0);
      expect(c.faq.length).toBeGreaterThanOrEqual(2);
      expect(c.faq.length).toBeLessThanOrEqual(4);
      expect(c.keywords.length).toBeGreaterThan(0);
    });

    it("has a form Ajv compiles in strict mode, with every field titled, labelled and on one page", () => {
      const schema = c.form.schema as {
        type: string;
        properties: Record<string, Property>;
        required: string[];
      };
      expect(schema.type).toBe("object");
      expect(() => ajv.compile(schema)).not.toThrow();
      const names = Object.keys(schema.properties);
      expect(names.length).toBeGreaterThanOrEqual(4);
      expect(names.length).toBeLessThanOrEqual(12);
      for (const name of schema.required) expect(names).toContain(name);
      for (const name of names) {
        expect(schema.properties[name]?.title?.trim() ?? "").not.toBe("");
        expect(c.form.ui?.fields?.[name]?.label?.zh.trim() ?? "").not.toBe("");
      }
      const pages = c.form.ui?.pages ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(1);
      expect(pages.length).toBeLessThanOrEqual(4);
      const placed = pages.flatMap((p) => p.fields);
      for (const field of placed) expect(names).toContain(field);
      expect([...placed].sort()).toEqual([...names].sort());
      expect(Object.keys(c.form.ui?.fields ?? {}).sort()).toEqual([...names].sort());
    });
  },
);
