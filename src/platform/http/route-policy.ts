import type { FastifyInstance } from "fastify";
import type { Action } from "../policy.ts";

/**
 * What every route declares in `config.policy`: the action of `policy.ts` it performs, or "public" for
 * what anyone may use on purpose (health checks, sign-in and sign-up forms, public documents).
 */
export type RoutePolicy = Action | "public";

declare module "fastify" {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}

/** Placeholder until the platform checks declarations; see registerRoutePolicy. */
export function registerRoutePolicy(_app: FastifyInstance): void {}
