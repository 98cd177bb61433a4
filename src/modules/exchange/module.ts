import type { Module } from "../index.ts";
import { exchangeApi } from "./api.ts";

/** Registries and data sharing (数据共享): publishing, agreements, logged reads, once-only fetching. */
export const exchangeModule: Module = { name: "exchange", api: exchangeApi };
