import type { Module } from "../index.ts";
import { govstackFacades } from "./facades.ts";

/** GovStack Registration and Digital Registries APIs over Tongban's own services (issue 11). */
export const govstackModule: Module = { name: "govstack", pages: govstackFacades };
