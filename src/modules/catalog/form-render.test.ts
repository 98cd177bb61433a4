import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import type { Locale } from "../../platform/config.ts";
import { translator } from "../../platform/i18n/index.ts";
import type { ItemForm } from "./content.ts";
import { FormPage, type FormPageProps, formPages } from "./form-render.tsx";

const render = (form: ItemForm, props: Partial<FormPageProps> = {}, locale: Locale = "zh-CN") =>
  renderToString(h(FormPage, { form, t: translator(locale), locale, ...props }));

/** The opening tag of the element with this id. */
function tag(html: string, id: string): string {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) throw new Error(`No element ${id} in ${html}`);
  return html.slice(html.lastIndexOf("<", at), html.indexOf(">", at) + 1);
}

const form: ItemForm = {
  schema: {
    type: "object",
    properties: {
      shopName: { type: "string", title: "店铺名称", maxLength: 60 },
      area: { type: "number", title: "经营面积", minimum: 1, maximum: 100000 },
      staff: { type: "integer", title: "从业人员数" },
      chain: { type: "boolean", title: "是否连锁经营" },
      opened: { type: "string", format: "date", title: "开业日期" },
      email: { type: "string", format: "email", title: "电子邮箱" },
      kind: { type: "string", title: "经营方式", enum: ["零售", "批发"] },
      district: {
        type: "string",
        title: "所在街道",
        enum: ["递铺", "昌硕", "灵峰", "孝丰", "天荒坪", "杭垓"],
      },
      kinds: {
        type: "array",
        title: "经营项目",
        items: { type: "string", enum: ["预包装食品", "散装食品"] },
      },
      notes: { type: "string", title: "备注" },
    },
    required: ["shopName", "chain", "kind"],
  },
  ui: {
    pages: [
      {
        title: { zh: "店铺", en: "Shop" },
        fields: ["shopName", "area", "staff", "chain", "opened", "email"],
      },
      { title: { zh: "经营", en: "Business" }, fields: ["kind", "district", "kinds", "notes"] },
    ],
    fields: {
      shopName: {
        label: { zh: "店铺名称", en: "Name of the shop" },
        help: { zh: "与营业执照一致", en: "As on the licence" },
      },
      notes: { widget: "textarea" },
    },
  },
};

describe("drawing an application form", () => {
  it("labels a text field, marks it required, and ties its help and problem to it", () => {
    const html = render(form, { errors: { shopName: "请填写店铺名称" }, values: { shopName: "青山小吃" } });
    expect(html).toContain('<label for="shopName">店铺名称<span class="required">（必填）</span></label>');
    const input = tag(html, "shopName");
    expect(input).toContain('type="text"');
    expect(input).toContain('name="shopName"');
    expect(input).toMatch(/maxlength="60"/i);
    expect(input).toContain("required");
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain('aria-describedby="shopName-hint shopName-error"');
    expect(input).toContain('value="青山小吃"');
    expect(html).toContain('<span class="hint" id="shopName-hint">与营业执照一致</span>');
    expect(html).toContain('<span class="error-message" id="shopName-error">请填写店铺名称</span>');
  });

  it("draws numbers, whole numbers, dates and e-mail addresses with their input types", () => {
    const html = render(form);
    const area = tag(html, "area");
    expect(area).toContain('type="number"');
    expect(area).toContain('step="any"');
    expect(area).toContain('min="1"');
    expect(area).toContain('max="100000"');
    expect(area).not.toContain("required");
    expect(area).not.toContain("aria-describedby");
    expect(tag(html, "staff")).toContain('step="1"');
    expect(tag(html, "staff")).toContain('inputmode="numeric"');
    expect(tag(html, "opened")).toContain('type="date"');
    expect(tag(html, "email")).toContain('type="email"');
  });

  it("asks yes or no as two radio buttons under a legend", () => {
    const html = render(form, { values: { chain: true } });
    expect(tag(html, "chain")).toMatch(/^<fieldset/);
    expect(html).toContain('<legend>是否连锁经营<span class="required">（必填）</span></legend>');
    expect(tag(html, "chain-0")).toContain('value="true"');
    expect(tag(html, "chain-0")).toContain("checked");
    expect(tag(html, "chain-1")).not.toContain("checked");
    expect(html).toContain('<label for="chain-0">是</label>');
    // Answers posted back arrive as text.
    expect(tag(render(form, { values: { chain: "false" } }), "chain-1")).toContain("checked");
  });

  it("offers a few choices as radio buttons, many as a list, several as checkboxes", () => {
    const html = render(form, { page: 1, values: { kind: "批发", district: "灵峰", kinds: ["散装食品"] } });
    expect(tag(html, "kind-1")).toContain('type="radio"');
    expect(tag(html, "kind-1")).toContain("checked");
    expect(tag(html, "district")).toMatch(/^<select/);
    expect(html).toContain('<option value="灵峰" selected>灵峰</option>');
    expect(html).toContain("<option value>请选择</option>");
    expect(tag(html, "kinds-0")).toContain('type="checkbox"');
    expect(tag(html, "kinds-0")).not.toContain("checked");
    expect(tag(html, "kinds-1")).toContain("checked");
    expect(tag(html, "notes")).toMatch(/^<textarea/);
    // The first page's fields are not on the second.
    expect(html).not.toContain('id="shopName"');
  });

  it("puts a group's problem on its fieldset", () => {
    const html = render(form, { page: 1, errors: { kind: "请选择经营方式" } });
    const group = tag(html, "kind");
    expect(group).toContain('class="form-field field-error"');
    expect(group).toContain('aria-describedby="kind-error"');
    expect(tag(html, "kind-0")).toContain('aria-invalid="true"');
  });

  it("reads the English labels in English, and the Chinese where there is no English", () => {
    const html = render(form, {}, "en");
    expect(html).toContain(
      '<label for="shopName">Name of the shop<span class="required">(required)</span></label>',
    );
    expect(html).toContain('<label for="area">经营面积</label>');
    expect(html).toContain(">Yes</label>");
  });

  it("prefixes ids and can tie the inputs to another form", () => {
    const html = render(form, { idPrefix: "pv-", formId: "preview-sink" });
    const input = tag(html, "pv-shopName");
    expect(input).toContain('form="preview-sink"');
    expect(input).toContain('aria-describedby="pv-shopName-hint"');
    expect(tag(html, "pv-chain-0")).toContain('form="preview-sink"');
  });

  it("lists a form without pages as one page, and never throws on a schema outside its subset", () => {
    const loose: ItemForm = {
      schema: {
        type: "object",
        properties: { a: { type: "strnig", title: "<b>标题</b>" }, b: "not a field" },
      },
    };
    expect(formPages(loose)).toEqual([{ fields: ["a", "b"] }]);
    const html = render(loose);
    expect(tag(html, "a")).toContain('type="text"');
    expect(html).toContain("&lt;b>标题&lt;/b>");
    expect(html).not.toContain('id="b"');
    expect(render({ schema: {} })).toBe('<div class="form-page"></div>');
  });
});
