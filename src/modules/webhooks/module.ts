import type { Module } from "../index.ts";

/** The webhooks capability: its API, pages and jobs (filled in by the work of issue 5). */
export const webhooksModule: Module = { name: "webhooks" };
