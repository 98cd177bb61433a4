import type { Module } from "../index.ts";
import { insightsApi } from "./api.ts";
import { dashboardPages } from "./dashboard-pages.tsx";
import { eventLogApi } from "./event-log-api.ts";
import { miningApi } from "./mining-api.ts";
import { miningPages } from "./mining-pages.tsx";
import { rebuildJob, refreshJob } from "./rollup.ts";

/**
 * Insight (issue 9): dashboards for every level and open data from the roll-ups the jobs keep; process
 * mining, what-if and the event log from the cases' events.
 */
export const insightsModule: Module = {
  name: "insights",
  api: async (app) => {
    await app.register(insightsApi);
    await app.register(miningApi);
    await app.register(eventLogApi);
  },
  pages: async (app) => {
    await app.register(dashboardPages);
    await app.register(miningPages);
  },
  jobs: [refreshJob, rebuildJob],
};
