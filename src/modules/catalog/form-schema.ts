import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { Ajv2020 as Ajv2020Type, ValidateFunction } from "ajv/dist/2020.js";
import type { FieldIssue } from "../applicants/errors.ts";
import type { ItemForm } from "./content.ts";

/**
 * Application forms are JSON Schema (draft 2020-12), checked with Ajv in strict mode: an unknown
 * keyword, a misspelt type or a `required` naming no property is a mistake of the catalogue manager,
 * caught when the form is saved, not when a villager submits it. The pages render a subset: an object
 * of flat fields (text, number, yes/no, one or several choices, dates), so anything deeper is refused.
 */

const require = createRequire(import.meta.url);

let ajv: Ajv2020Type | undefined;
function compiler(): Ajv2020Type {
  if (!ajv) {
    // Loaded on first use: Ajv and its formats cost a start-up nobody pays until a form is checked.
    const { Ajv2020 } = require("ajv/dist/2020.js") as { Ajv2020: typeof Ajv2020Type };
    const addFormats = require("ajv-formats") as (a: Ajv2020Type, formats: string[]) => Ajv2020Type;
    ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: true });
    addFormats(ajv, ["date", "email", "uri"]);
  }
  return ajv;
}

/** Longest form definition accepted, in characters of JSON. */
export const MAX_FORM_CHARS = 64_000;
const MAX_FIELDS = 80;
const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,59}$/;
const FIELD_TYPES = new Set(["string", "integer", "number", "boolean", "array"]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function fieldProblems(name: string, field: unknown, issues: FieldIssue[]): void {
  const at = `/form/schema/properties/${name}`;
  if (!FIELD_NAME.test(name)) issues.push({ field: at, key: "catalog.problem.formFieldName" });
  if (!isObject(field)) {
    issues.push({ field: at, key: "catalog.problem.formFieldType" });
    return;
  }
  if (typeof field.type !== "string" || !FIELD_TYPES.has(field.type)) {
    issues.push({ field: at, key: "catalog.problem.formFieldType" });
    return;
  }
  if (typeof field.title !== "string" || field.title.trim() === "")
    issues.push({ field: `${at}/title`, key: "catalog.problem.formFieldTitle" });
  if (field.type === "array") {
    const items = field.items;
    if (!isObject(items) || items.type !== "string" || !Array.isArray(items.enum))
      issues.push({ field: `${at}/items`, key: "catalog.problem.formFieldType" });
  }
}

/** Every problem of a form definition, at once; none means Ajv compiles it and the pages can render it. */
export function formProblems(form: ItemForm): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (JSON.stringify(form).length > MAX_FORM_CHARS) {
    return [{ field: "/form", key: "catalog.problem.formTooLarge", params: { max: MAX_FORM_CHARS } }];
  }
  const schema = form.schema;
  if (schema.type !== "object" || !isObject(schema.properties)) {
    return [{ field: "/form/schema", key: "catalog.problem.formNotObject" }];
  }
  const names = Object.keys(schema.properties);
  if (names.length === 0) issues.push({ field: "/form/schema/properties", key: "catalog.problem.formEmpty" });
  if (names.length > MAX_FIELDS)
    issues.push({
      field: "/form/schema/properties",
      key: "catalog.problem.formTooMany",
      params: { max: MAX_FIELDS },
    });
  for (const name of names) fieldProblems(name, schema.properties[name], issues);
  if (issues.length > 0) return issues;

  const error = schemaError(schema);
  if (error)
    issues.push({ field: "/form/schema", key: "catalog.problem.formInvalid", params: { reason: error } });

  const pages = form.ui?.pages ?? [];
  const placed = new Map<string, number>();
  pages.forEach((page, p) => {
    if (page.title.zh.trim() === "")
      issues.push({ field: `/form/ui/pages/${p}/title/zh`, key: "catalog.problem.required" });
    page.fields.forEach((field, f) => {
      if (!names.includes(field))
        issues.push({
          field: `/form/ui/pages/${p}/fields/${f}`,
          key: "catalog.problem.formUnknownField",
          params: { field },
        });
      else if (placed.has(field))
        issues.push({
          field: `/form/ui/pages/${p}/fields/${f}`,
          key: "catalog.problem.formFieldTwice",
          params: { field },
        });
      placed.set(field, p);
    });
  });
  if (pages.length > 0) {
    for (const name of names.filter((n) => !placed.has(n)))
      issues.push({
        field: "/form/ui/pages",
        key: "catalog.problem.formFieldUnplaced",
        params: { field: name },
      });
  }
  for (const name of Object.keys(form.ui?.fields ?? {}))
    if (!names.includes(name))
      issues.push({
        field: `/form/ui/fields/${name}`,
        key: "catalog.problem.formUnknownField",
        params: { field: name },
      });
  return issues;
}

/** Ajv's first complaint about the schema itself, or null when it compiles. */
function schemaError(schema: Json): string | null {
  const a = compiler();
  if (!a.validateSchema(schema)) return a.errorsText(a.errors, { separator: "; " }).slice(0, 300);
  try {
    a.compile(schema);
    a.removeSchema(schema);
    return null;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).slice(0, 300);
  }
}

const compiled = new Map<string, ValidateFunction>();

/**
 * A validator of answers to a form, compiled once per distinct schema (a published version's form never
 * changes, so its hash is a stable key).
 */
export function formValidator(schema: Record<string, unknown>): ValidateFunction {
  const text = JSON.stringify(schema);
  const key = createHash("sha256").update(text).digest("base64url");
  let validate = compiled.get(key);
  if (!validate) {
    validate = compiler().compile(JSON.parse(text) as Json);
    compiled.set(key, validate);
  }
  return validate;
}
