import type { Logger } from "pino";
import { sealAudit, setAuditSealing } from "../modules/audit/service.ts";
import type { Config } from "./config.ts";
import { setCryptoSuite, setRetiredKeys } from "./crypto.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { asOwner, openMigrated } from "./db/open-migrated.ts";
import { type JobDefinition, Jobs } from "./jobs.ts";
import type { Platform } from "./platform.ts";

export interface Running extends Platform {
  stop(): Promise<void>;
}

/**
 * Opens the database, brings its schema up to date (a failed migration stops everything here) and
 * starts the job queue: how the server, the workers and the data commands start. `opening` is the
 * database already being opened by the caller, who started it early to overlap it with loading code.
 */
export async function startPlatform(
  config: Config,
  log: Logger,
  jobDefinitions: JobDefinition[],
  options: { work: boolean; opening?: Promise<DatabaseHandle> },
): Promise<Running> {
  // Before anything is written: migrations and the demo encrypt too.
  setCryptoSuite(config.cryptoSuite);
  setRetiredKeys(config.personalDataKey, config.personalDataKeysRetired);
  const database: DatabaseHandle = await (options.opening ?? openMigrated(config, log));
  let jobs: Jobs | undefined;
  try {
    if (database.servesOnly && config.databaseOwnerUrl) {
      await prepareJobsAsOwner(config, config.databaseOwnerUrl, database, log, jobDefinitions);
    }
    jobs = new Jobs(database, log, jobDefinitions, config);
    await jobs.start(options);
  } catch (error) {
    await jobs?.stop().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
  const started = jobs;
  setAuditSealing(config.auditSealing);
  // Pending audit entries join the chain within a second; readers of the trail seal first anyway.
  const sealer =
    config.auditSealing === "batch"
      ? setInterval(() => {
          sealAudit(database.db).catch((error: unknown) => log.warn({ err: error }, "audit sealing failed"));
        }, 1000).unref()
      : undefined;
  return {
    config,
    database,
    jobs: started,
    log,
    stop: async () => {
      clearInterval(sealer);
      await started.stop();
      await sealAudit(database.db).catch((error: unknown) =>
        log.warn({ err: error }, "audit sealing failed"),
      );
      await database.close();
    },
  };
}

/**
 * pg-boss's schema and the queues, made by the schema's owner: pg-boss makes a table for each queue and
 * attaches it to its job table, which only the owner of that table may. The serving role then finds
 * them made (its createQueue changes nothing) and is granted their rows.
 */
async function prepareJobsAsOwner(
  config: Config,
  ownerUrl: string,
  serving: DatabaseHandle,
  log: Logger,
  jobDefinitions: JobDefinition[],
): Promise<void> {
  await asOwner(ownerUrl, serving, async (owner) => {
    const jobs = new Jobs(owner, log, jobDefinitions, config);
    try {
      await jobs.start({ work: false });
    } finally {
      await jobs.stop();
    }
  });
}
