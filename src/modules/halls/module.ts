import type { Module } from "../index.ts";
import { hallsApi } from "./api.ts";
import { hallsPages } from "./pages.tsx";

/** Halls and service points (线上线下融合): sites, windows, queues, appointments, intake at a window. */
export const hallsModule: Module = { name: "halls", api: hallsApi, pages: hallsPages };
