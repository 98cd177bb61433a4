import { registerOpenCaseCounter } from "../catalog/guards.ts";
import type { Module } from "../index.ts";
import { casesApi } from "./api.ts";
import { casePublicPages } from "./public-pages.tsx";
import { openCaseCount } from "./service.ts";
import { sweepJob } from "./sweep.ts";
import { workPages } from "./work-pages.tsx";

// An item with open cases cannot be retired: the catalogue asks the case engine how many there are.
registerOpenCaseCounter(openCaseCount);

/** Cases (办件): the engine's API for applicants, staff and supervisors, their pages, the clock's timers. */
export const casesModule: Module = {
  name: "cases",
  api: casesApi,
  pages: async (app) => {
    await app.register(casePublicPages);
    await app.register(workPages);
  },
  jobs: [sweepJob],
};
