/**
 * Bad input, everywhere (issue 10): every operation of /openapi.json is sent requests generated from its
 * own schemas — valid, invalid and nasty parameters, headers and bodies, malformed JSON and odd content
 * types — by anonymous callers, people, staff of several roles and an API client, against the demo
 * county with a case in it. No answer may be a 5xx, leave an unhandled rejection, break the schema it
 * declares, or (on the API) be a 4xx outside the problem+json format.
 *
 * A failure prints fast-check's seed, path and shrunk counterexample, the app's logged error, and the
 * environment to replay that operation alone. FUZZ_RUNS raises the requests per operation (the bench's
 * `fuzz.server_errors` runs the same with more); FUZZ_SEED picks another seed.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { fuzzApi } from "./fuzz/run.ts";
import { buildFuzzWorld, type FuzzWorld } from "./fuzz/world.ts";

/** Requests per operation in `npm test`: about a minute of fuzzing on PGlite on two busy cores. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 32);
/** Fixed, so a failure in CI is the same failure on a laptop. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_110);

let world: FuzzWorld;
beforeAll(async () => {
  world = await buildFuzzWorld();
}, 300_000);
afterAll(() => world?.t.close());

it("answers every generated request without a 5xx, a stray rejection or a broken schema", async () => {
  const started = performance.now();
  const report = await fuzzApi(world, { runs: RUNS, seed: SEED, shrink: true, only: process.env.FUZZ_ONLY });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.info(
    `fuzz: ${report.operations} operations, ${report.requests} requests, ${report.serverErrors} 5xx, ` +
      `${report.validated} answers checked against their schema, ` +
      `${report.unhandledRejections} unhandled rejections, ${report.failures.length} failing operations in ${seconds} s (seed ${SEED})`,
  );
  // In full here: an assertion's diff would cut the counterexamples short.
  for (const failure of report.failures) console.error(`── ${failure.operation}\n${failure.report}\n`);
  expect(report.failures.map((failure) => failure.operation)).toEqual([]);
  if (!process.env.FUZZ_ONLY) {
    expect(report.operations).toBeGreaterThan(200);
    // The requests got past validation and policy often enough to check what the handlers answer.
    expect(report.validated).toBeGreaterThan(report.requests / 20);
  }
}, 900_000);
