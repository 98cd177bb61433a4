/**
 * Bad input on the GovStack façades (issue 11): every operation of the four GovStack specifications
 * is sent requests generated from the specification's own schemas — valid, invalid and nasty
 * parameters, headers and bodies, malformed JSON and odd content types — by anonymous callers, the
 * suites' Information Mediator, the conformance client by token, a client without scopes and a token
 * sent with another client's header, against the conformance seed. No answer may be a 5xx, leave an
 * unhandled rejection, break the 2xx schema the specification declares, or be a 4xx other than the
 * GovStack error body.
 *
 * FUZZ_RUNS, FUZZ_SEED and FUZZ_ONLY as for test/fuzz.test.ts.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { SPEC_PREFIXES, SPECS, type SpecName, specDocument } from "../src/modules/govstack/spec-documents.ts";
import { loadSpec } from "../src/modules/govstack/spec-testing.ts";
import { buildGovstackFuzzWorld } from "./fuzz/govstack-world.ts";
import type { OpenApiDocument } from "./fuzz/operations.ts";
import { fuzzDocument } from "./fuzz/run.ts";
import type { FuzzWorld } from "./fuzz/world.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 24);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);

let world: FuzzWorld;
beforeAll(async () => {
  world = await buildGovstackFuzzWorld();
}, 300_000);
afterAll(() => world?.t.close());

it.each(Object.keys(SPECS) as SpecName[])(
  "answers every generated request of %s without a 5xx, a stray rejection or a broken schema",
  async (name) => {
    const document = specDocument(name) as unknown as OpenApiDocument;
    const report = await fuzzDocument(world, document, {
      runs: RUNS,
      seed: SEED,
      shrink: true,
      only: process.env.FUZZ_ONLY,
      prefix: SPEC_PREFIXES[name],
      errorFormat: "govstack",
    });
    console.info(
      `govstack fuzz ${name}: ${report.operations} operations, ${report.requests} requests, ` +
        `${report.serverErrors} 5xx, ${report.validated} answers checked against the specification, ` +
        `${report.failures.length} failing operations (seed ${SEED})`,
    );
    for (const failure of report.failures) console.error(`── ${failure.operation}\n${failure.report}\n`);
    expect(report.failures.map((failure) => failure.operation)).toEqual([]);
    if (!process.env.FUZZ_ONLY) expect(report.operations).toBe(loadSpec(name).operations.size);
  },
  600_000,
);
