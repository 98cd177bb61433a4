import type { Module } from "../index.ts";
import { disclosureApi } from "./api.ts";
import { disclosurePages } from "./pages.tsx";

/** Government information disclosure (政务公开): publications, feeds, disclosure requests (issue 8). */
export const disclosureModule: Module = { name: "disclosure", api: disclosureApi, pages: disclosurePages };
