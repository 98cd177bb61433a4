/**
 * The operations of /openapi.json, and for each an arbitrary of whole HTTP requests: its path, query and
 * header parameters and its body drawn valid, invalid or nasty, sent as any of the fuzz's callers, with
 * the odd headers, content types and malformed bodies real clients send.
 */
import fc from "fast-check";
import type { JsonSchema, SchemaArbitraries } from "./arbitraries.ts";
import { nastyString } from "./values.ts";

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** "POST /api/v1/applications/{id}/submission" */
  id: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body: { schema: JsonSchema; required: boolean } | undefined;
  /** The statuses the operation declares, each with its JSON schema when it declares a JSON body. */
  responses: Map<number, JsonSchema | undefined>;
}

const METHODS = new Set(["get", "post", "put", "patch", "delete"]);

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      if (!METHODS.has(method)) continue;
      const parameters = (op.parameters ?? []).flatMap((p): Parameter[] =>
        p.in === "path" || p.in === "query" || p.in === "header"
          ? [{ name: p.name, in: p.in, required: p.required === true, schema: p.schema ?? {} }]
          : [],
      );
      const bodySchema = op.requestBody?.content["application/json"]?.schema;
      const responses = new Map<number, JsonSchema | undefined>();
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        responses.set(Number(status), response.content?.["application/json"]?.schema);
      }
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        body: bodySchema ? { schema: bodySchema, required: op.requestBody?.required === true } : undefined,
        responses,
      });
    }
  }
  return operations;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Which of the fuzz's callers sends it. */
  actor: string;
}

export interface RequestContext {
  actors: readonly string[];
  /** Values naming existing resources for a path parameter, so handlers get past their 404. */
  known(path: string, parameter: string): readonly string[];
}

/** Segments no encoder would make: broken percent-escapes, NUL, overlong UTF-8, dot segments. */
const RAW_SEGMENTS = [
  "%",
  "%ZZ",
  "%00",
  "%C0%AF",
  "%E4%BD",
  "..",
  "%2e%2e",
  "a%2Fb",
  "%20",
  ";",
  "a;b=c",
  "~",
];
const RAW_QUERIES = ["&&==&", "a[b][c]=1", "%E0%A4%A=1", "=", "x=%", "__proto__[polluted]=1"];

/** Percent-encodes the UTF-8 of a string, lone surrogates included (encodeURIComponent throws on them). */
export function percentEncode(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** A generated value as a parameter's text: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "";
}

/** What an HTTP header can carry: Latin-1 without controls (a client cannot send the rest). */
function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, "").slice(0, 8_000);
}

export function requestArbitrary(
  op: Operation,
  schemas: SchemaArbitraries,
  context: RequestContext,
): fc.Arbitrary<FuzzRequest> {
  const pathParameters = op.parameters.filter((p) => p.in === "path");
  const path = fc.tuple(...pathParameters.map((p) => pathValue(op, p, schemas, context)));
  return fc
    .record({
      actor: fc.constantFrom(...context.actors),
      segments: path,
      query: query(op, schemas),
      headers: headers(op, schemas),
      body: body(op, schemas),
    })
    .map(({ actor, segments, query: search, headers: sent, body: content }) => {
      let url = op.path;
      pathParameters.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, () => segments[i] as string);
      });
      const request: FuzzRequest = {
        method: op.method,
        url: search ? `${url}?${search}` : url,
        headers: { ...sent, ...(content.type !== undefined ? { "content-type": content.type } : {}) },
        actor,
      };
      if (content.payload !== undefined) request.payload = content.payload;
      // fast-check prints a counterexample with this: short, where a huge body would flood the report.
      return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
    });
}

export function describeRequest(request: FuzzRequest): string {
  const payload = request.payload === undefined ? "" : ` body ${String(request.payload).slice(0, 300)}`;
  const headers = JSON.stringify(request.headers).slice(0, 300);
  return `${request.actor}: ${request.method} ${request.url.slice(0, 300)} ${headers}${payload}`;
}

function pathValue(
  op: Operation,
  p: Parameter,
  schemas: SchemaArbitraries,
  context: RequestContext,
): fc.Arbitrary<string> {
  const known = context.known(op.path, p.name);
  const encoded = (value: unknown) => percentEncode(asText(value));
  return fc.oneof(
    ...(known.length > 0 ? [{ weight: 8, arbitrary: fc.constantFrom(...known).map(encoded) }] : []),
    { weight: 3, arbitrary: schemas.valid(p.schema).map(encoded) },
    { weight: 2, arbitrary: schemas.invalid(p.schema).map(encoded) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  );
}

/** The query string: each declared parameter present or not, valid or not; sometimes extras or junk. */
function query(op: Operation, schemas: SchemaArbitraries): fc.Arbitrary<string> {
  const declared = op.parameters.filter((p) => p.in === "query");
  const pairs = declared.map((p) =>
    fc
      .option(schemas.mixed(p.schema, p.name), { nil: undefined, freq: p.required ? 10 : 2 })
      .map((value): [string, string][] =>
        value === undefined
          ? []
          : Array.isArray(value) && value.length > 0
            ? value.map((item) => [p.name, asText(item)])
            : [[p.name, asText(value)]],
      ),
  );
  const extra = fc.oneof(
    { weight: 8, arbitrary: fc.constant<[string, string][]>([]) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("unexpected", "limit", "__proto__"), nastyString)
        .map((pair) => [pair]),
    },
  );
  const raw = fc.option(fc.constantFrom(...RAW_QUERIES), { nil: undefined, freq: 12 });
  return fc.tuple(fc.tuple(...pairs), extra, raw).map(([chosen, more, junk]) => {
    const text = [...chosen.flat(), ...more].map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`);
    if (junk) text.push(junk);
    return text.join("&");
  });
}

/** Declared header parameters and the headers every endpoint meets: languages, ids, caches, cookies. */
function headers(op: Operation, schemas: SchemaArbitraries): fc.Arbitrary<Record<string, string>> {
  const declared = op.parameters.filter((p) => p.in === "header");
  const own = Object.fromEntries(
    declared.map((p) => [p.name, schemas.mixed(p.schema).map((v) => headerSafe(asText(v)))]),
  );
  const text = fc.oneof(nastyString.map(headerSafe), fc.string({ maxLength: 20 }));
  const common = {
    accept: fc.constantFrom("application/json", "text/html", "*/*", "application/xml", "", "text/html;q=0"),
    "accept-language": fc.oneof(fc.constantFrom("en", "zh-CN", "fr, en;q=0.1", "*", "en;q=abc", ","), text),
    "x-request-id": text,
    "if-none-match": fc.oneof(fc.constantFrom('"0"', "*", 'W/"x"'), text),
    cookie: fc.oneof(
      fc.constantFrom("tb_lang=xx", "tb_mode=elder", "tb_session=", "tb_csrf=garbage", "=;;"),
      text.map((v) => `tb_session=${v}`),
    ),
  };
  return fc.record({ ...own, ...common }, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
}

interface Body {
  type?: string;
  payload?: string | Buffer;
}

const json = (value: unknown): Body => ({ type: "application/json", payload: JSON.stringify(value) ?? "" });

const MALFORMED_JSON = [
  '{"a":',
  "{",
  "[1,2",
  "nul",
  "{'a':1}",
  '{"a":1}garbage',
  "\uFEFF{}",
  "",
  " ",
  "{}{}",
];

/** A multipart body with one file part, as an upload route wants it, or a broken one. */
function multipartBody(name: string, content: Uint8Array, fileType: string, close: boolean): Body {
  const boundary = "----tongbanfuzz";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${fileType}\r\n\r\n`;
  const tail = close ? `\r\n--${boundary}--\r\n` : "";
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    payload: Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(tail)]),
  };
}

const PDF_START = Buffer.from(
  "%PDF-1.4\n%âãÏÓ\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

const multipart: fc.Arbitrary<Body> = fc
  .record({
    name: fc.oneof(fc.constantFrom("申请书.pdf", "a.png", "../../x.pdf", ""), nastyString.map(headerSafe)),
    content: fc.oneof(fc.constant(new Uint8Array(PDF_START)), fc.uint8Array({ maxLength: 200 })),
    fileType: fc.constantFrom("application/pdf", "image/png", "text/plain"),
    close: fc.boolean(),
  })
  .map(({ name, content, fileType, close }) => multipartBody(headerSafe(name), content, fileType, close));

/** Bodies no declared schema describes: malformed JSON, other content types, huge and binary ones. */
const oddBody: fc.Arbitrary<Body> = fc.oneof(
  fc.constantFrom(...MALFORMED_JSON).map((payload) => ({ type: "application/json", payload })),
  fc
    .constantFrom(
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/xml",
      "application/json; charset=utf-16",
      "application/json;;;",
      "application/problem+json",
      "multipart/form-data",
      "*/*",
    )
    .map((type) => ({ type, payload: "a=1&b[c]=2&__proto__[x]=1" })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({
    type: "application/octet-stream",
    payload: Buffer.from(bytes),
  })),
  fc.constant<Body>({ payload: '{"a":1}' }),
  // Past the one-megabyte body limit.
  fc.constant<Body>({ type: "application/json", payload: `"${"a".repeat(1_100_000)}"` }),
  multipart,
);

function body(op: Operation, schemas: SchemaArbitraries): fc.Arbitrary<Body> {
  if (op.body) {
    return fc.oneof(
      { weight: 8, arbitrary: schemas.valid(op.body.schema).map(json) },
      { weight: 4, arbitrary: schemas.invalid(op.body.schema).map(json) },
      { weight: 2, arbitrary: oddBody },
      { weight: 1, arbitrary: fc.constant<Body>({}) },
    );
  }
  // Operations without a declared body still meet bodies: uploads take multipart, the rest must refuse.
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant<Body>({}) },
    ...(op.method === "GET" ? [] : [{ weight: 2, arbitrary: multipart }]),
    { weight: 1, arbitrary: oddBody },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map(json) },
  );
}
