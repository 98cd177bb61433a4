import type { Module } from "../index.ts";
import { applicationsApi } from "./api.ts";
import { applicationPages } from "./pages.tsx";

/** Applying online: drafts, materials, the commitment, submission and resubmission. */
export const applicationsModule: Module = {
  name: "applications",
  api: applicationsApi,
  pages: applicationPages,
};
