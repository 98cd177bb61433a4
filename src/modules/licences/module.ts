import type { Module } from "../index.ts";

/** The licences capability: its API, pages and jobs (filled in by the work of issue 5). */
export const licencesModule: Module = { name: "licences" };
