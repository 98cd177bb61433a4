/**
 * The commands that run the platform: loaded by main.ts only when one of them is asked for, so that a
 * command that needs less (audit verify) starts without loading the web server and the job queue.
 */
import { parseArgs } from "node:util";
import type { Logger } from "pino";
import { buildApp } from "./app.ts";
import { importPackageCalendar } from "./modules/calendar/service.ts";
import { seedDemoCases } from "./modules/demo/applicant.ts";
import { seedDemoBundles } from "./modules/demo/bundles.ts";
import { seedDemoConsultationComments } from "./modules/demo/consultations.ts";
import { seedDemoDevices } from "./modules/demo/devices.ts";
import { generateHistory, parseCases } from "./modules/demo/generate.ts";
import { seedDemoAgents } from "./modules/demo/points.ts";
import { seedDemoRanking } from "./modules/demo/ranking.ts";
import { seedDemoRatings } from "./modules/demo/ratings.ts";
import { DEMO_PASSWORD, type DemoAccount, seedDemo } from "./modules/demo/seed.ts";
import { seedDemoSharing } from "./modules/demo/sharing.ts";
import { seedDemoLicences } from "./modules/demo/wallet.ts";
import { hasAnyStaff } from "./modules/identity/service.ts";
import { allJobs } from "./modules/index.ts";
import { rebuildInsights } from "./modules/insights/rollup.ts";
import { checkScope, importRegions } from "./modules/regions/import.ts";
import { type Running, startPlatform } from "./platform/boot.ts";
import type { Config } from "./platform/config.ts";
import type { DatabaseHandle } from "./platform/db/database.ts";
import { survivePgBossCompletionFailures } from "./platform/jobs.ts";
import { progress } from "./platform/progress.ts";
import { UsageError } from "./usage-error.ts";

/**
 * The demo's parts that need the running platform (its jobs, its personal data key), in order: the
 * household register first, whose booklets the cases fetch; the cases, which make the applicant's
 * account that the licences and ratings belong to. A part that cannot be made is logged and the demo
 * still starts: a demo without cases is an empty worklist, not a broken one.
 */
const DEMO_PARTS: { name: string; seed: (running: Running) => Promise<unknown> }[] = [
  { name: "registry records", seed: seedDemoSharing },
  { name: "cases", seed: seedDemoCases },
  { name: "licences", seed: seedDemoLicences },
  { name: "hall devices", seed: (r) => seedDemoDevices(r.database.db, r.config.personalDataKey) },
  { name: "village agent", seed: seedDemoAgents },
  { name: "bundles", seed: seedDemoBundles },
  { name: "ratings", seed: seedDemoRatings },
  { name: "consultation comments", seed: seedDemoConsultationComments },
  { name: "department ranking", seed: seedDemoRanking },
  // Last, so the dashboards open on everything above rather than a minute later.
  { name: "insight roll-ups", seed: (r) => rebuildInsights(r.database.db) },
];

async function seedDemoParts(running: Running, log: Logger): Promise<void> {
  for (const part of DEMO_PARTS) {
    await part.seed(running).then(
      (made) => log.info({ part: part.name, made }, "demo part loaded"),
      (error: unknown) => log.warn({ err: error, part: part.name }, "a part of the demo could not be loaded"),
    );
  }
}

function printDemoAccounts(config: Config, accounts: DemoAccount[]): void {
  if (accounts.length === 0) return;
  const lines = accounts.map((a) => `  ${a.username.padEnd(20)} ${a.role.padEnd(14)} ${a.jurisdiction}`);
  process.stderr.write(
    `\nThe demo is loaded. Staff sign in at ${config.baseUrl}/signin with password ${DEMO_PASSWORD}:\n` +
      `${lines.join("\n")}\n\n`,
  );
}

export async function serve(config: Config, log: Logger, opening?: Promise<DatabaseHandle>): Promise<void> {
  survivePgBossCompletionFailures(log);
  const running = await startPlatform(config, log, allJobs(), {
    work: config.workers,
    ...(opening ? { opening } : {}),
  });
  try {
    if (config.demo && !(await hasAnyStaff(running.database.db))) {
      log.info("first start: loading the demo");
      printDemoAccounts(config, await seedDemo(running.database.db));
      await seedDemoParts(running, log);
    }
    const app = await buildApp(running);
    await app.listen({ port: config.port, host: config.host }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        throw new UsageError(`PORT ${config.port} is already in use: stop the program using it or set PORT`);
      }
      throw error;
    });
    log.info({ url: config.baseUrl, database: running.database.kind }, "Tongban is ready");
    if (!config.clamd && !config.demo) {
      log.warn(
        'CLAMD_URL is not set: uploaded files are not scanned for malware. Set CLAMD_URL=unix:///run/clamav/clamd.ctl (docs/operations.md, "Scanning uploads for malware").',
      );
    }
    stopOnSignal(log, async () => {
      await app.close();
      await running.stop();
    });
  } catch (error) {
    await running.stop().catch(() => {});
    throw error;
  }
}

export async function worker(config: Config, log: Logger, opening?: Promise<DatabaseHandle>): Promise<void> {
  survivePgBossCompletionFailures(log);
  const running = await startPlatform(config, log, allJobs(), {
    work: true,
    ...(opening ? { opening } : {}),
  });
  log.info({ database: running.database.kind }, "Tongban workers are running");
  stopOnSignal(log, () => running.stop());
}

function stopOnSignal(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, "stop failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

async function once(config: Config, log: Logger, work: (running: Running) => Promise<void>): Promise<void> {
  const running = await startPlatform(config, log, allJobs(), { work: false });
  try {
    await work(running);
  } finally {
    await running.stop();
  }
}

export async function regionsImport(config: Config, log: Logger, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { province: { type: "string" }, county: { type: "string" }, all: { type: "boolean" } },
  });
  const chosen = [values.province, values.county, values.all].filter((v) => v !== undefined);
  if (chosen.length !== 1)
    throw new UsageError("regions import needs exactly one of --province NN, --county NNNNNN, --all");
  const scope = values.all
    ? { all: true as const }
    : values.province
      ? { province: values.province }
      : { county: values.county as string };
  await checkScope(scope);
  await once(config, log, async ({ database }) => {
    const result = await importRegions(database.db, scope, {
      progress: (total) => progress({ label: "regions", total }),
    });
    const { skipped, ...counts } = result;
    process.stderr.write(
      `Imported ${JSON.stringify(counts)}${skipped.length ? `; skipped ${skipped.length}` : ""}\n`,
    );
  });
}

export async function calendarImport(config: Config, log: Logger, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { "overwrite-admin": { type: "boolean" } } });
  await once(config, log, async ({ database }) => {
    const result = await importPackageCalendar(database.db, {
      overwriteAdmin: values["overwrite-admin"] === true,
    });
    const years = (list: number[]) => (list.length > 0 ? list.join(", ") : "none");
    process.stderr.write(
      `Calendar years imported: ${years(result.imported)}; already up to date: ${years(result.unchanged)}; entered by an administrator and kept: ${years(result.kept)}.\n`,
    );
  });
}

export async function migrate(config: Config, log: Logger): Promise<void> {
  await once(config, log, async () => {
    process.stderr.write("The database schema is up to date.\n");
  });
}

export async function seed(config: Config, log: Logger): Promise<void> {
  await once(config, log, async ({ database }) => {
    printDemoAccounts(
      config,
      await seedDemo(database.db, (total) => progress({ label: "demo regions", total })),
    );
  });
}

/** `demo generate --cases N`: history for the dashboards, then their roll-ups recounted over it. */
export async function demoGenerate(config: Config, log: Logger, args: string[]): Promise<void> {
  let raw: string | undefined;
  try {
    raw = parseArgs({ args, options: { cases: { type: "string" } } }).values.cases;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; e.g. tongban demo generate --cases 100000`);
  }
  const cases = parseCases(raw);
  await once(config, log, async ({ database }) => {
    const report = await generateHistory(database.db, {
      cases,
      progress: (total) => progress({ label: "demo cases", total }),
    });
    const { cases: counted } = await rebuildInsights(database.db);
    process.stderr.write(
      `Generated cases: ${report.after.toLocaleString("en-US")} (${(report.after - report.before).toLocaleString("en-US")} added now); insight roll-ups rebuilt over ${counted.toLocaleString("en-US")} cases.\n`,
    );
  });
}

/** `govstack seed [--data DIR]`: the public GovStack suites' conformance data (docs/govstack.md). */
export async function govstackSeed(config: Config, log: Logger, args: string[]): Promise<void> {
  let dir: string | undefined;
  try {
    dir = parseArgs({ args, options: { data: { type: "string" } } }).values.data;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; e.g. tongban govstack seed --data DIR`);
  }
  const [{ loadConformanceData, defaultSpecsDir }, { seedConformance, seededReport }] = await Promise.all([
    import("./modules/govstack/conformance/data.ts"),
    import("./modules/govstack/conformance/seed.ts"),
  ]);
  let data: ReturnType<typeof loadConformanceData>;
  try {
    data = loadConformanceData(dir ?? defaultSpecsDir());
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  await once(config, log, async (running) => {
    process.stdout.write(seededReport(config.baseUrl, await seedConformance(running, data)));
  });
}
