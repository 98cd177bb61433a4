import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

/** The API of the queue (filled by the queue work). */
export const queueApi: FastifyPluginAsyncTypebox = async (_app) => {};
