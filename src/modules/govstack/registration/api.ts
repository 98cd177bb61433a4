import type { FastifyPluginAsync } from "fastify";
import { type FacadeOptions, govstackScope } from "../scope.ts";

/**
 * The GovStack Registration BB façade (`/govstack/registration`: registration-api.json and
 * registration-statistics-api.json). Its operations land with P3 (docs/govstack-design.md, section 6);
 * until then the scope answers every path with a GovStack 404.
 */
export const registrationApi: FastifyPluginAsync<FacadeOptions> = async (app, options) => {
  govstackScope(app, options);
};
