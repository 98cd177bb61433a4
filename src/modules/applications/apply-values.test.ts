import { describe, expect, it } from "vitest";
import { translator } from "../../platform/i18n/index.ts";
import type { ItemForm } from "../catalog/content.ts";
import { answersFromForm, problemWords } from "./apply-values.ts";

const form: ItemForm = {
  schema: {
    type: "object",
    properties: {
      name: { type: "string", title: "姓名", maxLength: 4 },
      staff: { type: "integer", title: "从业人数", minimum: 1 },
      agree: { type: "boolean", title: "同意" },
      local: { type: "boolean", title: "本地户籍" },
      opened: { type: "string", title: "开业日期", format: "date" },
      kinds: { type: "array", title: "项目", items: { type: "string", enum: ["甲", "乙"] } },
    },
    required: ["name", "local"],
  },
  ui: { fields: { agree: { widget: "checkbox", label: { zh: "我同意", en: "I agree" } } } },
};
const all = ["name", "staff", "agree", "local", "opened", "kinds"];

describe("answers from a posted form", () => {
  it("gives each field the schema's type, and keeps text that is not one", () => {
    expect(
      answersFromForm(form, all, { name: " 王五 ", staff: "3", local: "false", kinds: "甲", opened: "" }),
    ).toEqual({ name: "王五", staff: 3, agree: false, local: false, opened: null, kinds: ["甲"] });
    expect(answersFromForm(form, ["staff", "agree", "local"], { staff: "3.5", agree: "true" })).toEqual({
      staff: "3.5",
      agree: true,
      local: null,
    });
  });

  it("takes the last of a repeated single value, and ignores names the page does not have", () => {
    expect(answersFromForm(form, ["name"], { name: ["甲", "乙"], isAdmin: "true" })).toEqual({ name: "乙" });
  });
});

describe("problems in the reader's words", () => {
  it("names the field and the fix, in either language", () => {
    const data = { name: "王五六七八", staff: "3.5", opened: "2026-13-40" };
    const zh = problemWords(form, data, all, translator("zh-CN"), "zh-CN");
    expect(zh).toEqual({
      name: "“姓名”不能超过 4 个字",
      staff: "“从业人数”请填写整数，例如 3",
      local: "请选择“本地户籍”",
      opened: "“开业日期”请按 2026-03-01 的格式填写日期",
    });
    const en = problemWords(form, { staff: 0 }, ["staff", "agree"], translator("en"), "en");
    expect(en).toEqual({ staff: "从业人数 must be 1 or more" });
  });
});
