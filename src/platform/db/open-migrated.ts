import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { type DatabaseHandle, DatabaseUnavailableError, openDatabase, pgliteDirOf } from "./database.ts";
import { migrateToLatest } from "./migrate.ts";
import { currentRole, grantServing, servingRoleProblems } from "./roles.ts";

/**
 * Opens the database and brings its schema up to date; a failed migration closes it and throws. Every
 * command that touches data starts here; those that only read and write data (the audit verify) need
 * nothing more. With DATABASE_OWNER_URL the owner migrates and grants, and what is returned is the
 * serving role's connection, refused if that role could change the schema.
 */
export async function openMigrated(config: Config, log: Logger): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: pgliteDirOf(config.dataDir),
    durable: config.embeddedFsync,
  });
  try {
    if (config.databaseOwnerUrl) {
      await migrateAsOwner(config.databaseOwnerUrl, database, log);
      database.servesOnly = true;
    } else {
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0) log.info({ migrations: applied }, "database migrated");
    }
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return database;
}

/**
 * Opens the owner's connection for the length of `work`: the migrations, and pg-boss's (boot.ts).
 * Then grants the serving role its privileges afresh, over every table there is by now.
 */
export async function asOwner<T>(
  ownerUrl: string,
  serving: DatabaseHandle,
  work: (owner: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const owner = await openDatabase({
    databaseUrl: ownerUrl,
    pgliteDir: "",
    poolSize: 2,
    setting: "DATABASE_OWNER_URL",
  });
  try {
    const done = await work(owner);
    await refuseWideServingRole(serving);
    await grantServing(owner.db, await currentRole(serving.db));
    return done;
  } finally {
    await owner.close();
  }
}

async function migrateAsOwner(ownerUrl: string, serving: DatabaseHandle, log: Logger): Promise<void> {
  const applied = await asOwner(ownerUrl, serving, (owner) => migrateToLatest(owner.db));
  if (applied.length > 0) log.info({ migrations: applied }, "database migrated by the schema's owner");
}

/**
 * A serving role that could alter the tables or their triggers defeats the point of a second role: the
 * start is refused rather than warned about, as a warning in a log would leave the audit trail open
 * while the operator believes it closed. Checked before granting: granting to the owner itself would
 * revoke its own privileges.
 */
async function refuseWideServingRole(serving: DatabaseHandle): Promise<void> {
  const problems = await servingRoleProblems(serving.db);
  if (problems.length === 0) return;
  const role = await currentRole(serving.db);
  throw new DatabaseUnavailableError(
    `DATABASE_URL: the serving role "${role}" ${problems.join("; ")}, so it could alter the tables or turn ` +
      "off the audit trail's triggers. Sign DATABASE_URL in as a role that owns nothing and is no superuser " +
      "(tongban db roles prints the SQL that makes one), or unset DATABASE_OWNER_URL to run with one role",
  );
}
