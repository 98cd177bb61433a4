import type { Locale } from "../../platform/config.ts";
import type { Translate } from "../../platform/i18n/index.ts";
import type { ItemForm } from "../catalog/content.ts";
import { inLocale } from "../catalog/form-render.tsx";
import { formValidator } from "../catalog/form-schema.ts";
import { fieldsOf } from "./answers.ts";

/** A posted form as @fastify/formbody gives it: a repeated name (ticked boxes) arrives as a list. */
export type Posted = Record<string, string | string[] | undefined>;

const last = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value.at(-1) : value;

/**
 * One typed answer from what a browser posts. Text that cannot be the schema's type ("12a" for a
 * number) is kept as typed: the draft keeps it, the problem is shown beside it, and nothing the
 * applicant wrote is lost. `null` clears the answer.
 */
function typed(
  field: Record<string, unknown>,
  checkbox: boolean,
  raw: string | string[] | undefined,
): unknown {
  if (field.type === "array") {
    const chosen = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v) => v !== "");
    return chosen.length > 0 ? chosen : null;
  }
  const text = last(raw)?.trim() ?? "";
  if (field.type === "boolean") {
    // An unticked box sends nothing: for a single box that is "no", for yes/no buttons "not answered".
    if (checkbox) return text === "true";
    return text === "true" ? true : text === "false" ? false : null;
  }
  if (text === "") return null;
  if (field.type === "number" || field.type === "integer") {
    const n = Number(text);
    const fits = Number.isFinite(n) && (field.type === "number" || Number.isInteger(n));
    return fits ? n : text;
  }
  return text;
}

/**
 * The answers of one page of a form, in the schema's types, for `saveDraft`: every field of the page
 * is answered (a field left empty is cleared), and names the page does not have are ignored.
 */
export function answersFromForm(form: ItemForm, fields: readonly string[], posted: Posted) {
  const schema = fieldsOf(form);
  const answers: Record<string, unknown> = {};
  for (const name of fields) {
    const field = schema[name];
    if (!field) continue;
    const checkbox = form.ui?.fields?.[name]?.widget === "checkbox";
    answers[name] = typed(field, checkbox, posted[name]);
  }
  return answers;
}

/** A field's label as the form shows it. */
export function fieldLabel(form: ItemForm, name: string, locale: Locale): string {
  const title = fieldsOf(form)[name]?.title;
  return inLocale(form.ui?.fields?.[name]?.label, locale) || (typeof title === "string" ? title : name);
}

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

function explain(t: Translate, error: AjvError, label: string, field: Record<string, unknown>): string {
  const p = error.params;
  switch (error.keyword) {
    case "required":
      return field.type === "array" || Array.isArray(field.enum) || field.type === "boolean"
        ? t("apply.problem.choose", { label })
        : t("apply.problem.required", { label });
    case "type":
      if (p.type === "integer") return t("apply.problem.integer", { label });
      if (p.type === "number") return t("apply.problem.number", { label });
      return t("apply.problem.invalid", { label });
    case "minimum":
    case "exclusiveMinimum":
      return t("apply.problem.minimum", { label, limit: String(p.limit) });
    case "maximum":
    case "exclusiveMaximum":
      return t("apply.problem.maximum", { label, limit: String(p.limit) });
    case "maxLength":
      return t("apply.problem.maxLength", { label, limit: String(p.limit) });
    case "minLength":
      return t("apply.problem.minLength", { label, limit: String(p.limit) });
    case "minItems":
      return t("apply.problem.minItems", { label, limit: String(p.limit) });
    case "maxItems":
      return t("apply.problem.maxItems", { label, limit: String(p.limit) });
    case "enum":
      return t("apply.problem.enum", { label });
    case "format":
      if (p.format === "date") return t("apply.problem.date", { label });
      if (p.format === "email") return t("apply.problem.email", { label });
      return t("apply.problem.invalid", { label });
    default:
      return t("apply.problem.invalid", { label });
  }
}

/**
 * Each problem of the named fields in the reader's words, by field name: the service says which fields
 * have problems, and the validator's keyword says what is wrong, so the words name the field and the
 * fix ("店铺名称不能超过 60 个字") rather than the validator's English.
 */
export function problemWords(
  form: ItemForm,
  data: Record<string, unknown>,
  fields: readonly string[],
  t: Translate,
  locale: Locale,
): Record<string, string> {
  const validate = formValidator(form.schema);
  const words: Record<string, string> = {};
  if (validate(data)) return words;
  const schema = fieldsOf(form);
  for (const error of (validate.errors ?? []) as AjvError[]) {
    const name =
      error.keyword === "required"
        ? String(error.params.missingProperty ?? "")
        : (error.instancePath.split("/")[1] ?? "");
    if (!fields.includes(name) || words[name] !== undefined) continue;
    words[name] = explain(t, error, fieldLabel(form, name, locale), schema[name] ?? {});
  }
  return words;
}
