/**
 * The GovStack specifications as a test oracle (docs/govstack-design.md, section 12.1): each answer
 * checked against the operation's declared statuses and schemas, with the project's Ajv, and a
 * `describe` per operation that coverage.test.ts reads.
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect } from "vitest";
import { SPECS, type SpecName, specDocument } from "./spec-documents.ts";

export { SPECS, type SpecName } from "./spec-documents.ts";

// ajv-formats is CommonJS: imported from ESM, the plugin is the module object's `default`.
const addFormats = addFormatsModule.default;

type Json = Record<string, unknown>;
interface Operation {
  /** Status → the schema of its `application/json` or `*\/*` content, or null when none is declared. */
  responses: Map<number, Json | null>;
}
interface LoadedSpec {
  document: Json;
  operations: Map<string, Operation>;
  strict: Ajv;
  /** Formats `uuid` as any string: for the conformance data's fixed ids, which are not UUIDs. */
  relaxed: Ajv;
  validators: Map<string, ValidateFunction>;
}

const METHODS = ["get", "put", "post", "delete", "patch"];
const loaded = new Map<SpecName, LoadedSpec>();

function ajvFor(id: string, document: Json, uuid: "strict" | "relaxed"): Ajv {
  // OAS keywords (example, xml, readOnly, x-nullable) are annotations: strict off, as test/fuzz/check.ts.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("base64", /^[A-Za-z0-9+/]*={0,2}$/);
  if (uuid === "relaxed") ajv.addFormat("uuid", () => true);
  ajv.addSchema(rebased(id, { components: document.components ?? {} }), id);
  return ajv;
}

/** The document's `#/components/…` references, pointed at the document registered under `id`. */
function rebased<T>(id: string, schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${id}#/components/`)) as T;
}

export function loadSpec(name: SpecName): LoadedSpec {
  const cached = loaded.get(name);
  if (cached) return cached;
  const document = specDocument(name);
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as { responses?: Record<string, Json> } | undefined;
      if (!op) continue;
      const responses = new Map<number, Json | null>();
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const content = (response.content ?? {}) as Record<string, { schema?: Json }>;
        const schema = content["application/json"]?.schema ?? content["*/*"]?.schema ?? null;
        if (/^\d{3}$/.test(status)) responses.set(Number(status), schema);
      }
      operations.set(`${method.toUpperCase()} ${path}`, { responses });
    }
  }
  const spec: LoadedSpec = {
    document,
    operations,
    strict: ajvFor(name, document, "strict"),
    relaxed: ajvFor(name, document, "relaxed"),
    validators: new Map(),
  };
  loaded.set(name, spec);
  return spec;
}

function operationOf(name: SpecName, operation: string): Operation {
  const op = loadSpec(name).operations.get(operation);
  if (!op) {
    const known = [...loadSpec(name).operations.keys()].join(", ");
    throw new Error(`${SPECS[name]} has no operation "${operation}" (it has ${known})`);
  }
  return op;
}

/** What an answer must be to satisfy the spec; empty when it does. */
export function specProblems(
  name: SpecName,
  operation: string,
  response: { statusCode: number; body: string },
  options: { relaxUuid?: boolean } = {},
): string[] {
  const op = operationOf(name, operation);
  const { statusCode: status, body } = response;
  if (status >= 500) return [`answered ${status}: ${body.slice(0, 300)}`];
  const declared = op.responses.get(status);
  if (status >= 400) {
    // A declared error schema (the registries' read 404) rules; otherwise the GovStack error body.
    if (declared) return schemaProblems(name, `${operation} ${status}`, declared, body, options);
    const error = parse(body) as Record<string, unknown> | undefined;
    const shaped =
      error !== undefined &&
      ["traceId", "code", "message", "localizedMessage"].every((key) => typeof error[key] === "string");
    return shaped ? [] : [`answered ${status} without the GovStack error body: ${body.slice(0, 300)}`];
  }
  if (status < 200 || status >= 300 || declared === undefined) {
    return [
      `answered ${status}, which it does not declare (it declares ${[...op.responses.keys()].join(", ")})`,
    ];
  }
  return declared ? schemaProblems(name, `${operation} ${status}`, declared, body, options) : [];
}

function schemaProblems(
  name: SpecName,
  key: string,
  schema: Json,
  body: string,
  options: { relaxUuid?: boolean },
): string[] {
  const spec = loadSpec(name);
  const cacheKey = `${options.relaxUuid ? "relaxed" : "strict"} ${key}`;
  let validate = spec.validators.get(cacheKey);
  if (!validate) {
    validate = (options.relaxUuid ? spec.relaxed : spec.strict).compile(rebased(name, schema));
    spec.validators.set(cacheKey, validate);
  }
  const value = parse(body);
  if (value === undefined) return [`answered JSON that does not parse: ${body.slice(0, 200)}`];
  if (validate(value)) return [];
  const reasons = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || "/"} ${e.message}`);
  return [`answered outside the spec's schema: ${reasons.join("; ")} in ${body.slice(0, 300)}`];
}

/** Fails the test, with Ajv's messages and the body, unless the answer satisfies the operation. */
export function expectSpecResponse(
  name: SpecName,
  operation: string,
  response: { statusCode: number; body: string },
  options: { relaxUuid?: boolean } = {},
): void {
  expect(specProblems(name, operation, response, options), `${SPECS[name]} ${operation}`).toEqual([]);
}

/**
 * The `describe` of one operation's tests: `describeOperation("registration", "GET /services", …)`.
 * coverage.test.ts reads the sources for these, each needing a `+ …` and a `− …` test.
 */
export function describeOperation(name: SpecName, operation: string, tests: () => void): void {
  operationOf(name, operation);
  describe(`${name} ${operation}`, tests);
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
