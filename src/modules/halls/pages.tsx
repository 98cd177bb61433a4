import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

/** The pages of halls and service points: kiosk, display board, the clerk's window, window intake. */
export const hallsPages: FastifyPluginAsyncTypebox = async (_app) => {};
