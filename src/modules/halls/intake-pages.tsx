import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

/** The pages of the intake (filled by the intake work). */
export const intakePages: FastifyPluginAsyncTypebox = async (_app) => {};
