/**
 * What every answer to a fuzzed request must be: not a 5xx; a 2xx the operation declares, shaped as its
 * declared schema says; and on the API, a 4xx in the problem+json format with its stable code.
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { JsonSchema } from "./arbitraries.ts";
import type { OpenApiDocument, Operation } from "./operations.ts";

// ajv-formats is CommonJS: imported from ESM, the plugin is the module object's `default`.
const addFormats = addFormatsModule.default;

export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

const DOCUMENT_ID = "openapi";

/** Set by the fuzz world on every answer: "GET /api/v1/cases/:case", the route that answered. */
export const ROUTE_HEADER = "x-fuzz-route";

/** The document's `#/components/…` references, pointed at the document registered under its own id. */
function rebased<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`));
}

/** The error bodies a document's 4xx must have: problem+json on /api/, or GovStack's everywhere. */
export type ErrorFormat = "problem" | "govstack";

export class ResponseChecker {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  /** Answers checked against a declared schema: a run that checked none has checked nothing. */
  validated = 0;

  constructor(
    doc: OpenApiDocument,
    private readonly errorFormat: ErrorFormat = "problem",
  ) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    if (errorFormat === "govstack") {
      // The GovStack specs' own formats; and the conformance data's fixed ids, answered as given,
      // are not UUIDs though the specs say `uuid` (docs/govstack.md, "Known deviations").
      this.ajv.addFormat("base64", /^[A-Za-z0-9+/]*={0,2}$/);
      this.ajv.addFormat("uuid", () => true);
    }
    this.ajv.addSchema(rebased({ components: doc.components ?? {} }), DOCUMENT_ID);
  }

  /** What is wrong with an answer, one line each; empty when nothing is. */
  problemsOf(op: Operation, answer: Answer): string[] {
    const { statusCode: status } = answer;
    const type = String(answer.headers["content-type"] ?? "");
    if (status >= 500) return [`answered ${status}: ${answer.body.slice(0, 300)}`];
    if (status >= 400 && this.errorFormat === "govstack") return this.govstackFormat(answer, type);
    if (status >= 400) return op.path.startsWith("/api/") ? this.problemFormat(answer, type) : [];
    if (status < 200 || status >= 300) return [];
    // "/registries/" (an empty code) is the list's route and ".." climbs a segment: another operation
    // answered, and the operation's own declarations do not apply.
    if (answer.headers[ROUTE_HEADER] !== `${op.method} ${op.path.replace(/\{(\w+)\}/g, ":$1")}`) return [];
    if (!op.responses.has(status)) {
      return [
        `answered ${status}, which it does not declare (it declares ${[...op.responses.keys()].join(", ")})`,
      ];
    }
    const schema = op.responses.get(status);
    if (!schema || !type.startsWith("application/json")) return [];
    return this.schemaProblems(`${op.id} ${status}`, schema, answer.body);
  }

  private problemFormat(answer: Answer, type: string): string[] {
    if (!type.startsWith("application/problem+json")) {
      return [`answered ${answer.statusCode} as ${type || "no content type"}, not problem+json`];
    }
    const problem = parse(answer.body) as { code?: unknown; status?: unknown } | undefined;
    if (typeof problem?.code !== "string" || problem.status !== answer.statusCode) {
      return [
        `answered ${answer.statusCode} with a problem lacking its code or status: ${answer.body.slice(0, 200)}`,
      ];
    }
    return [];
  }

  /** The GovStack error body (govstack/errors.ts): the Registration spec's `systemError` and more. */
  private govstackFormat(answer: Answer, type: string): string[] {
    if (!type.startsWith("application/json")) {
      return [`answered ${answer.statusCode} as ${type || "no content type"}, not the GovStack error body`];
    }
    const error = parse(answer.body) as Record<string, unknown> | undefined;
    const shaped = ["traceId", "code", "message", "localizedMessage"].every(
      (key) => typeof error?.[key] === "string",
    );
    return shaped
      ? []
      : [`answered ${answer.statusCode} without the GovStack error body: ${answer.body.slice(0, 200)}`];
  }

  private schemaProblems(key: string, schema: JsonSchema, body: string): string[] {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebased(schema));
      this.validators.set(key, validate);
    }
    const value = parse(body);
    if (value === undefined) return [`answered JSON that does not parse: ${body.slice(0, 200)}`];
    this.validated++;
    if (validate(value)) return [];
    const reasons = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message}`);
    return [`answered outside its declared schema: ${reasons.join("; ")} in ${body.slice(0, 300)}`];
  }
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
