import { parseArgs } from "node:util";
import type { Logger } from "pino";
import { buildApp } from "./app.ts";
import { auditCommand } from "./modules/audit/cli.ts";
import { DEMO_PASSWORD, type DemoAccount, seedDemo } from "./modules/demo/seed.ts";
import { hasAnyStaff } from "./modules/identity/service.ts";
import { allJobs } from "./modules/index.ts";
import { importRegions } from "./modules/regions/import.ts";
import { openMigrated, type Running, startPlatform } from "./platform/boot.ts";
import { type Config, loadConfig } from "./platform/config.ts";
import type { DatabaseHandle } from "./platform/db/database.ts";
import { isAppError } from "./platform/errors.ts";
import { createLogger } from "./platform/logging.ts";
import { progress } from "./platform/progress.ts";

const USAGE = `Usage: tongban <command>

Commands:
  serve                         run the web server and the job workers (default)
  worker                        run the job workers only
  migrate                       bring the database schema up to date
  seed                          load the demo county, its departments and staff accounts
  regions import --province NN  import one province's administrative divisions (e.g. 33)
  regions import --county NNNNNN  import one county with the province and city above it
  regions import --all          import the whole country (about 665,000 divisions)
  audit verify                  check the audit trail's hash chain; exit 1 naming the first broken entry

Settings come from the environment; see README.md.`;

/** Errors that say what to fix: printed as one line, without a stack. */
const EXPLAINED = new Set([
  "ConfigError",
  "DatabaseUnavailableError",
  "DataDirBusyError",
  "MigrationError",
  "UnknownRegionError",
  "UsageError",
]);

class UsageError extends Error {
  override name = "UsageError";
}

function printDemoAccounts(config: Config, accounts: DemoAccount[]): void {
  if (accounts.length === 0) return;
  const lines = accounts.map((a) => `  ${a.username.padEnd(16)} ${a.role.padEnd(14)} ${a.jurisdiction}`);
  process.stderr.write(
    `\nThe demo is loaded. Staff sign in at ${config.baseUrl}/signin with password ${DEMO_PASSWORD}:\n` +
      `${lines.join("\n")}\n\n`,
  );
}

async function serve(config: Config, log: Logger): Promise<void> {
  const running = await startPlatform(config, log, allJobs(), { work: config.workers });
  try {
    if (config.demo && !(await hasAnyStaff(running.database.db))) {
      log.info("first start: loading the demo");
      printDemoAccounts(config, await seedDemo(running.database.db));
    }
    const app = await buildApp(running);
    await app.listen({ port: config.port, host: config.host }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        throw new UsageError(`PORT ${config.port} is already in use: stop the program using it or set PORT`);
      }
      throw error;
    });
    log.info({ url: config.baseUrl, database: running.database.kind }, "Tongban is ready");
    stopOnSignal(log, async () => {
      await app.close();
      await running.stop();
    });
  } catch (error) {
    await running.stop().catch(() => {});
    throw error;
  }
}

async function worker(config: Config, log: Logger): Promise<void> {
  const running = await startPlatform(config, log, allJobs(), { work: true });
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

async function withDatabase(
  config: Config,
  log: Logger,
  work: (database: DatabaseHandle) => Promise<void>,
): Promise<void> {
  const database = await openMigrated(config, log);
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

async function regionsImport(config: Config, log: Logger, args: string[]): Promise<void> {
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

export async function main(argv: string[]): Promise<void> {
  const [command = "serve", ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  switch (command) {
    case "serve":
      return serve(config, log);
    case "worker":
      return worker(config, log);
    case "migrate":
      return once(config, log, async () => {
        process.stderr.write("The database schema is up to date.\n");
      });
    case "seed":
      return once(config, log, async ({ database }) => {
        printDemoAccounts(
          config,
          await seedDemo(database.db, (total) => progress({ label: "demo regions", total })),
        );
      });
    case "audit":
      return withDatabase(config, log, async (database) => {
        process.exitCode = await auditCommand(database, rest);
      });
    case "regions":
      if (rest[0] !== "import") throw new UsageError(`Unknown command "regions ${rest[0] ?? ""}".\n${USAGE}`);
      return regionsImport(config, log, rest.slice(1));
    default:
      throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  if (EXPLAINED.has(error.name) || isAppError(error)) {
    process.stderr.write(`tongban: ${error.message}\n`);
  } else {
    process.stderr.write(`tongban: unexpected failure: ${error.stack ?? error}\n`);
  }
  process.exit(1);
});
