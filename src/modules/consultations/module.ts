import type { Module } from "../index.ts";

/** Public consultations on draft policies (征求意见) (issue 8). */
export const consultationsModule: Module = { name: "consultations" };
