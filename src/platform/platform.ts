import type { Logger } from "pino";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/database.ts";
import type { Jobs } from "./jobs.ts";

/** What every route and job can reach: settings, the database, the job queue, the root logger. */
export interface Platform {
  config: Config;
  database: DatabaseHandle;
  jobs: Jobs;
  log: Logger;
}
