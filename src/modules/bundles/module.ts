import type { Module } from "../index.ts";
import { bundlesApi } from "./api.ts";
import { settleJob } from "./jobs.ts";
import { bundlesPages } from "./pages.tsx";

/** One-thing bundles (一件事一次办): one form, one submission, child cases in parallel, combined status. */
export const bundlesModule: Module = {
  name: "bundles",
  api: bundlesApi,
  pages: bundlesPages,
  jobs: [settleJob],
};
