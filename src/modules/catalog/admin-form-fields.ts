import { Value } from "typebox/value";
import type { FieldIssue } from "../applicants/errors.ts";
import {
  FIELD_KINDS,
  type FieldKind,
  type FieldRow,
  formFromRows,
  isObject,
  type LocalIssue,
  pretty,
  rowsFromForm,
  type TextPair,
} from "./admin-form-rows.ts";
import { ItemForm } from "./content.ts";

/**
 * The form editor's side of the draft editor: the application form as rows of a table (one per field)
 * and as raw JSON for experts, both posted in one go. What the manager last saw of each is posted back
 * in hidden "base" fields, so the server can tell which one was edited: the edited one is the form, and
 * the other is drawn again from it. A form the rows cannot show without losing something (keywords the
 * row has no column for are kept in a hidden column; a nested object is not) stays JSON only.
 */

export type Posted = Record<string, string | string[] | undefined>;

export type { FieldKind, FieldRow, LocalIssue, TextPair } from "./admin-form-rows.ts";
export { FIELD_KINDS, WIDGETS } from "./admin-form-rows.ts";

export interface FormModel {
  rows: FieldRow[];
  pages: { title: TextPair }[];
  schemaJson: string;
  uiJson: string;
  schemaBase: string;
  uiBase: string;
  /** The form holds what the rows cannot show: the JSON alone is edited. */
  rowsOff: boolean;
}

export const EMPTY_FORM: FormModel = {
  rows: [],
  pages: [],
  schemaJson: "",
  uiJson: "",
  schemaBase: "",
  uiBase: "",
  rowsOff: false,
};

export function one(posted: Posted, name: string): string {
  const v = posted[name];
  return (Array.isArray(v) ? v[v.length - 1] : v) ?? "";
}

/** The row indexes present under `prefix` ("form.fields"), in order; a row deleted in the page leaves a gap. */
export function indexes(posted: Posted, prefix: string): number[] {
  const pattern = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d{1,4})\\.`);
  const found = new Set<number>();
  for (const key of Object.keys(posted)) {
    const m = pattern.exec(key);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

export function readFormModel(posted: Posted): FormModel {
  const pair = (at: string): TextPair => ({ zh: one(posted, `${at}.zh`), en: one(posted, `${at}.en`) });
  const kind = (v: string): FieldKind =>
    (FIELD_KINDS as readonly string[]).includes(v) ? (v as FieldKind) : "text";
  return {
    rows: indexes(posted, "form.fields").map((i) => {
      const at = `form.fields.${i}`;
      return {
        name: one(posted, `${at}.name`).trim(),
        type: kind(one(posted, `${at}.type`)),
        title: one(posted, `${at}.title`),
        labelEn: one(posted, `${at}.labelEn`),
        help: pair(`${at}.help`),
        required: one(posted, `${at}.required`) === "true",
        options: one(posted, `${at}.options`),
        maxLength: one(posted, `${at}.maxLength`).trim(),
        widget: one(posted, `${at}.widget`),
        page: one(posted, `${at}.page`).trim(),
        extra: one(posted, `${at}.extra`),
      };
    }),
    pages: indexes(posted, "form.pages").map((i) => ({ title: pair(`form.pages.${i}.title`) })),
    schemaJson: one(posted, "form.schema"),
    uiJson: one(posted, "form.ui"),
    schemaBase: one(posted, "form.schemaBase"),
    uiBase: one(posted, "form.uiBase"),
    rowsOff: one(posted, "form.rowsOff") === "true",
  };
}

/** The editor showing a stored form: rows when they can show it, and the JSON of it either way. */
export function formModelOf(form: ItemForm | undefined): FormModel {
  if (!form) return EMPTY_FORM;
  const rows = rowsFromForm(form);
  const shown = rows ? formFromRows(rows.rows, rows.pages).form : form;
  const schemaJson = pretty(shown.schema);
  const uiJson = shown.ui ? pretty(shown.ui) : "";
  return {
    rows: rows?.rows ?? [],
    pages: rows?.pages ?? [],
    schemaJson,
    uiJson,
    schemaBase: schemaJson,
    uiBase: uiJson,
    rowsOff: !rows,
  };
}

/** The same JSON whatever its spacing; text that is not JSON stays itself. */
function canon(text: string): string {
  if (text.trim() === "") return "";
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return `\u0000${text.trim()}`;
  }
}

function formFromJson(m: FormModel): { form?: ItemForm; issues: LocalIssue[] } {
  const parse = (text: string, name: string): { value?: unknown; issue?: LocalIssue } => {
    if (text.trim() === "") return {};
    try {
      const value = JSON.parse(text);
      return isObject(value) ? { value } : { issue: { name, key: "catalogAdmin.problem.jsonObject" } };
    } catch (error) {
      return {
        issue: {
          name,
          key: "catalogAdmin.problem.json",
          params: { reason: (error as Error).message.slice(0, 200) },
        },
      };
    }
  };
  const schema = parse(m.schemaJson, "form.schema");
  const ui = parse(m.uiJson, "form.ui");
  const issues = [schema.issue, ui.issue].filter((i): i is LocalIssue => i !== undefined);
  if (issues.length > 0) return { issues };
  const form = { schema: schema.value ?? {}, ...(ui.value ? { ui: ui.value } : {}) };
  const wrong = Value.Errors(ItemForm, form)[0];
  if (wrong) {
    const at = wrong.instancePath || "/";
    return {
      issues: [
        {
          name: at.startsWith("/ui") ? "form.ui" : "form.schema",
          key: "catalogAdmin.problem.jsonShape",
          params: { at: at.replace(/^\/(schema|ui)/, "") || "/" },
        },
      ],
    };
  }
  return { form: form as ItemForm, issues: [] };
}

export interface ResolvedForm {
  /** The form to save or preview; undefined when there is none or it cannot be read. */
  form?: ItemForm;
  issues: LocalIssue[];
  /** The editor to show next: the edited side as typed, the other drawn again from it. */
  display: FormModel;
}

/** Field rows left wholly empty are dropped: an "add a field" that was never filled in. */
export function withoutBlankFields(m: FormModel): FormModel {
  const empty = (r: FieldRow) =>
    [r.name, r.title, r.labelEn, r.help.zh, r.help.en, r.options, r.maxLength, r.page, r.extra].every(
      (v) => v.trim() === "",
    );
  return { ...m, rows: m.rows.filter((r) => !empty(r)) };
}

/** Works out which side the manager edited and what form it makes. */
export function resolveForm(m: FormModel): ResolvedForm {
  const empty = m.rows.length === 0 && m.pages.length === 0 && !m.schemaJson.trim() && !m.uiJson.trim();
  if (empty) return { issues: [], display: EMPTY_FORM };
  const jsonEdited = canon(m.schemaJson) !== canon(m.schemaBase) || canon(m.uiJson) !== canon(m.uiBase);
  if (!m.rowsOff) {
    const fromRows = formFromRows(m.rows, m.pages);
    // No rows at all is no form, not a form of no fields.
    const none = m.rows.length === 0 && m.pages.length === 0;
    const rowsEdited =
      canon(none ? "" : pretty(fromRows.form.schema)) !== canon(m.schemaBase) ||
      canon(!none && fromRows.form.ui ? pretty(fromRows.form.ui) : "") !== canon(m.uiBase);
    if (rowsEdited && jsonEdited)
      return { issues: [{ name: "form.schema", key: "catalogAdmin.problem.bothEdited" }], display: m };
    if (!jsonEdited && none) return { issues: [], display: EMPTY_FORM };
    if (!jsonEdited) {
      const schemaJson = pretty(fromRows.form.schema);
      const uiJson = fromRows.form.ui ? pretty(fromRows.form.ui) : "";
      return {
        form: fromRows.form,
        issues: fromRows.issues,
        display: { ...m, schemaJson, uiJson, schemaBase: schemaJson, uiBase: uiJson },
      };
    }
  }
  const parsed = formFromJson(m);
  if (!parsed.form) return { issues: parsed.issues, display: m };
  const shown = formModelOf(parsed.form);
  // Rows that cannot show it leave the JSON as it was typed, spacing and all.
  return {
    form: parsed.form,
    issues: [],
    display: shown.rowsOff
      ? {
          ...EMPTY_FORM,
          schemaJson: m.schemaJson,
          uiJson: m.uiJson,
          schemaBase: m.schemaJson,
          uiBase: m.uiJson,
          rowsOff: true,
        }
      : shown,
  };
}

const decode = (segment: string) => segment.replace(/~1/g, "/").replace(/~0/g, "~");

/** The posted field a service's problem with the form is about, in the editor as shown. */
export function formAnchor(issue: FieldIssue, shown: FormModel): string {
  const [, part, list, key, sub] = issue.field.split("/").slice(1);
  if (shown.rowsOff) return part === "ui" ? "form.ui" : "form.schema";
  const row = (name: string | number | undefined) =>
    name === undefined ? -1 : shown.rows.findIndex((r) => r.name === String(name));
  const fallback = shown.rows.length > 0 ? "form.fields" : "form.schema";
  if (part === "schema" && list === "properties" && key !== undefined) {
    const i = row(decode(key));
    if (i < 0) return fallback;
    if (sub === "title") return `form.fields.${i}.title`;
    if (sub === "items") return `form.fields.${i}.options`;
    return issue.key === "catalog.problem.formFieldType" ? `form.fields.${i}.type` : `form.fields.${i}.name`;
  }
  if (part === "ui" && list === "pages") {
    const i = row(issue.params?.field);
    if (i >= 0) return `form.fields.${i}.page`;
    if (key !== undefined && shown.pages[Number(key)]) return `form.pages.${key}.title.zh`;
  }
  if (part === "ui" && list === "fields" && key !== undefined) {
    const i = row(decode(key));
    if (i >= 0) return `form.fields.${i}.labelEn`;
  }
  return fallback;
}
