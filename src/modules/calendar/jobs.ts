import type { JobDefinition } from "../../platform/jobs.ts";
import { COVERAGE_WARNING_DAYS, calendarCoverage } from "./service.ts";

export const COVERAGE_CHECK_JOB = "calendar.coverage-check";

/**
 * Daily: once the last year with holiday data ends within COVERAGE_WARNING_DAYS, every deadline past
 * it is uncertain, so the next year's holidays must be entered (or imported from an updated package).
 */
export const coverageCheckJob: JobDefinition = {
  name: COVERAGE_CHECK_JOB,
  schedule: { cron: "0 8 * * *", tz: "Asia/Shanghai" },
  run: async (_data, { db, log }) => {
    const coverage = await calendarCoverage(db);
    if (coverage.warning) {
      log.warn(
        { coverage, warningDays: COVERAGE_WARNING_DAYS },
        "the working-day calendar runs out soon: enter the next year's holidays",
      );
    }
  },
};
