import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { translator } from "../../platform/i18n/index.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { anchorName, inPageOrder } from "./admin-anchors.ts";
import { EditorPage } from "./admin-editor.tsx";
import { contentOf, modelOf, type Posted, readModel } from "./admin-form.ts";
import { type FormModel, formModelOf, resolveForm } from "./admin-form-fields.ts";
import { editModel, parseOp } from "./admin-form-ops.ts";
import { rowsFromForm } from "./admin-form-rows.ts";
import { yuanOf } from "./admin-money.ts";
import { formPairs, type Pairs } from "./admin-testing.ts";
import type { DraftContent, ItemForm } from "./content.ts";
import { sampleContent } from "./testing.ts";

const t = translator("zh-CN");

/** What the editor posts when it is opened on `content` and saved unchanged. */
function postedOf(content: DraftContent): Posted {
  const model = contentOf(modelOf(content)).display;
  const html = renderToString(
    h(EditorPage, {
      ctx: { t, locale: "zh-CN", elder: false, actor: ANONYMOUS, path: "/", csrfToken: "token" },
      code: "330000-TEST-0001",
      basedOn: null,
      model,
      problems: [],
      saved: false,
      preview: { form: undefined, problems: [] },
    }),
  );
  return posted(formPairs(html, "data-editor"));
}

/** Pairs as the form body parser hands them over: one name once, or a list. */
function posted(pairs: Pairs): Posted {
  const out: Posted = {};
  for (const [name, value] of pairs) {
    const had = out[name];
    out[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return out;
}

describe("the editor's form, read back", () => {
  it("gives back the content it was opened on, every element of the guide", () => {
    const content = sampleContent({
      fee: { fen: 1250, varies: true, basis: { zh: "浙价费〔2020〕1号", en: "Price notice 2020/1" } },
      materials: [
        ...sampleContent().materials,
        {
          key: "licence",
          name: { zh: "营业执照", en: "Business licence" },
          form: "electronic",
          count: 1,
          required: true,
          notes: { zh: "可用电子营业执照", en: "The e-licence will do" },
          satisfiedBy: { licenceType: "business_licence" },
        },
      ],
      steps: [
        {
          key: "review",
          name: { zh: "审查", en: "Review" },
          role: "reviewer",
          line: "health",
          level: "county",
          days: 3,
        },
      ],
    });
    const read = contentOf(editModel(postedOf(content), { kind: "save" }));
    expect(read.issues).toEqual([]);
    expect(read.content).toEqual(content);
  });

  it("keeps a draft's missing parts missing", () => {
    const draft: DraftContent = { name: { zh: "新事项", en: "" }, type: "licence" };
    const read = contentOf(editModel(postedOf(draft), { kind: "save" }));
    expect(read.content).toEqual({
      ...draft,
      events: [],
      conditions: [],
      materials: [],
      fullyOnline: false,
      commitmentAllowed: false,
      faq: [],
      keywords: [],
    });
  });

  it("finds what it cannot read itself, each at its field", () => {
    const model = readModel({
      "name.zh": "事项",
      statutoryDays: "十",
      promisedDays: "400",
      "fee.yuan": "12.505",
      "materials.0.key": "a",
      "materials.0.count": "0",
    });
    expect(contentOf(model).issues.map((i) => i.name)).toEqual([
      "materials.0.count",
      "fee.yuan",
      "statutoryDays",
      "promisedDays",
    ]);
  });

  it("counts money in fen and shows it in yuan", () => {
    const fee = (yuan: string) => contentOf(readModel({ "fee.yuan": yuan })).content.fee?.fen;
    expect([fee("0"), fee("12"), fee("12.5"), fee("0.05"), fee("1234.56")]).toEqual([
      0, 1200, 1250, 5, 123456,
    ]);
    expect([yuanOf(0), yuanOf(1200), yuanOf(1250), yuanOf(5), yuanOf(123456)]).toEqual([
      "0",
      "12",
      "12.5",
      "0.05",
      "1234.56",
    ]);
    expect(contentOf(readModel({ "fee.varies": "true" })).issues).toEqual([
      { name: "fee.yuan", key: "catalogAdmin.problem.feeMissing" },
    ]);
  });

  it("reads the buttons' operations, and takes anything else for saving", () => {
    expect(parseOp("add:materials")).toEqual({ kind: "add", list: "materials" });
    expect(parseOp("remove:form.fields:3")).toEqual({ kind: "remove", list: "form.fields", index: 3 });
    expect(parseOp("preview")).toEqual({ kind: "preview" });
    expect(parseOp("remove:nothing:1")).toEqual({ kind: "save" });
    expect(parseOp(undefined)).toEqual({ kind: "save" });
  });

  it("removes the row shown at an index, blank rows counted, and renumbers the pages fields name", () => {
    const base: Posted = {
      "materials.0.key": "a",
      "materials.1.key": "",
      "materials.7.key": "c",
      "form.pages.0.title.zh": "一",
      "form.pages.1.title.zh": "二",
      "form.pages.2.title.zh": "三",
      "form.fields.0.name": "x",
      "form.fields.0.page": "1",
      "form.fields.1.name": "y",
      "form.fields.1.page": "2",
      "form.fields.2.name": "z",
      "form.fields.2.page": "3",
    };
    expect(
      editModel(base, { kind: "remove", list: "materials", index: 2 }).materials.map((m) => m.key),
    ).toEqual(["a"]);
    expect(editModel(base, { kind: "add", list: "materials" }).materials.map((m) => m.key)).toEqual([
      "a",
      "c",
      "",
    ]);
    const paged = editModel(base, { kind: "remove", list: "form.pages", index: 1 });
    expect(paged.form.pages.map((p) => p.title.zh)).toEqual(["一", "三"]);
    expect(paged.form.rows.map((r) => r.page)).toEqual(["1", "", "2"]);
  });

  it("lists problems in the order their fields come on the page", () => {
    const names = [
      "faq.0.question.zh",
      "promisedDays",
      "form.fields.1.page",
      "materials.10.key",
      "materials.2.key",
      "form.pages.0.title.zh",
      "name.zh",
      "form.schema",
    ];
    expect(inPageOrder(names.map((name) => ({ name }))).map((i) => i.name)).toEqual([
      "name.zh",
      "materials.2.key",
      "materials.10.key",
      "form.pages.0.title.zh",
      "form.fields.1.page",
      "form.schema",
      "promisedDays",
      "faq.0.question.zh",
    ]);
  });

  it("points each of the service's problems at its input", () => {
    const model = contentOf(modelOf(sampleContent())).display;
    const at = (field: string, extra: object = {}) =>
      anchorName({ field, key: "catalog.problem.invalid", ...extra }, model);
    expect(at("/materials/1/condition")).toBe("materials.1.condition.zh");
    expect(at("/materials/0/key")).toBe("materials.0.key");
    expect(at("/name/zh")).toBe("name.zh");
    expect(at("/summary")).toBe("summary.zh");
    expect(at("/fee/fen")).toBe("fee.yuan");
    expect(at("/levels")).toBe("levels");
    expect(at("/channels/0")).toBe("channels");
    expect(at("/steps")).toBe("steps");
    expect(at("/keywords/3")).toBe("keywords");
    expect(at("/")).toBe("name.zh");
    expect(at("/form/schema/properties/area/title")).toBe("form.fields.1.title");
    expect(at("/form/schema/properties/kinds/items")).toBe("form.fields.2.options");
    expect(at("/form/schema/properties/area", { key: "catalog.problem.formFieldType" })).toBe(
      "form.fields.1.type",
    );
    expect(at("/form/ui/pages", { params: { field: "kinds" } })).toBe("form.fields.2.page");
    expect(at("/form/ui/pages/1/title/zh")).toBe("form.pages.1.title.zh");
    expect(at("/form/schema")).toBe("form.fields");
    const json = { ...model, form: { ...model.form, rowsOff: true } };
    expect(anchorName({ field: "/form/ui/pages/0/fields/1", key: "catalog.problem.invalid" }, json)).toBe(
      "form.ui",
    );
    expect(anchorName({ field: "/form/schema/properties/a", key: "catalog.problem.invalid" }, json)).toBe(
      "form.schema",
    );
  });
});

describe("the form editor's two sides", () => {
  const shown = formModelOf(sampleContent().form);

  it("shows a stored form in rows without losing a keyword the rows have no column for", () => {
    expect(shown.rowsOff).toBe(false);
    expect(shown.rows.map((r) => [r.name, r.type, r.page])).toEqual([
      ["shopName", "text", "1"],
      ["area", "number", "1"],
      ["kinds", "multi", "2"],
    ]);
    expect(JSON.parse(shown.rows[1]?.extra ?? "")).toEqual({ minimum: 1, maximum: 100000 });
    expect(resolveForm(shown).form).toEqual(sampleContent().form);
  });

  it("takes the rows when they were changed, and draws the JSON again from them", () => {
    const edited: FormModel = {
      ...shown,
      rows: shown.rows.map((r, i) => (i === 0 ? { ...r, title: "商铺名称" } : r)),
    };
    const resolved = resolveForm(edited);
    expect(resolved.issues).toEqual([]);
    expect(
      (resolved.form?.schema.properties as Record<string, { title: string }> | undefined)?.shopName?.title,
    ).toBe("商铺名称");
    expect(resolved.display.schemaJson).toContain("商铺名称");
    expect(resolved.display.schemaBase).toBe(resolved.display.schemaJson);
  });

  it("takes the JSON when it was changed, and shows it in rows when they can", () => {
    const schema = JSON.parse(shown.schemaJson);
    schema.properties.phone = { type: "string", title: "联系电话", pattern: "^1\\d{10}$" };
    const resolved = resolveForm({ ...shown, schemaJson: JSON.stringify(schema) });
    expect(resolved.issues).toEqual([]);
    expect(resolved.form?.schema).toEqual(schema);
    expect(resolved.display.rows.map((r) => r.name)).toEqual(["shopName", "area", "kinds", "phone"]);
    expect(resolved.display.rows[3]?.extra).toBe('{"pattern":"^1\\\\d{10}$"}');
  });

  it("keeps JSON the rows cannot show as it was typed, and edits it as JSON from then on", () => {
    const typed = '{ "type": "object", "properties": { "address": { "type": "object", "title": "地址" } } }';
    const resolved = resolveForm({ ...shown, schemaJson: typed, uiJson: "" });
    expect(resolved.display.rowsOff).toBe(true);
    expect(resolved.display.schemaJson).toBe(typed);
    expect(resolved.display.schemaBase).toBe(typed);
    expect(resolved.form?.schema).toEqual(JSON.parse(typed));
  });

  it("refuses JSON that is not JSON, or not a form, without losing it", () => {
    const broken = resolveForm({ ...shown, schemaJson: "{ type: object" });
    expect(broken.issues.map((i) => [i.name, i.key])).toEqual([["form.schema", "catalogAdmin.problem.json"]]);
    expect(broken.display.schemaJson).toBe("{ type: object");
    expect(broken.form).toBeUndefined();
    const shape = resolveForm({ ...shown, uiJson: '{"pages":[{"fields":["shopName"]}]}' });
    expect(shape.issues).toEqual([
      { name: "form.ui", key: "catalogAdmin.problem.jsonShape", params: { at: "/pages/0" } },
    ]);
  });

  it("refuses changes on both sides at once, keeping both", () => {
    const both: FormModel = {
      ...shown,
      rows: shown.rows.slice(1),
      schemaJson: '{"type":"object","properties":{"x":{"type":"string","title":"X"}}}',
    };
    const resolved = resolveForm(both);
    expect(resolved.issues).toEqual([{ name: "form.schema", key: "catalogAdmin.problem.bothEdited" }]);
    expect(resolved.display).toEqual(both);
  });

  it("treats no rows and no JSON as no form", () => {
    expect(resolveForm({ ...shown, rows: [], pages: [], schemaJson: "", uiJson: "" }).form).toBeUndefined();
    const cleared = resolveForm({ ...shown, rows: [], pages: [] });
    expect(cleared.form).toBeUndefined();
    expect(cleared.display.schemaJson).toBe("");
  });

  it("leaves a Chinese label unlike the title to the JSON", () => {
    const form: ItemForm = {
      schema: { type: "object", properties: { a: { type: "string", title: "甲" } } },
      ui: { fields: { a: { label: { zh: "乙", en: "B" } } } },
    };
    expect(rowsFromForm(form)).toBeUndefined();
  });
});
