/**
 * The dashboards at 100,000 and 1,000,000 generated cases on PostgreSQL (quick: 10,000 and 100,000), the
 * demo's county (安吉县) and its province, the twelve months ending now:
 *   - `insights.dashboard_p50_ms_1m`: the slower of the two dashboards' median at the larger size — the
 *     whole dashboard service (sums by every dimension, days for the percentiles, child regions, names).
 *   - `insights.growth_ratio_100k_to_1m` (goal ≤ 1.5): the larger of the two dashboards' median at the
 *     larger size over the same at the smaller — what ten times the cases costs.
 *   - `insights.speedup_vs_naive_1m` (goal ≥ 20): the province's sums counted straight from the cases by one
 *     GROUP BY, over the whole province dashboard from the roll-ups; the two sums are checked equal first.
 * History is written by `tongban demo generate`'s generator and counted by the rebuild.
 */
import { sql } from "kysely";
import { generateHistory } from "../src/modules/demo/generate.ts";
import { seedDemo } from "../src/modules/demo/seed.ts";
import { dashboard } from "../src/modules/insights/dashboard.ts";
import { type Filter, sumsByDimension, sumsFromCases } from "../src/modules/insights/dashboard-store.ts";
import { rebuildInsights } from "../src/modules/insights/rollup.ts";
import { monthSpan } from "../src/modules/insights/scope.ts";
import { type Db, openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import type { Actor } from "../src/platform/policy.ts";
import { type BenchContext, type Measurement, register, round } from "./harness.ts";

const PROVINCE = "33";
const COUNTY = "330523";
const RUNS = 30;
const NAIVE_RUNS = 5;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

async function timed(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm: plans cached, pages in memory, as a dashboard opened twice a minute has them
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** A province administrator, as the dashboard's policy sees one. */
const ADMIN: Actor = {
  kind: "staff",
  id: "00000000-0000-4000-8000-000000000001",
  username: "bench.admin",
  displayName: "bench",
  grants: [
    {
      role: "administrator",
      departmentId: "00000000-0000-4000-8000-000000000002",
      jurisdictionCode: PROVINCE,
    },
  ],
};

async function grow(context: BenchContext, db: Db, cases: number): Promise<void> {
  const began = performance.now();
  await generateHistory(db, { cases });
  const generated = performance.now();
  const { cases: counted } = await rebuildInsights(db);
  const rebuilt = performance.now();
  await sql`vacuum analyze`.execute(db);
  context.note(
    `  ${cases.toLocaleString("en")} cases: generated in ${round((generated - began) / 1000, 1)} s, ` +
      `${counted.toLocaleString("en")} counted by the rebuild in ${round((rebuilt - generated) / 1000, 1)} s`,
  );
}

async function dashboards(context: BenchContext, db: Db, label: string): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const region of [COUNTY, PROVINCE]) {
    result[region] = await timed(RUNS, () => dashboard(db, ADMIN, { region }));
  }
  context.note(
    `  ${label}: county ${round(result[COUNTY] ?? 0, 1)} ms, province ${round(result[PROVINCE] ?? 0, 1)} ms (medians)`,
  );
  return result;
}

const byKey = (rows: { dimension: string; key: string }[]) =>
  JSON.stringify(
    [...rows].sort((a, b) => `${a.dimension}/${a.key}`.localeCompare(`${b.dimension}/${b.key}`)),
  );

async function run(context: BenchContext): Promise<Measurement[]> {
  const [small, large] = context.quick ? [10_000, 100_000] : [100_000, 1_000_000];
  const url = await context.freshDatabase();
  const handle = await openDatabase({ databaseUrl: url, pgliteDir: "memory://", poolSize: 4 });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    await seedDemo(db);
    await grow(context, db, small);
    const before = await dashboards(context, db, small.toLocaleString("en"));
    await grow(context, db, large);
    const after = await dashboards(context, db, large.toLocaleString("en"));

    const span = monthSpan(undefined, undefined);
    const filter: Filter = { regionCode: PROVINCE, from: span.fromDay, to: span.toDay };
    if (byKey(await sumsByDimension(db, filter)) !== byKey(await sumsFromCases(db, filter))) {
      throw new Error("The roll-ups' sums differ from the cases' own: the benchmark compares equals only");
    }
    const naive = await timed(NAIVE_RUNS, () => sumsFromCases(db, filter));
    const ours = after[PROVINCE] ?? Number.NaN;
    context.note(`  the province's sums from the cases: ${round(naive, 0)} ms (median of ${NAIVE_RUNS})`);
    const growth = Math.max(...[COUNTY, PROVINCE].map((r) => (after[r] ?? 0) / (before[r] ?? 1)));
    return [
      {
        name: "insights.dashboard_p50_ms_1m",
        value: round(Math.max(after[COUNTY] ?? 0, ours), 1),
        unit: "ms",
      },
      { name: "insights.growth_ratio_100k_to_1m", value: round(growth, 2), unit: "×" },
      { name: "insights.speedup_vs_naive_1m", value: round(naive / ours, 1), unit: "×" },
    ];
  } finally {
    await handle.close();
  }
}

register({
  metrics: [
    { name: "insights.dashboard_p50_ms_1m", unit: "ms" },
    { name: "insights.growth_ratio_100k_to_1m", unit: "×", goal: { max: 1.5 } },
    { name: "insights.speedup_vs_naive_1m", unit: "×", goal: { min: 20 } },
  ],
  run,
});
