/**
 * Bad input, everywhere (issue 10), `fuzz.server_errors`: the fuzz of test/fuzz.test.ts — requests
 * generated from /openapi.json's own schemas for every operation, valid, invalid and nasty, from
 * anonymous callers, people, staff and an API client — sent many more times, none stopped at the first
 * problem. The figure is the count of 5xx answers; the goal is none. The notes give the requests sent
 * and the operations whose answers broke another rule (an undeclared shape, a 4xx not in problem+json).
 *
 * `fuzz.govstack_server_errors` is the same over the four GovStack specifications (issue 11), served
 * by the façades against the conformance seed (test/govstack-fuzz.test.ts).
 *
 * It runs the whole app in this process on a throw-away PostgreSQL database of the bench server, the
 * dialect the test (on PGlite) does not cover.
 */
import { SPEC_PREFIXES, SPECS, type SpecName, specDocument } from "../src/modules/govstack/spec-documents.ts";
import { buildGovstackFuzzWorld } from "../test/fuzz/govstack-world.ts";
import type { OpenApiDocument } from "../test/fuzz/operations.ts";
import { type FuzzReport, fuzzApi, fuzzDocument } from "../test/fuzz/run.ts";
import { buildFuzzWorld, type FuzzWorld } from "../test/fuzz/world.ts";
import { type BenchContext, type Measurement, register } from "./harness.ts";

const RUNS = { full: 400, quick: 40 };
const SEED = 20_260_110;

/** One world on a throw-away database of the bench server: its fuzz report, timed and noted. */
async function fuzzed(
  context: BenchContext,
  label: string,
  build: () => Promise<FuzzWorld>,
  fuzz: (world: FuzzWorld) => Promise<FuzzReport>,
): Promise<FuzzReport> {
  const before = process.env.TEST_DATABASE_URL;
  process.env.TEST_DATABASE_URL = context.serverUrl;
  const world = await build();
  try {
    const started = performance.now();
    const report = await fuzz(world);
    const seconds = (performance.now() - started) / 1000;
    context.note(
      `${label}: ${report.operations} operations, ${report.requests} requests in ${seconds.toFixed(0)} s, ` +
        `${report.serverErrors} 5xx, ${report.unhandledRejections} unhandled rejections, ` +
        `${report.validated} answers checked against their schema`,
    );
    for (const failure of report.failures) context.note(`  ${failure.operation}: ${failure.report}`);
    return report;
  } finally {
    await world.t.close();
    if (before === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = before;
  }
}

register({
  metrics: [{ name: "fuzz.server_errors", unit: "answers", goal: { max: 0 } }],
  async run(context): Promise<Measurement[]> {
    const runs = context.quick ? RUNS.quick : RUNS.full;
    const report = await fuzzed(context, "fuzz", buildFuzzWorld, (world) =>
      fuzzApi(world, { runs, seed: SEED, shrink: false }),
    );
    return [{ name: "fuzz.server_errors", value: report.serverErrors, unit: "answers" }];
  },
});

/** The four specifications' operations in one world, their reports added up. */
async function fuzzGovstack(world: FuzzWorld, runs: number): Promise<FuzzReport> {
  const reports: FuzzReport[] = [];
  for (const name of Object.keys(SPECS) as SpecName[]) {
    const document = specDocument(name) as unknown as OpenApiDocument;
    reports.push(
      await fuzzDocument(world, document, {
        runs,
        seed: SEED,
        shrink: false,
        prefix: SPEC_PREFIXES[name],
        errorFormat: "govstack",
      }),
    );
  }
  const sum = (pick: (r: FuzzReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  return {
    operations: sum((r) => r.operations),
    requests: sum((r) => r.requests),
    serverErrors: sum((r) => r.serverErrors),
    validated: sum((r) => r.validated),
    unhandledRejections: sum((r) => r.unhandledRejections),
    failures: reports.flatMap((r) => r.failures),
  };
}

register({
  metrics: [{ name: "fuzz.govstack_server_errors", unit: "answers", goal: { max: 0 } }],
  async run(context): Promise<Measurement[]> {
    const runs = context.quick ? RUNS.quick : RUNS.full;
    const report = await fuzzed(context, "fuzz of the GovStack façades", buildGovstackFuzzWorld, (world) =>
      fuzzGovstack(world, runs),
    );
    return [{ name: "fuzz.govstack_server_errors", value: report.serverErrors, unit: "answers" }];
  },
});
