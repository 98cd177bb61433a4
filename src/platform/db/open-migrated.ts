import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { type DatabaseHandle, openDatabase, pgliteDirOf } from "./database.ts";
import { migrateToLatest } from "./migrate.ts";

/**
 * Opens the database and brings its schema up to date; a failed migration closes it and throws. Every
 * command that touches data starts here; those that only read and write data (the audit verify) need
 * nothing more.
 */
export async function openMigrated(config: Config, log: Logger): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: pgliteDirOf(config.dataDir),
    durable: config.embeddedFsync,
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
