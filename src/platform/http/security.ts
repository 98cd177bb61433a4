import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import helmet, { type HelmetOptions } from "helmet";
import type { Config } from "../config.ts";
import { errors } from "../errors.ts";
import { cookieJar } from "./cookies.ts";
import "./decorations.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The route shows someone's data to whoever holds a link (a case's progress, a queue ticket) without
     * signing in: no browser keeps its answer, as for a signed-in visitor's.
     */
    personal?: boolean;
    /** The route signs out: the browser is told to drop what it kept of the session's pages and data. */
    signOut?: boolean;
  }
}

/**
 * A cross-site page can POST forms (or bodies without a JSON type) but cannot send JSON, PUT, PATCH
 * or DELETE without a CORS preflight, which we never grant. So those POSTs carry a CSRF token and
 * the rest need none. Nor does a request made with an API client's bearer token: a browser never adds
 * one by itself, as it does cookies, and such a request is not judged by its cookies at all.
 */
function needsCsrfCheck(request: FastifyRequest): boolean {
  if (request.method !== "POST" || request.actor.kind === "client") return false;
  // Open311 clients post forms from other sites by design; the façade never acts on a session cookie
  // (requests/open311-api.ts sets every caller but an API client anonymous), so there is nothing to forge.
  if (request.url.startsWith("/open311/")) return false;
  // GovStack portals and conformance suites post forms too; those façades set every caller but an API
  // client anonymous as well (govstack/scope.ts).
  if (request.url.startsWith("/govstack/")) return false;
  const type = request.headers["content-type"] ?? "";
  return !type.startsWith("application/json") && !type.startsWith("application/problem+json");
}

/**
 * Whether an answer may carry someone's personal data, so that no browser cache keeps it (ASVS 14.3.2):
 * every API answer, everything a signed-in visitor gets (every page names them), every answer to a form
 * (it repeats what was typed, ID numbers included) and the pages a capability link opens. The rest —
 * the catalogue, guides, halls — is the same for everyone who asks.
 */
function keptByNoOne(request: FastifyRequest): boolean {
  if (request.url.startsWith("/api/")) return true;
  // A request refused before the session was looked at (a rate limit) has no actor yet.
  if (request.actor && request.actor.kind !== "anonymous") return true;
  if (request.method !== "GET" && request.method !== "HEAD") return true;
  return request.routeOptions.config?.personal === true;
}

/**
 * Decides Cache-Control where the route did not: a route that chose (public assets, the board's
 * revalidated queue, stored files) knows its answer. Other pages are `private, no-cache`: they depend on
 * the visitor's language and mode cookies, so shared caches must not keep them.
 */
function cacheControlFor(request: FastifyRequest, contentType: unknown): string | undefined {
  if (keptByNoOne(request)) return "no-store";
  return String(contentType ?? "").startsWith("text/html") ? "private, no-cache" : undefined;
}

/**
 * At sign-out the browser drops its HTTP cache and the site's storage — IndexedDB (the service points'
 * outbox), the service worker and its copies of pages — so the next person at a shared device finds
 * nothing of the last one's. Cookies are left to the sign-out itself: the language and mode are kept.
 */
const CLEAR_AT_SIGN_OUT = '"cache", "storage"';

function helmetOptions(secure: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: secure,
  };
}

/**
 * Helmet's headers, worked out once. The Fastify wrapper rebuilds helmet on every request (about 5% of a
 * small API request's CPU), though the headers never change.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as never, response as never, () => {});
  return headers;
}

export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  const jar = cookieJar(config.baseUrl);
  const secure = jar.secure;
  app.decorate("cookieJar", jar);
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  const headers = securityHeaders(helmetOptions(secure));
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  app.addHook("onSend", (request, reply, _payload, done) => {
    if (!reply.hasHeader("cache-control")) {
      const value = cacheControlFor(request, reply.getHeader("content-type"));
      if (value) reply.header("cache-control", value);
    }
    if (request.routeOptions.config?.signOut) reply.header("clear-site-data", CLEAR_AT_SIGN_OUT);
    done();
  });
  await app.register(csrf, {
    sessionPlugin: "@fastify/cookie",
    cookieKey: jar.name("csrf"),
    cookieOpts: { ...jar.options({ httpOnly: true }), signed: true },
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute === 0 ? Number.MAX_SAFE_INTEGER : config.rateLimitPerMinute,
    timeWindow: 60_000,
    allowList: (request) => /^\/(healthz|readyz|metrics)/.test(request.url),
    errorResponseBuilder: (_request, context) => errors.rateLimited(Math.ceil(context.ttl / 1000)),
  });
  app.addHook("preHandler", (request, reply, done) => {
    if (!needsCsrfCheck(request)) return done();
    app.csrfProtection(request, reply, done);
  });
}
