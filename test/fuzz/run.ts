/**
 * The fuzz run: every operation of /openapi.json gets `runs` generated requests from its callers, and
 * every answer is checked (check.ts). The test stops an operation at its first problem and lets
 * fast-check shrink it to a small counterexample; the bench sends every request and counts.
 */
import fc from "fast-check";
import { SchemaArbitraries } from "./arbitraries.ts";
import { type Answer, type ErrorFormat, ResponseChecker } from "./check.ts";
import {
  describeRequest,
  type FuzzRequest,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  requestArbitrary,
} from "./operations.ts";
import type { FuzzWorld } from "./world.ts";

export interface FuzzOptions {
  /** Generated requests per operation (shrinking a failure sends more). */
  runs: number;
  seed: number;
  /** Stop an operation at its first problem and shrink it (tests), or send every request (bench). */
  shrink: boolean;
  /** Only the operations whose id ("GET /api/v1/cases/{case}") contains this. */
  only?: string;
}

export interface FuzzReport {
  operations: number;
  requests: number;
  serverErrors: number;
  /** 2xx answers of the operation asked, checked against the schema it declares. */
  validated: number;
  unhandledRejections: number;
  /** One per operation that failed: its id and fast-check's report (seed, path, counterexample). */
  failures: { operation: string; report: string }[];
}

/**
 * Signing out ends the session every later request of that caller relies on: those two operations are
 * asked by callers without a session cookie only (the garbage cookies the generator adds included).
 */
const ENDS_THE_SESSION = new Set(["DELETE /api/v1/session", "DELETE /api/v1/account-session"]);

/** Each operation's own seed, from the run's: a failure replays alone with FUZZ_ONLY and FUZZ_SEED. */
function seedOf(seed: number, op: Operation): number {
  let hash = seed | 0;
  for (const char of op.id) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

export async function fuzzApi(world: FuzzWorld, options: FuzzOptions): Promise<FuzzReport> {
  const doc = (await world.t.app.inject({ url: "/openapi.json" })).json() as OpenApiDocument;
  return fuzzDocument(world, doc, options);
}

/** Where a document's operations are served, and the shape of their error bodies. */
export interface DocumentOptions {
  /** Put before every path of the document: "/govstack/registration" for a GovStack spec. */
  prefix?: string;
  /** "problem": problem+json on /api/ (the native API); "govstack": the GovStack error body everywhere. */
  errorFormat?: ErrorFormat;
}

/**
 * The document's paths under `prefix`, and `*\/*` content (the GovStack specs declare most bodies so)
 * read as the JSON it is.
 */
function servedAt(doc: OpenApiDocument, prefix: string): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    paths[`${prefix}${path}`] = JSON.parse(
      JSON.stringify(byMethod).replaceAll('"*/*":', '"application/json":'),
    ) as OpenApiDocument["paths"][string];
  }
  return { ...doc, paths };
}

/** The fuzz run over any OpenAPI document the app serves: /openapi.json, or a GovStack spec. */
export async function fuzzDocument(
  world: FuzzWorld,
  document: OpenApiDocument,
  options: FuzzOptions & DocumentOptions,
): Promise<FuzzReport> {
  const doc = options.prefix === undefined ? document : servedAt(document, options.prefix);
  const schemas = new SchemaArbitraries(doc.components?.schemas ?? {}, world.hints);
  const checker = new ResponseChecker(doc, options.errorFormat);
  const operations = operationsOf(doc).filter((op) => !options.only || op.id.includes(options.only));
  const report: FuzzReport = {
    operations: operations.length,
    requests: 0,
    serverErrors: 0,
    validated: 0,
    unhandledRejections: 0,
    failures: [],
  };
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    for (const op of operations) {
      await world.refresh(op.path);
      const actors = Object.keys(world.actors).filter(
        (name) => !ENDS_THE_SESSION.has(op.id) || !world.actors[name]?.cookie,
      );
      const requests = requestArbitrary(op, schemas, { actors, known: world.known });
      let firstProblem: string | undefined;
      const property = fc.asyncProperty(requests, async (request) => {
        const answer = await send(world, request);
        report.requests++;
        if (answer.statusCode >= 500) report.serverErrors++;
        const problems = checker.problemsOf(op, answer);
        // A rejection nobody handled surfaces once the request's promises have settled.
        await new Promise((done) => setImmediate(done));
        if (rejections.length > 0) {
          report.unhandledRejections += rejections.length;
          problems.push(`left an unhandled rejection: ${String(rejections.splice(0).map(describe))}`);
        }
        if (problems.length === 0) return;
        const message = [...problems, ...serverLog(world, answer)].join("\n");
        if (options.shrink) throw new Error(message);
        firstProblem ??= `${describeRequest(request)}\n${message}`;
      });
      const details = await fc.check(property, {
        seed: seedOf(options.seed, op),
        numRuns: options.runs,
        endOnFailure: !options.shrink,
      });
      if (details.failed) {
        report.failures.push({
          operation: op.id,
          report: `${fc.defaultReportMessage(details) ?? ""}\n${describe(details.errorInstance)}\nReplay: FUZZ_SEED=${options.seed} FUZZ_RUNS=${options.runs}, with FUZZ_ONLY="${op.id}" for it alone`,
        });
      } else if (firstProblem) {
        report.failures.push({ operation: op.id, report: firstProblem });
      }
      // The app's log lines are kept in memory for the test to read: only this operation's are of use.
      world.t.logs.length = 0;
    }
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  report.validated = checker.validated;
  return report;
}

async function send(world: FuzzWorld, request: FuzzRequest): Promise<Answer> {
  const own = world.actors[request.actor] ?? {};
  const headers = { ...request.headers, ...own };
  // The caller's session cookie goes first: of two cookies of one name the first one counts.
  if (own.cookie && request.headers.cookie) headers.cookie = `${own.cookie}; ${request.headers.cookie}`;
  const response = await world.t.app.inject({
    method: request.method as "GET",
    url: request.url,
    headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
  return { statusCode: response.statusCode, headers: response.headers, body: response.body };
}

/** The error the app logged for a request that failed on its side: the cause is there, not in the answer. */
function serverLog(world: FuzzWorld, answer: Answer): string[] {
  const id = answer.headers["x-request-id"];
  return world.t.logs
    .filter((line) => line.requestId === id && (line.level as number) >= 50)
    .map((line) => {
      const err = line.err as { stack?: string; message?: string } | undefined;
      return `  logged: ${err?.stack?.split("\n").slice(0, 8).join("\n    ") ?? err?.message ?? line.msg}`;
    });
}

function describe(reason: unknown): string {
  return reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
}
