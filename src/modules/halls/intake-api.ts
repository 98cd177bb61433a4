import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

/** The API of the intake (filled by the intake work). */
export const intakeApi: FastifyPluginAsyncTypebox = async (_app) => {};
