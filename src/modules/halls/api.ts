import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { intakeApi } from "./intake-api.ts";
import { queueApi } from "./queue-api.ts";
import { sitesApi } from "./sites-api.ts";

/** The API of halls and service points: the sites, their queues and appointments, window intake. */
export const hallsApi: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(sitesApi);
  await app.register(queueApi);
  await app.register(intakeApi);
};
