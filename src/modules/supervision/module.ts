import type { Module } from "../index.ts";
import { supervisionApi } from "./api.ts";
import { supervisionPages } from "./overview-pages.tsx";
import { rankingJob } from "./ranking.ts";
import { rankingPages } from "./ranking-pages.tsx";

/** Supervision (效能监察): overdue work by region for supervisors, and the public ranking of departments. */
export const supervisionModule: Module = {
  name: "supervision",
  api: supervisionApi,
  pages: async (app) => {
    await app.register(supervisionPages);
    await app.register(rankingPages);
  },
  jobs: [rankingJob],
};
