import type { Module } from "../index.ts";
import { consultationsApi } from "./api.ts";
import { consultationsPages } from "./pages.tsx";

/** Public consultations on draft policies (征求意见) (issue 8). */
export const consultationsModule: Module = {
  name: "consultations",
  api: consultationsApi,
  pages: consultationsPages,
};
