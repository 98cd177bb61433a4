import { errors, type FieldProblem } from "../../../platform/errors.ts";
import type { RecordView, RegistryField } from "../../exchange/service.ts";
import { scalarOf } from "../parse.ts";
import type { Exposed } from "./exposures.ts";

/**
 * GovStack content ↔ a registry record (docs/govstack-design.md, section 8.2). Pure: names mapped, values
 * parsed; whether a value fits its field is the native check's to say.
 */

export type Named = { kind: "key" } | { kind: "field"; field: RegistryField };

export function govstackName(exposed: Exposed, field: string): string {
  return exposed.exposure.fieldNames[field] ?? field;
}

/**
 * A GovStack name: exactly as exposed, then without case against the exposed and our names, and — for
 * readValue, whose path a person may type — against the labels in either language.
 */
export function fieldNamed(
  exposed: Exposed,
  name: string,
  options: { labels?: boolean } = {},
): Named | undefined {
  const { exposure, registry } = exposed;
  if (name === exposure.keyField) return { kind: "key" };
  const exact = registry.fields.find((f) => govstackName(exposed, f.name) === name);
  if (exact) return { kind: "field", field: exact };
  const lower = name.toLowerCase();
  if (exposure.keyField.toLowerCase() === lower) return { kind: "key" };
  const loose = registry.fields.find(
    (f) =>
      govstackName(exposed, f.name).toLowerCase() === lower ||
      f.name.toLowerCase() === lower ||
      (options.labels === true && (f.label.zh === name || f.label.en.toLowerCase() === lower)),
  );
  return loose && { kind: "field", field: loose };
}

/** What a reader receives: the key (masked when it is an ID number) and the fields read, by GovStack names. */
export function contentOf(exposed: Exposed, view: RecordView): Record<string, unknown> {
  const content: Record<string, unknown> = { [exposed.exposure.keyField]: view.keyMasked };
  for (const [name, value] of Object.entries(view.fields)) {
    if (value !== null && value !== undefined) content[govstackName(exposed, name)] = value;
  }
  return content;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A text value (a query string's, a form's) as the field's type: integer, number, boolean `true|false`,
 * date `YYYY-MM-DD`. Undefined when it does not parse.
 */
export function parsedText(field: RegistryField, text: string): string | number | boolean | undefined {
  const value = text.trim();
  switch (field.type) {
    case "string":
      return text;
    case "integer":
      return /^-?\d{1,15}$/.test(value) ? Number(value) : undefined;
    case "number": {
      const n = value === "" ? Number.NaN : Number(value);
      return Number.isFinite(n) ? n : undefined;
    }
    case "boolean":
      return value === "true" ? true : value === "false" ? false : undefined;
    case "date":
      return ISO_DAY.test(value) ? value : undefined;
  }
}

/** A value of a JSON body or a form for the field: forms send text, and a date may come as a date-time. */
function valueFor(field: RegistryField, value: unknown): unknown {
  if (field.type === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return value.slice(0, 10);
  }
  if (typeof value === "string" && field.type !== "string" && field.type !== "date") {
    return parsedText(field, value) ?? value;
  }
  return value;
}

/** A content object split into the key (when given) and our fields; unknown names are problems at `at`. */
export interface Content {
  key?: string;
  data: Record<string, unknown>;
}

export function contentProblems(
  exposed: Exposed,
  content: unknown,
  at: string,
): { content: Content; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const result: Content = { data: {} };
  if (content === null || typeof content !== "object" || Array.isArray(content)) {
    return { content: result, problems: [{ field: at, message: "must be an object of field values" }] };
  }
  for (const [name, raw] of Object.entries(content)) {
    const value = scalarOf(raw);
    // `{}` and null are "not given": the suites fill unused fields so.
    if (value === undefined) continue;
    const named = fieldNamed(exposed, name);
    if (!named) {
      problems.push({ field: `${at}/${name}`, message: "is not a field of this registry" });
    } else if (named.kind === "key") {
      if (typeof value === "string" || typeof value === "number") result.key = String(value);
      else problems.push({ field: `${at}/${name}`, message: "must be text" });
    } else {
      result.data[named.field.name] = valueFor(named.field, value);
    }
  }
  return { content: result, problems };
}

/** As contentProblems, throwing the problems (400, every one listed). */
export function contentOfBody(exposed: Exposed, content: unknown, at: string): Content {
  const { content: parsed, problems } = contentProblems(exposed, content, at);
  if (problems.length > 0) throw errors.validation(problems);
  return parsed;
}

/** A query's field values for an equality match: scalars only. */
export function equalsOf(
  data: Record<string, unknown>,
  at: string,
  exposed: Exposed,
): Record<string, string | number | boolean> {
  const equals: Record<string, string | number | boolean> = {};
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(data)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      equals[name] = value;
    } else {
      problems.push({ field: `${at}/${govstackName(exposed, name)}`, message: "must be a single value" });
    }
  }
  if (problems.length > 0) throw errors.validation(problems);
  return equals;
}

/** `query.<field>=` parameters: by GovStack names, parsed by the fields' types. */
export function queryParams(
  exposed: Exposed,
  params: Record<string, string>,
): { key?: string; equals: Record<string, string | number | boolean> } {
  const problems: FieldProblem[] = [];
  const result: { key?: string; equals: Record<string, string | number | boolean> } = { equals: {} };
  for (const [name, text] of Object.entries(params)) {
    const named = fieldNamed(exposed, name);
    if (!named) {
      problems.push({ field: `/query/query.${name}`, message: "is not a field of this registry" });
    } else if (named.kind === "key") {
      result.key = text;
    } else {
      const value = parsedText(named.field, text);
      if (value === undefined) {
        problems.push({ field: `/query/query.${name}`, message: `must be a ${named.field.type}` });
      } else {
        result.equals[named.field.name] = value;
      }
    }
  }
  if (problems.length > 0) throw errors.validation(problems);
  return result;
}

/**
 * A native write's problems in GovStack's terms: `/<i>/key` and `/<i>/data/<ours>` become
 * `<at(i)>/<key field>` and `<at(i)>/<GovStack name>`.
 */
export function inGovstackTerms(
  exposed: Exposed,
  problems: readonly FieldProblem[],
  at: (index: number | undefined) => string,
): FieldProblem[] {
  return problems.map((p) => {
    const match = /^(?:\/(\d+))?\/(key|data\/([^/]+)|regionCode)$/.exec(p.field);
    if (!match) return p;
    const index = match[1] === undefined ? undefined : Number(match[1]);
    const name =
      match[2] === "key"
        ? exposed.exposure.keyField
        : match[3]
          ? govstackName(exposed, match[3])
          : "regionCode";
    return { ...p, field: `${at(index)}/${name}` };
  });
}
