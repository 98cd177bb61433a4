import type { FastifyInstance, onRequestHookHandler, RouteOptions } from "fastify";
import { errors } from "../errors.ts";
import { type Action, authorize, rules } from "../policy.ts";

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

/** Routes made by plugins we do not write: the API documentation is public by nature. */
const PUBLIC_PREFIXES = ["/docs"];

export class UndeclaredPolicyError extends Error {
  override name = "UndeclaredPolicyError";
}

/**
 * Makes the policy of every route explicit and enforced. A route registered without `config.policy`
 * stops the application from being built, naming the route, so an unprotected route cannot ship.
 *
 * On API routes whose action needs no resource (listing staff, searching the audit trail…) the check
 * runs here, before the body is even validated, so an anonymous caller learns nothing from validation
 * messages. Actions about one resource (this case, this person) are checked by the service once it has
 * loaded the resource's facts; no such action is ever anyone's without signing in (what strangers may
 * see is "public" or a rule without a resource), so anonymous callers are asked to sign in here too.
 * Pages check in their handlers, because a refused visitor is sent to the sign-in form that fits the
 * page rather than answered with an error.
 */
export function registerRoutePolicy(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    const config = (route.config ?? {}) as { policy?: RoutePolicy };
    if (config.policy === undefined && PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...config, policy: "public" };
      return;
    }
    const policy = config.policy;
    if (policy === undefined) {
      throw new UndeclaredPolicyError(
        `${String(route.method)} ${route.url} declares no policy: add config.policy (an action of policy.ts, or "public")`,
      );
    }
    if (policy !== "public" && !Object.hasOwn(rules, policy)) {
      throw new UndeclaredPolicyError(
        `${String(route.method)} ${route.url} declares an unknown policy "${policy}"`,
      );
    }
    if (policy !== "public" && route.url.startsWith("/api/") && !allowsEveryone(policy)) {
      prepend(route, needsResource(policy) ? signedInCheck : actionCheck(policy));
    }
  });
}

/** Rules written `(actor, resource) => …` decide about one resource; the rest decide from the actor alone. */
export function needsResource(action: Action): boolean {
  return rules[action].length >= 2;
}

/** A rule that looks at nothing (public information such as regions) needs no check per request. */
function allowsEveryone(action: Action): boolean {
  const rule = rules[action] as (...args: unknown[]) => boolean;
  return rule.length === 0 && rule() === true;
}

function actionCheck(action: Action): onRequestHookHandler {
  const check = authorize as (actor: unknown, action: Action) => void;
  return (request, _reply, done) => {
    try {
      check(request.actor, action);
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}

const signedInCheck: onRequestHookHandler = (request, _reply, done) => {
  done(request.actor.kind === "anonymous" ? errors.unauthenticated() : undefined);
};

function prepend(route: RouteOptions, hook: onRequestHookHandler): void {
  const existing = route.onRequest;
  route.onRequest =
    existing === undefined ? [hook] : [hook, ...(Array.isArray(existing) ? existing : [existing])];
}
