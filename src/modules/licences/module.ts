import type { Module } from "../index.ts";
import { licencesApi } from "./api.ts";
import { licencesPages } from "./pages.tsx";

/** The e-licence library (电子证照库): its API and the public verification page. */
export const licencesModule: Module = { name: "licences", api: licencesApi, pages: licencesPages };
