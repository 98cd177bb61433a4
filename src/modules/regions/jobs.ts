import type { JobDefinition } from "../../platform/jobs.ts";
import { checkRegionTree } from "./check.ts";

export const REGION_CHECK_JOB = "regions.consistency-check";

/** Nightly, after the quiet hours begin: the region tree every case and measure hangs on must hold. */
export const regionCheckJob: JobDefinition = {
  name: REGION_CHECK_JOB,
  schedule: { cron: "30 2 * * *", tz: "Asia/Shanghai" },
  run: async (_data, { db, log }) => {
    const summary = await checkRegionTree(db);
    if (summary.problems > 0) log.warn({ summary }, "the region tree has problems");
  },
};
