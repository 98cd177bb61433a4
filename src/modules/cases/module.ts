import type { Module } from "../index.ts";

/** The cases capability: its API, pages and jobs (filled in by the work of issue 5). */
export const casesModule: Module = { name: "cases" };
