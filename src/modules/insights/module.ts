import type { Module } from "../index.ts";
import { insightsApi } from "./api.ts";
import { dashboardPages } from "./dashboard-pages.tsx";
import { rebuildJob, refreshJob } from "./rollup.ts";

/** Insight (issue 9): dashboards for every level from the roll-ups the jobs keep. */
export const insightsModule: Module = {
  name: "insights",
  api: insightsApi,
  pages: dashboardPages,
  jobs: [refreshJob, rebuildJob],
};
