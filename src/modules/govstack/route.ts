import type { FastifyRequest, RouteShorthandOptions } from "fastify";
import type { TSchema } from "typebox";
import { withinNetworks } from "../../platform/networks.ts";
import type { ClientScope } from "../clients/service.ts";
import type { CallerSpec, ResolvedCaller } from "./identity.ts";

/** What a GovStack route declares (docs/govstack-design.md, section 2.4); the scope's hook enforces it. */
export interface GovstackRouteSpec extends CallerSpec {
  /** The spec's operation id, for logs and coverage. */
  operation: string;
  scopes?: ClientScope[];
  /** `POST /documents`: every 4xx of the upload is answered 400, its code kept (section 9.3). */
  uploadErrorsAs400?: boolean;
}

declare module "fastify" {
  interface FastifyContextConfig {
    govstack?: GovstackRouteSpec;
  }
  interface FastifyRequest {
    /** Who called a GovStack route, resolved by the scope's hook (govstack/scope.ts). */
    govstack: ResolvedCaller;
  }
}

export const MEDIATOR_CLIENT_HEADER = "information-mediator-client";

/**
 * The rate-limit bucket: the address, and inside GOVSTACK_MEDIATOR_NETWORKS the header too — every
 * X-Road member arrives from the one security server, and keyed by address alone one busy member would
 * throttle the others. Elsewhere a header buys no extra budget.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const networks = request.server.platform.config.govstackMediatorNetworks;
  if (!networks || !withinNetworks(networks, request.ip)) return request.ip;
  const header = request.headers[MEDIATOR_CLIENT_HEADER];
  return `${request.ip} ${Array.isArray(header) ? header.join(",") : (header ?? "")}`;
}

/**
 * A GovStack route's options: public to the route policy (the real check is `config.govstack`, run by
 * the scope's hook, and the native services called authorize again), hidden from /openapi.json (the
 * GovStack specs document it), rate-limited per mediator member.
 */
export function govstackRoute(
  spec: GovstackRouteSpec,
  extra: { bodyLimit?: number; response?: Record<number, TSchema> } = {},
): RouteShorthandOptions {
  return {
    config: { policy: "public", govstack: spec, rateLimit: { keyGenerator: rateLimitKey } },
    schema: { hide: true, ...(extra.response ? { response: extra.response } : {}) },
    ...(extra.bodyLimit !== undefined ? { bodyLimit: extra.bodyLimit } : {}),
  };
}
