import type { FastifyPluginAsync } from "fastify";

/** The working-day calendar as people read it, and the pages administrators keep it with. (Next.) */
export const calendarPages: FastifyPluginAsync = async () => {};
