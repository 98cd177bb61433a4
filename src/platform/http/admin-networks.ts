import type { FastifyInstance } from "fastify";
import { errors } from "../errors.ts";
import { mayWorkFrom } from "../networks.ts";

/** Ending one's own session is never the risk: it works from anywhere. */
const SIGN_OUT = new Set(["DELETE /api/v1/session", "POST /signout"]);

/**
 * ADMIN_ALLOWED_NETWORKS for sessions already open: a request from outside the list, signed in as
 * staff holding an administrator's role, is refused (403) whatever it asks — the sign-in check alone
 * would let a session made inside be carried out with a stolen cookie. Runs after the request's actor
 * is known (request-context.ts), so a role granted or revoked counts within SESSION_CACHE_SECONDS.
 */
export function registerAdminNetworks(app: FastifyInstance, networks: readonly string[] | undefined): void {
  if (!networks) return;
  app.addHook("onRequest", async (request) => {
    const { actor } = request;
    if (actor.kind !== "staff") return;
    const roles = actor.grants.map((g) => g.role);
    if (mayWorkFrom(networks, roles, request.ip)) return;
    if (SIGN_OUT.has(`${request.method} ${request.routeOptions.url}`)) return;
    request.log.warn(
      { staffId: actor.id, address: request.ip },
      "administrator's session used from outside ADMIN_ALLOWED_NETWORKS: refused",
    );
    throw errors.outsideAdminNetworks();
  });
}
