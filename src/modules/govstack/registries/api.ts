import type { FastifyPluginAsync } from "fastify";
import { type FacadeOptions, govstackScope } from "../scope.ts";

/**
 * The GovStack Digital Registries façade (`/govstack/registries`: the data and database APIs). Its
 * operations land with P4 (docs/govstack-design.md, section 8); until then the scope answers every path
 * with a GovStack 404.
 */
export const registriesApi: FastifyPluginAsync<FacadeOptions> = async (app, options) => {
  govstackScope(app, options);
};
