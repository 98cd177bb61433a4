import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { categoryPages } from "./category-pages.tsx";
import { citizenPages } from "./citizen-pages.tsx";
import { newRequestPages } from "./new-request-pages.tsx";
import { open311Api } from "./open311-api.ts";
import { staffPages } from "./staff-pages.tsx";

/** The citizen's and the staff's pages of requests, and the Open311 façade beside them. */
export const requestsPages: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(newRequestPages);
  await app.register(citizenPages);
  await app.register(staffPages);
  await app.register(categoryPages);
  await app.register(open311Api, { prefix: "/open311/v2" });
};
