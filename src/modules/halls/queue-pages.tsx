import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

/** The pages of the queue (filled by the queue work). */
export const queuePages: FastifyPluginAsyncTypebox = async (_app) => {};
