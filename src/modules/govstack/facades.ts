import type { FastifyPluginAsync } from "fastify";
import { identityDirectory } from "./identities.ts";
import { registrationApi } from "./registration/api.ts";
import { registriesApi } from "./registries/api.ts";

/**
 * The two GovStack façades beside the native API, outside /api/v1 like Open311: the two building
 * blocks' paths collide (`/data/…`), so each has its prefix. One identity cache serves both.
 */
export const govstackFacades: FastifyPluginAsync = async (app) => {
  const { database, config } = app.platform;
  const identities = identityDirectory(database.db, { ttlMs: config.sessionCacheSeconds * 1000 });
  await app.register(registrationApi, { prefix: "/govstack/registration", identities });
  await app.register(registriesApi, { prefix: "/govstack/registries", identities });
};
