import type { Module } from "../index.ts";

/** The applications capability: its API, pages and jobs (filled in by the work of issue 5). */
export const applicationsModule: Module = { name: "applications" };
