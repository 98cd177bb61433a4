import type { Module } from "../index.ts";

/** Government information disclosure (政务公开): publications, feeds, disclosure requests (issue 8). */
export const disclosureModule: Module = { name: "disclosure" };
