/**
 * Tongban's benchmarks: `npm run bench -- [--json FILE] [--quick] [--only PREFIX]`.
 * Each file imported below registers its entries; a new benchmark is a new file and one import here.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  describeGoal,
  type Entry,
  type Measurement,
  type Metric,
  passes,
  RunResources,
  registered,
} from "./harness.ts";
import "./audit.ts";
import "./bundle.ts";
import "./catalog-search.ts";
import "./crypto.ts";
import "./crash.ts";
import "./exchange.ts";
import "./fuzz.ts";
import "./guide-page.ts";
import "./http.ts";
import "./insights.ts";
import "./insights-export.ts";
import "./durability.ts";
import "./open311.ts";
import "./pages.ts";
import "./policy.ts";
import "./queue.ts";
import "./ratings.ts";
import "./soak.ts";
import "./regions.ts";
import "./start.ts";
import "./submit.ts";

const USAGE = `Usage: npm run bench -- [--json FILE] [--quick] [--only PREFIX]

  --json FILE     also write [{"name","value","unit"}] to FILE
  --quick         shorter runs and smaller scopes (each entry under a minute); figures are indicative only
  --only PREFIX   run only the entries with a figure whose name starts with PREFIX (e.g. http.)

PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); each entry
that needs it gets a throw-away database tongban_bench_<random>, dropped at the end.`;

const DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

interface Row {
  metric: Metric;
  value?: number;
  error?: string;
}

function printTable(rows: Row[], quick: boolean): void {
  const body = rows.map((row) => {
    const goal = row.metric.goal;
    const verdict =
      row.value === undefined ? "error" : goal ? (passes(goal, row.value) ? "pass" : "FAIL") : "";
    return [
      row.metric.name,
      row.value === undefined ? "-" : String(row.value),
      row.metric.unit,
      goal ? describeGoal(goal) : "",
      verdict,
    ];
  });
  const header = ["name", "value", "unit", "goal", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [
    "",
    quick
      ? "QUICK RUN (--quick): shorter durations and smaller scopes; figures are indicative, not comparable with a full run"
      : "Full run",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
  ];
  for (const row of rows) if (row.error) out.push("", `${row.metric.name}: ${row.error}`);
  process.stdout.write(`${out.join("\n")}\n`);
}

let interrupted = false;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: "string" },
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const quick = values.quick === true;
  const only = values.only ?? "";
  const chosen = (metric: Metric) => metric.name.startsWith(only);
  const selected = registered().filter((entry) => entry.metrics.some(chosen));
  if (selected.length === 0) {
    const names = registered().flatMap((e) => e.metrics.map((m) => m.name));
    process.stderr.write(`bench: no entry starts with "${only}"; there are: ${names.join(", ")}\n`);
    return 2;
  }

  const resources = new RunResources(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER);
  const interrupt = (signal: NodeJS.Signals) => {
    interrupted = true;
    process.stderr.write(`\nbench: ${signal}, cleaning up (again to abort)\n`);
    resources.cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);

  const rows: Row[] = [];
  for (const entry of selected) {
    if (interrupted) break;
    try {
      rows.push(...(await runEntry(entry, resources, quick, chosen)));
    } finally {
      // Each entry's databases, directories and processes go before the next entry starts.
      await resources.cleanUp();
    }
  }

  printTable(rows, quick);
  if (values.json) {
    const file = resolve(values.json);
    const measured: Measurement[] = rows.flatMap((row) =>
      row.value === undefined ? [] : [{ name: row.metric.name, value: row.value, unit: row.metric.unit }],
    );
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(measured, null, 2)}\n`);
    process.stdout.write(`\nWrote ${measured.length} figures to ${file}\n`);
  }
  return rows.some((row) => row.error) ? 1 : 0;
}

async function runEntry(
  entry: Entry,
  resources: RunResources,
  quick: boolean,
  chosen: (metric: Metric) => boolean,
): Promise<Row[]> {
  const metrics = entry.metrics.filter(chosen);
  process.stderr.write(`bench: ${metrics.map((m) => m.name).join(", ")}${quick ? " (quick)" : ""}\n`);
  const started = performance.now();
  try {
    const measured = await entry.run(resources.context(quick));
    process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return metrics.map((metric) => {
      const found = measured.find((m) => m.name === metric.name);
      return found ? { metric, value: found.value } : { metric, error: "the entry did not report it" };
    });
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    process.stderr.write(`  failed: ${message}\n`);
    return metrics.map((metric) => ({ metric, error: (error as Error).message }));
  }
}

main().then(
  (code) => process.exit(interrupted ? 130 : code),
  (error: Error) => {
    process.stderr.write(`bench: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
