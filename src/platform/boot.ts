import type { Logger } from "pino";
import type { Config } from "./config.ts";
import { type DatabaseHandle, openDatabase, pgliteDirOf } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { type JobDefinition, Jobs } from "./jobs.ts";
import type { Platform } from "./platform.ts";

export interface Running extends Platform {
  stop(): Promise<void>;
}

/**
 * Opens the database, brings its schema up to date (a failed migration stops everything here) and
 * starts the job queue. Every command that touches data starts this way.
 */
export async function startPlatform(
  config: Config,
  log: Logger,
  jobDefinitions: JobDefinition[],
  options: { work: boolean },
): Promise<Running> {
  const database: DatabaseHandle = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: pgliteDirOf(config.dataDir),
  });
  let jobs: Jobs | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log.info({ migrations: applied }, "database migrated");
    jobs = new Jobs(database, log, jobDefinitions, config);
    await jobs.start(options);
  } catch (error) {
    await jobs?.stop().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
  const started = jobs;
  return {
    config,
    database,
    jobs: started,
    log,
    stop: async () => {
      await started.stop();
      await database.close();
    },
  };
}

/**
 * The database alone, migrated: for commands that only read and write data (the audit verify) and have
 * no use for the job queue, whose start costs a second.
 */
export async function openMigrated(config: Config, log: Logger): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: pgliteDirOf(config.dataDir),
  });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log.info({ migrations: applied }, "database migrated");
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return database;
}
