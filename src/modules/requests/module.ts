import type { Module } from "../index.ts";

/** Requests from the public (12345-style 诉求) and their Open311 GeoReport v2 API (issue 8). */
export const requestsModule: Module = { name: "requests" };
