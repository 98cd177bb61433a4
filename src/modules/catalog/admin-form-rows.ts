import type { MessageKey } from "../../platform/i18n/index.ts";
import type { ItemForm } from "./content.ts";

/**
 * The application form as the form editor's rows: one row per field (name, type, Chinese title, English
 * label, required, choices, longest answer, page, help), and back. Keywords a row has no column for
 * (minimum, pattern…) ride along in a hidden column, so a form shown in rows and saved again loses
 * nothing; a form with what no row can hold (a nested object) is left to the JSON.
 */

type Json = Record<string, unknown>;

/** A problem the page found itself, at the posted field it is about. */
export interface LocalIssue {
  name: string;
  key: MessageKey;
  params?: Record<string, string | number>;
}

export const FIELD_KINDS = ["text", "number", "integer", "yesno", "date", "choice", "multi"] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];
const SCHEMA_TYPE: Record<FieldKind, string> = {
  text: "string",
  number: "number",
  integer: "integer",
  yesno: "boolean",
  date: "string",
  choice: "string",
  multi: "array",
};
export const WIDGETS = ["", "textarea", "radio", "select", "checkbox"] as const;

export interface TextPair {
  zh: string;
  en: string;
}

export interface FieldRow {
  name: string;
  type: FieldKind;
  /** The Chinese label, kept as the schema's `title`. */
  title: string;
  labelEn: string;
  help: TextPair;
  required: boolean;
  /** One choice a line. */
  options: string;
  maxLength: string;
  widget: string;
  /** 1-based page number, or empty while the form has no pages. */
  page: string;
  /** JSON of the field's keywords that no column edits (minimum, pattern…), carried along unseen. */
  extra: string;
}

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
const only = (o: Json, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));
export const pretty = (v: unknown) => JSON.stringify(v, null, 2);

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The form the rows describe, and what is wrong with the rows themselves. */
export function formFromRows(
  rows: FieldRow[],
  pages: { title: TextPair }[],
): { form: ItemForm; issues: LocalIssue[] } {
  const issues: LocalIssue[] = [];
  const properties: Json = {};
  const required: string[] = [];
  const uiFields: NonNullable<NonNullable<ItemForm["ui"]>["fields"]> = {};
  const onPage: string[][] = pages.map(() => []);
  rows.forEach((row, i) => {
    const at = `form.fields.${i}`;
    const name = row.name.trim();
    if (name === "") {
      issues.push({ name: `${at}.name`, key: "catalogAdmin.problem.fieldName" });
      return;
    }
    if (name in properties) {
      issues.push({ name: `${at}.name`, key: "catalogAdmin.problem.fieldTwice", params: { field: name } });
      return;
    }
    const title = row.title.trim();
    const options = lines(row.options);
    const field: Json = {};
    const stringy = row.type === "text" || row.type === "date" || row.type === "choice";
    field.type = SCHEMA_TYPE[row.type];
    if (row.type === "date") field.format = "date";
    if (title) field.title = title;
    if (row.type === "choice") field.enum = options;
    if (row.type === "multi") {
      field.items = { type: "string", enum: options };
      field.uniqueItems = true;
    }
    if ((row.type === "choice" || row.type === "multi") && options.length === 0)
      issues.push({ name: `${at}.options`, key: "catalogAdmin.problem.options" });
    if (row.maxLength !== "") {
      if (!/^\d{1,6}$/.test(row.maxLength) || Number(row.maxLength) < 1)
        issues.push({ name: `${at}.maxLength`, key: "catalogAdmin.problem.wholeNumber" });
      else if (stringy) field.maxLength = Number(row.maxLength);
    }
    let extra: unknown = {};
    try {
      extra = row.extra.trim() ? JSON.parse(row.extra) : {};
    } catch {
      // The hidden column is the page's own; a mangled one is dropped rather than blamed on the manager.
    }
    if (isObject(extra)) {
      for (const [key, value] of Object.entries(extra)) if (!(key in field)) field[key] = value;
      if (row.type === "multi" && extra.uniqueItems !== undefined) field.uniqueItems = extra.uniqueItems;
    }
    properties[name] = field;
    if (row.required) required.push(name);
    const label = row.labelEn.trim();
    const help = { zh: row.help.zh.trim(), en: row.help.en.trim() };
    const hints = {
      ...(label ? { label: { zh: title, en: label } } : {}),
      ...(help.zh || help.en ? { help } : {}),
      ...(row.widget ? { widget: row.widget as "text" } : {}),
    };
    if (Object.keys(hints).length > 0) uiFields[name] = hints;
    if (row.page !== "") {
      const page = /^\d{1,2}$/.test(row.page) ? Number(row.page) : 0;
      const list = onPage[page - 1];
      if (list) list.push(name);
      else
        issues.push({
          name: `${at}.page`,
          key: "catalogAdmin.problem.noSuchPage",
          params: { page: row.page, pages: pages.length },
        });
    }
  });
  const ui = {
    ...(pages.length > 0
      ? {
          pages: pages.map((p, i) => ({
            title: { zh: p.title.zh.trim(), en: p.title.en.trim() },
            fields: onPage[i] ?? [],
          })),
        }
      : {}),
    ...(Object.keys(uiFields).length > 0 ? { fields: uiFields } : {}),
  };
  return {
    form: {
      schema: { type: "object", properties, ...(required.length > 0 ? { required } : {}) },
      ...(Object.keys(ui).length > 0 ? { ui } : {}),
    },
    issues,
  };
}

function rowOf(name: string, field: unknown, ui: unknown, required: boolean): FieldRow | undefined {
  if (!isObject(field)) return undefined;
  const { type, title, ...rest } = field;
  if (title !== undefined && typeof title !== "string") return undefined;
  let kind: FieldKind;
  let options: string[] = [];
  if (type === "string") {
    if (rest.enum !== undefined) {
      if (!isStrings(rest.enum)) return undefined;
      kind = "choice";
      options = rest.enum;
      delete rest.enum;
    } else if (rest.format === "date") {
      kind = "date";
      delete rest.format;
    } else kind = "text";
  } else if (type === "number" || type === "integer") kind = type;
  else if (type === "boolean") kind = "yesno";
  else if (type === "array") {
    const items = rest.items;
    if (
      !isObject(items) ||
      !only(items, ["type", "enum"]) ||
      items.type !== "string" ||
      !isStrings(items.enum)
    )
      return undefined;
    kind = "multi";
    options = items.enum;
    delete rest.items;
    if (rest.uniqueItems === true) delete rest.uniqueItems;
    else if (rest.uniqueItems === undefined) rest.uniqueItems = false;
  } else return undefined;
  let maxLength = "";
  if ((kind === "text" || kind === "date" || kind === "choice") && Number.isInteger(rest.maxLength)) {
    maxLength = String(rest.maxLength);
    delete rest.maxLength;
  }
  const hints = ui === undefined ? {} : ui;
  if (!isObject(hints) || !only(hints, ["label", "help", "widget"])) return undefined;
  const text = (v: unknown) =>
    v === undefined
      ? { zh: "", en: "" }
      : isObject(v) && typeof v.zh === "string" && typeof v.en === "string"
        ? { zh: v.zh, en: v.en }
        : undefined;
  const label = text(hints.label);
  const help = text(hints.help);
  if (!label || !help) return undefined;
  // The row keeps one Chinese label, the schema's title; a different one in the hints would be lost.
  if (label.zh !== "" && label.zh !== (title ?? "")) return undefined;
  if (hints.widget !== undefined && !(WIDGETS as readonly unknown[]).includes(hints.widget)) return undefined;
  return {
    name,
    type: kind,
    title: title ?? "",
    labelEn: label.en,
    help,
    required,
    options: options.join("\n"),
    maxLength,
    widget: typeof hints.widget === "string" ? hints.widget : "",
    page: "",
    extra: Object.keys(rest).length > 0 ? JSON.stringify(rest) : "",
  };
}

/** The rows showing a form, or undefined when some of it has no place in them. */
export function rowsFromForm(form: ItemForm): { rows: FieldRow[]; pages: { title: TextPair }[] } | undefined {
  const { schema, ui = {} } = form;
  if (!only(schema, ["type", "properties", "required"]) || schema.type !== "object") return undefined;
  const properties = schema.properties;
  if (!isObject(properties)) return undefined;
  const required = schema.required ?? [];
  if (!isStrings(required) || required.some((name) => !(name in properties))) return undefined;
  if (!only(ui as Json, ["pages", "fields"])) return undefined;
  const hints = ui.fields ?? {};
  if (Object.keys(hints).some((name) => !(name in properties))) return undefined;
  const rows: FieldRow[] = [];
  for (const [name, field] of Object.entries(properties)) {
    const row = rowOf(name, field, hints[name], required.includes(name));
    if (!row) return undefined;
    rows.push(row);
  }
  const pages = ui.pages ?? [];
  const order: string[] = [];
  for (const [p, page] of pages.entries()) {
    if (!only(page as unknown as Json, ["title", "fields"])) return undefined;
    for (const name of page.fields) {
      const row = rows.find((r) => r.name === name);
      if (row?.page !== "") return undefined;
      row.page = String(p + 1);
      order.push(name);
    }
  }
  // Rows in the order the pages show them, so drawing the form again from the rows changes nothing.
  const rank = (row: FieldRow) => {
    const at = order.indexOf(row.name);
    return at < 0 ? order.length + rows.indexOf(row) : at;
  };
  return {
    rows: [...rows].sort((a, b) => rank(a) - rank(b)),
    pages: pages.map((p) => ({ title: { zh: p.title.zh, en: p.title.en } })),
  };
}
