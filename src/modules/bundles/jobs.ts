import type { JobDefinition } from "../../platform/jobs.ts";
import { settleBundles } from "./service.ts";

/**
 * Records each bundle's time once its last child has closed, every few minutes (a pg-boss schedule, one
 * server runs it): the bundle's page also records them when read, so the figures are never late to
 * whoever looks, and the job fills them in for bundles nobody opens.
 */
export const SETTLE_JOB = "bundles.settle";

export const settleJob: JobDefinition = {
  name: SETTLE_JOB,
  schedule: { cron: "*/5 * * * *", tz: "Asia/Shanghai" },
  retryLimit: 1,
  run: async (_data, { db, log }) => {
    const settled = await settleBundles(db);
    if (settled > 0) log.info({ settled }, "bundle times recorded");
  },
};
