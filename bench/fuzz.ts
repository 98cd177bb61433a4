/**
 * Bad input, everywhere (issue 10), `fuzz.server_errors`: the fuzz of test/fuzz.test.ts — requests
 * generated from /openapi.json's own schemas for every operation, valid, invalid and nasty, from
 * anonymous callers, people, staff and an API client — sent many more times, none stopped at the first
 * problem. The figure is the count of 5xx answers; the goal is none. The notes give the requests sent
 * and the operations whose answers broke another rule (an undeclared shape, a 4xx not in problem+json).
 *
 * It runs the whole app in this process on a throw-away PostgreSQL database of the bench server, the
 * dialect the test (on PGlite) does not cover.
 */
import { fuzzApi } from "../test/fuzz/run.ts";
import { buildFuzzWorld } from "../test/fuzz/world.ts";
import { type Measurement, register } from "./harness.ts";

const RUNS = { full: 400, quick: 40 };
const SEED = 20_260_110;

register({
  metrics: [{ name: "fuzz.server_errors", unit: "answers", goal: { max: 0 } }],
  async run(context): Promise<Measurement[]> {
    const before = process.env.TEST_DATABASE_URL;
    process.env.TEST_DATABASE_URL = context.serverUrl;
    const world = await buildFuzzWorld();
    try {
      const runs = context.quick ? RUNS.quick : RUNS.full;
      const started = performance.now();
      const report = await fuzzApi(world, { runs, seed: SEED, shrink: false });
      const seconds = (performance.now() - started) / 1000;
      context.note(
        `fuzz: ${report.operations} operations, ${report.requests} requests in ${seconds.toFixed(0)} s, ` +
          `${report.serverErrors} 5xx, ${report.unhandledRejections} unhandled rejections, ` +
          `${report.validated} answers checked against their schema`,
      );
      for (const failure of report.failures) context.note(`  ${failure.operation}: ${failure.report}`);
      return [{ name: "fuzz.server_errors", value: report.serverErrors, unit: "answers" }];
    } finally {
      await world.t.close();
      if (before === undefined) delete process.env.TEST_DATABASE_URL;
      else process.env.TEST_DATABASE_URL = before;
    }
  },
});
