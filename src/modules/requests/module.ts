import type { Module } from "../index.ts";
import { requestsApi } from "./api.ts";
import { requestsPages } from "./pages.tsx";
import { requestsSweepJob } from "./sweep.ts";

/** Requests from the public (12345-style 诉求) and their Open311 GeoReport v2 API (issue 8). */
export const requestsModule: Module = {
  name: "requests",
  api: requestsApi,
  pages: requestsPages,
  jobs: [requestsSweepJob],
};
