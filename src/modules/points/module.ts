import type { Module } from "../index.ts";
import { pointsApi } from "./api.ts";

/** Village and community service points (便民服务站): agents, their intake and worklist, their workload. */
export const pointsModule: Module = { name: "points", api: pointsApi };
