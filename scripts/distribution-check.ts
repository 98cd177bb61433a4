/**
 * `npm run check:distribution`: runs the test suite with every statement read for the province it names
 * (test/distribution-check.ts), then lists by store function the statements a Citus cluster sharded by
 * province would send to every shard (docs/scale-out.md, section 5, item 6).
 *
 * It exits 2 when a test fails; with `--strict`, as CI runs it, 1 when any statement is listed, else 0 —
 * without, 0 whatever it lists. Arguments after `--` go to vitest (a file or a name filter).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

interface Fault {
  from: string;
  table: string;
  why: string;
  sql: string;
}

const { values, positionals } = parseArgs({
  options: { strict: { type: "boolean", default: false }, quiet: { type: "boolean", default: false } },
  allowPositionals: true,
});

const dir = mkdtempSync(join(tmpdir(), "tongban-distribution-"));
try {
  const run = spawnSync("npx", ["vitest", "run", ...positionals], {
    stdio: values.quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    env: { ...process.env, TEST_DISTRIBUTION_CHECK: dir },
  });
  const faults = new Map<string, Fault>();
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (!line) continue;
      const fault = JSON.parse(line) as Fault;
      faults.set(`${fault.from}|${fault.table}|${fault.why}`, fault);
    }
  }
  const byCaller = new Map<string, Fault[]>();
  for (const fault of faults.values()) byCaller.set(fault.from, [...(byCaller.get(fault.from) ?? []), fault]);
  const callers = [...byCaller.keys()].sort();
  for (const from of callers) {
    const list = byCaller.get(from) ?? [];
    const tables = [...new Set(list.map((f) => (f.why === "no province" ? f.table : `${f.table} (insert)`)))];
    process.stdout.write(`${from}: ${tables.join(", ")}\n`);
  }
  const tables = new Set([...faults.values()].map((f) => f.table));
  process.stdout.write(
    `\ndistribution check: ${faults.size} unpinned uses of ${tables.size} province tables ` +
      `in ${callers.length} functions` +
      (run.status === 0 ? "" : ` (the test run itself exited ${run.status}: fix that first)`) +
      "\n",
  );
  process.exitCode = run.status !== 0 ? 2 : values.strict && faults.size > 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
