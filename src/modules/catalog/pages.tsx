import type { FastifyPluginAsync } from "fastify";

/** The public catalogue: by life event, department and audience; search; the guide page. (Next.) */
export const catalogPages: FastifyPluginAsync = async () => {};
