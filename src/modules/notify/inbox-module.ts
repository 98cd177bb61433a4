import type { Module } from "../index.ts";

/** The in-app inbox (filled in by the work of issue 5). */
export const inboxModule: Module = { name: "inbox" };
