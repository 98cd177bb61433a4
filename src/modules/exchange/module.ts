import type { Module } from "../index.ts";
import { exchangeApi } from "./api.ts";
import { exchangePages } from "./pages.tsx";

/** Registries and data sharing (数据共享): publishing, agreements, logged reads, once-only fetching. */
export const exchangeModule: Module = { name: "exchange", api: exchangeApi, pages: exchangePages };
