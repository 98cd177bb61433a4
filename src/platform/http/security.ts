import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import helmet, { type HelmetOptions } from "helmet";
import type { Config } from "../config.ts";
import { errors } from "../errors.ts";

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
  const type = request.headers["content-type"] ?? "";
  return !type.startsWith("application/json") && !type.startsWith("application/problem+json");
}

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
  const secure = config.baseUrl.startsWith("https:");
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  const headers = securityHeaders(helmetOptions(secure));
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(csrf, {
    sessionPlugin: "@fastify/cookie",
    cookieKey: "tb_csrf",
    cookieOpts: { path: "/", httpOnly: true, sameSite: "lax", secure, signed: true },
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
