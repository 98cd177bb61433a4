import type { Module } from "../index.ts";
import { pointsApi } from "./api.ts";
import { pointsPages } from "./pages.tsx";

/** Village and community service points (便民服务站): agents, their intake and worklist, their workload. */
export const pointsModule: Module = { name: "points", api: pointsApi, pages: pointsPages };
