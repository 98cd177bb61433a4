import type { Logger } from "pino";
import { type Config, loadConfig } from "./platform/config.ts";
import { isAppError } from "./platform/errors.ts";
import { createLogger } from "./platform/logging.ts";
import { UsageError } from "./usage-error.ts";

const USAGE = `Usage: tongban <command>

Commands:
  serve                         run the web server and the job workers (default)
  worker                        run the job workers only
  migrate                       bring the database schema up to date
  seed                          load the demo county, its departments and staff accounts
  demo generate --cases N       add N cases of history (two years, with events, ratings, 12345 requests)
                                over the imported divisions, then rebuild the insight roll-ups; rerun
                                with the same N adds nothing, with a larger N the difference
  regions import --province NN  import one province's administrative divisions (e.g. 33)
  regions import --county NNNNNN  import one county with the province and city above it
  regions import --all          import the whole country (about 665,000 divisions)
  calendar import [--overwrite-admin]  load the statutory holidays of every year the chinese-days
                                package has; years an administrator entered are kept unless told
  insights rebuild              count every case again into the insight roll-ups
  audit verify [--anchor FILE|URL]  check the audit trail's hash chains (and that they still hold a
                                saved anchor's heads); exit 1 naming the first broken entry
  db roles|grants|check         the schema's owner and the serving role (tongban db help)
  backup DIR                    back the database and the file store up into a new folder
  restore DIR                   restore a backup into an empty database and check it, record for record
  clients create|list|rotate|disable  API clients of department systems (tongban clients help)
  govstack identities add|list|remove  GovStack callers (Information-Mediator-Client) bound to API
                                clients (tongban govstack help)
  govstack seed [--data DIR]    the public GovStack suites' conformance data (docs/govstack.md)
  staff create|grant|revoke|reset-password
                                staff accounts, and the three administrators (tongban staff help)
  sessions end-all              end everyone's sessions, staff and people (tongban sessions help)
  keys rotate|check             encrypt personal data again under PERSONAL_DATA_KEY, or count what
                                still needs a retired key (tongban keys help)

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

/** `audit …` needs the database alone: neither the web server nor the job queue is loaded for it. */
async function audit(config: Config, log: Logger, args: string[]): Promise<void> {
  const [{ openMigrated }, { auditCommand }] = await Promise.all([
    import("./platform/db/open-migrated.ts"),
    import("./modules/audit/cli.ts"),
  ]);
  const database = await openMigrated(config, log);
  try {
    process.exitCode = await auditCommand(database, args);
  } finally {
    await database.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command = "serve", ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  if (command === "audit") return audit(config, log, rest);
  if (command === "clients") {
    // Like `audit`: the database alone, opened once the arguments hold.
    const [{ openMigrated }, { clientsCommand }] = await Promise.all([
      import("./platform/db/open-migrated.ts"),
      import("./modules/clients/cli.ts"),
    ]);
    process.exitCode = await clientsCommand(() => openMigrated(config, log), rest);
    return;
  }
  if (command === "govstack" && rest[0] === "seed") {
    // Unlike the identities: cases are opened, so the platform with its job queue is started.
    const { govstackSeed } = await import("./commands.ts");
    return govstackSeed(config, log, rest.slice(1));
  }
  if (command === "govstack") {
    const [{ openMigrated }, { govstackCommand }] = await Promise.all([
      import("./platform/db/open-migrated.ts"),
      import("./modules/govstack/cli.ts"),
    ]);
    process.exitCode = await govstackCommand({ open: () => openMigrated(config, log), config, log }, rest);
    return;
  }
  if (command === "staff") {
    const [{ openMigrated }, { staffCommand }] = await Promise.all([
      import("./platform/db/open-migrated.ts"),
      import("./modules/identity/cli.ts"),
    ]);
    process.exitCode = await staffCommand(() => openMigrated(config, log), rest);
    return;
  }
  if (command === "sessions") {
    const [{ openMigrated }, { sessionsCommand }] = await Promise.all([
      import("./platform/db/open-migrated.ts"),
      import("./modules/identity/sessions-cli.ts"),
    ]);
    process.exitCode = await sessionsCommand(() => openMigrated(config, log), rest);
    return;
  }
  if (command === "db") {
    const { dbCommand } = await import("./platform/db/cli.ts");
    process.exitCode = await dbCommand(config, rest);
    return;
  }
  if (command === "keys") {
    // Like `audit`: the database alone.
    const [{ openMigrated }, { keysCommand }] = await Promise.all([
      import("./platform/db/open-migrated.ts"),
      import("./modules/keys/cli.ts"),
    ]);
    const database = await openMigrated(config, log);
    try {
      process.exitCode = await keysCommand(database, config, rest);
    } finally {
      await database.close();
    }
    return;
  }
  if (command === "backup" || command === "restore") {
    const { backupCommand } = await import("./platform/backup/cli.ts");
    process.exitCode = await backupCommand(command, config, log, rest);
    return;
  }
  if (command === "insights") {
    // Like `audit`: the database alone.
    const [{ openMigrated }, { insightsCommand }] = await Promise.all([
      import("./platform/db/open-migrated.ts"),
      import("./modules/insights/cli.ts"),
    ]);
    const database = await openMigrated(config, log);
    try {
      process.exitCode = await insightsCommand(database, rest);
    } finally {
      await database.close();
    }
    return;
  }
  if (command === "regions" && rest[0] !== "import") {
    throw new UsageError(`Unknown command "regions ${rest[0] ?? ""}".\n${USAGE}`);
  }
  if (command === "calendar" && rest[0] !== "import") {
    throw new UsageError(`Unknown command "calendar ${rest[0] ?? ""}".\n${USAGE}`);
  }
  if (command === "demo" && rest[0] !== "generate") {
    throw new UsageError(`Unknown command "demo ${rest[0] ?? ""}".\n${USAGE}`);
  }
  if (!["serve", "worker", "migrate", "seed", "regions", "calendar", "demo"].includes(command)) {
    throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
  }
  if (command === "serve" || command === "worker") {
    // Opening the embedded database compiles PostgreSQL's WebAssembly, mostly on V8's background
    // threads: started first, it overlaps with loading the web server's code on this one.
    const opening = import("./platform/db/open-migrated.ts").then((m) => m.openMigrated(config, log));
    opening.catch(() => {}); // awaited, and reported, by the command
    const commands = await import("./commands.ts");
    return command === "serve" ? commands.serve(config, log, opening) : commands.worker(config, log, opening);
  }
  const commands = await import("./commands.ts");
  switch (command) {
    case "migrate":
      return commands.migrate(config, log);
    case "seed":
      return commands.seed(config, log);
    case "calendar":
      return commands.calendarImport(config, log, rest.slice(1));
    case "demo":
      return commands.demoGenerate(config, log, rest.slice(1));
    default:
      return commands.regionsImport(config, log, rest.slice(1));
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
