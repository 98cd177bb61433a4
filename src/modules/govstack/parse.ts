import type { FastifyRequest } from "fastify";
import { errors } from "../../platform/errors.ts";
import { govstackErrors } from "./errors.ts";

/**
 * Liberal on input (docs/govstack-design.md, section 9): parameter names in any case, a parameter given
 * twice with one value, form bodies nested like JSON. Strict in effect: two different values for one
 * parameter are refused rather than one picked, and everything is bounded before a service sees it.
 */

type Query = Record<string, unknown>;

const asQuery = (query: unknown): Query =>
  query !== null && typeof query === "object" && !Array.isArray(query) ? (query as Query) : {};

/** The one value of the values given under `name` (any case); two different values are a 400. */
function oneValue(name: string, values: unknown[]): string | undefined {
  const strings = values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== undefined);
  if (strings.length === 0) return undefined;
  const [first] = strings;
  if (strings.some((v) => v !== first)) throw govstackErrors.paramRepeated(name);
  return String(first);
}

/** A query parameter, its name compared without case (`userID` is `userId`). */
export function param(query: unknown, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const entries = Object.entries(asQuery(query)).filter(([key]) => key.toLowerCase() === wanted);
  return oneValue(
    name,
    entries.map(([, value]) => value),
  );
}

/** An integer parameter within `range` (its fallback when absent); anything else a 400 naming it. */
export function intParam(
  query: unknown,
  name: string,
  range: { min: number; max: number; fallback?: number },
): number | undefined {
  const raw = param(query, name);
  if (raw === undefined || raw === "") return range.fallback;
  const value = /^-?\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw errors.validation([
      { field: `/query/${name}`, message: `must be an integer from ${range.min} to ${range.max}` },
    ]);
  }
  return value;
}

/** Field filters: `query.<field>=` and `query[<field>]=` (the prefix in any case), field → value. */
export function fieldParams(query: unknown, prefix: "query"): Record<string, string> {
  const pattern = new RegExp(`^${prefix}(?:\\.([^.[\\]]+)|\\[([^\\]]+)\\])$`, "i");
  const grouped = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(asQuery(query))) {
    const match = pattern.exec(key);
    const field = match?.[1] ?? match?.[2];
    if (field === undefined) continue;
    grouped.set(field, [...(grouped.get(field) ?? []), value]);
  }
  const fields: Record<string, string> = {};
  for (const [field, values] of grouped) {
    const value = oneValue(`${prefix}.${field}`, values);
    if (value !== undefined) fields[field] = value;
  }
  return fields;
}

/** `{value: x}` → x, `{}` and null → undefined (the suites send `{"additionalProp1": {}}`), else as given. */
export function scalarOf(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 0) return undefined;
  if (keys.length === 1 && keys[0] === "value") return scalarOf((value as { value: unknown }).value);
  return value;
}

/** The request's body as an object (JSON, or a form nested by parseFormBody); 400 when there is none. */
export function requiredBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (body === undefined || body === null || body === "") throw govstackErrors.bodyMissing();
  if (typeof body !== "object" || Array.isArray(body) || Buffer.isBuffer(body)) {
    throw errors.malformedBody("it must be a JSON object or a form");
  }
  if (Object.keys(body).length === 0) throw govstackErrors.bodyMissing();
  return body as Record<string, unknown>;
}

/** Form fields whose text may be JSON: a portal posting a form sends the nested parts so. */
const JSON_FIELDS = new Set(["formData", "write", "query", "documentUrls"]);
const MAX_DEPTH = 4;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** `formData[data][name]`, `write.content.ID`, `file[]` → path segments ("" for `[]`). */
function pathOf(key: string): string[] {
  const head = /^[^[.]*/.exec(key)?.[0] ?? "";
  const segments = [head];
  let rest = key.slice(head.length);
  while (rest !== "") {
    const bracket = /^\[([^\]]*)\]/.exec(rest);
    const dotted = /^\.([^[.]+)/.exec(rest);
    const match = bracket ?? dotted;
    if (!match) throw errors.malformedBody(`the form field "${key}" is not a name, a[b] or a.b`);
    segments.push(match[1] as string);
    rest = rest.slice(match[0].length);
  }
  if (segments.length > MAX_DEPTH) {
    throw errors.malformedBody(`the form field "${key}" nests deeper than ${MAX_DEPTH} levels`);
  }
  if (segments[0] === "" || segments.some((s) => FORBIDDEN_KEYS.has(s))) {
    throw errors.malformedBody(`"${key}" cannot name a form field`);
  }
  return segments;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function jsonOrText(name: string, text: string): unknown {
  if (!JSON_FIELDS.has(name) || !/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * An `application/x-www-form-urlencoded` body as an object: a repeated field (or `field[]`) becomes an
 * array, bracketed and dotted names nest (at most four levels), and `formData`, `write`, `query` or
 * `documentUrls` holding JSON text is that JSON. A field both a value and a parent is a 400.
 */
export function parseFormBody(text: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, raw] of new URLSearchParams(text)) {
    const path = pathOf(key);
    const appended = path.at(-1) === "";
    const names = appended ? path.slice(0, -1) : path;
    if (names.includes("")) throw errors.malformedBody(`"${key}" cannot name a form field`);
    let node = body;
    for (const name of names.slice(0, -1)) {
      const next = node[name] ?? {};
      if (!isObject(next)) throw errors.malformedBody(`the form field "${name}" is both a value and a group`);
      node[name] = next;
      node = next;
    }
    const leaf = names.at(-1) as string;
    const value = names.length === 1 ? jsonOrText(leaf, raw) : raw;
    const existing = node[leaf];
    if (existing === undefined) node[leaf] = appended ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else if (isObject(existing)) {
      throw errors.malformedBody(`the form field "${leaf}" is both a value and a group`);
    } else node[leaf] = [existing, value];
  }
  return body;
}

/**
 * The bytes of a base64 text, as portals send a file: line breaks, a `data:…;base64,` head and the
 * url-safe alphabet taken; anything else (not text, not base64, nothing) a 400 saying so. Checked with
 * a pattern that cannot backtrack: a file is megabytes long.
 */
export function base64Bytes(value: unknown): Buffer {
  if (typeof value !== "string") throw govstackErrors.documentInvalid("the file must be base64 text");
  const text = value
    .replace(/^data:[\w.+/-]*;base64,/, "")
    .replace(/\s+/g, "")
    .replaceAll("-", "+")
    .replaceAll("_", "/");
  if (text === "") throw govstackErrors.documentInvalid("the file is empty");
  // Four characters make three bytes: a last group of one character is no byte at all.
  const padded = text.padEnd(Math.ceil(text.length / 4) * 4, "=");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(padded))
    throw govstackErrors.documentInvalid("the file is not valid base64");
  return Buffer.from(padded, "base64");
}
