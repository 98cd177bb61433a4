import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { open311Api } from "./open311-api.ts";

/** The citizen's and the staff's pages of requests, and the Open311 façade beside them. */
export const requestsPages: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(open311Api, { prefix: "/open311/v2" });
};
