import type { Module } from "../index.ts";

/** Ratings (好差评) of services and the rectification of bad ones (issue 8). */
export const ratingsModule: Module = { name: "ratings" };
