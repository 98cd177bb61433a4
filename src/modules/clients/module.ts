import type { Module } from "../index.ts";
import { clientsApi } from "./api.ts";

/** API clients: department systems calling the API with credentials of their own. */
export const clientsModule: Module = { name: "clients", api: clientsApi };
