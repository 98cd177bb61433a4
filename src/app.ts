import { randomUUID } from "node:crypto";
import compress from "@fastify/compress";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { personActorForToken } from "./modules/applicants/sessions.ts";
import { clientCredentials } from "./modules/clients/credentials.ts";
import { actorForToken } from "./modules/identity/service.ts";
import { modules } from "./modules/index.ts";
import { opsRoutes } from "./modules/ops/api.ts";
import { actorCache } from "./platform/auth/actor-cache.ts";
import { registerAdminNetworks } from "./platform/http/admin-networks.ts";
import { frameworkErrorHandler, registerErrorHandling } from "./platform/http/errors.ts";
import { lazyCompilers } from "./platform/http/lazy-compilers.ts";
import { registerMetrics } from "./platform/http/metrics.ts";
import { registerRequestContext } from "./platform/http/request-context.ts";
import { registerRoutePolicy } from "./platform/http/route-policy.ts";
import { registerSecurity } from "./platform/http/security.ts";
import { fastifyTrustProxy } from "./platform/http/trust-proxy.ts";
import { boundDateFormats, registerInputGuard } from "./platform/http/validation.ts";
import type { Platform } from "./platform/platform.ts";
import { registerRequestScope } from "./platform/request-scope.ts";
import { registerAssets } from "./web/assets.ts";
import { renderProblemPage } from "./web/problem-page.tsx";
import "./platform/http/decorations.ts";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the whole HTTP application; `main` listens with it, tests `inject` into it. */
export async function buildApp(platform: Platform): Promise<FastifyInstance> {
  const { config } = platform;
  const app = Fastify({
    loggerInstance: platform.log as FastifyBaseLogger,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // A caller's id is kept when it looks like one, so a request can be followed across systems.
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // One line per request (written in onResponse below) instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: "requestId", disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    ajv: {
      customOptions: { allErrors: true, coerceTypes: "array", removeAdditional: false },
      onCreate: boundDateFormats,
    },
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: frameworkErrorHandler(
      config.defaultLocale,
      renderProblemPage,
      modules.flatMap((m) => m.unroutedErrors ?? []),
    ),
    schemaController: { compilersFactory: lazyCompilers() },
    // TLS_CERT_FILE and TLS_KEY_FILE: HTTPS on the listener itself, for a proxy on another machine.
    ...(config.listenerTls ? { https: config.listenerTls } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate("platform", platform);
  registerRoutePolicy(app);
  // First of the hooks, so that whatever a request's work writes to the audit trail carries its address.
  registerRequestScope(app);
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    done();
  });
  const registry = registerMetrics(app, { jobs: platform.jobs, flusher: platform.database.flusher });
  await registerSecurity(app, config);
  const sessions = actorCache(
    // A token belongs to a staff session or to a person's; staff are looked up first.
    async (token) =>
      (await actorForToken(platform.database.db, token, new Date(), config.sessionIdleMinutes)) ??
      (await personActorForToken(platform.database.db, token, new Date(), config.sessionIdleMinutes)),
    config.sessionCacheSeconds * 1000,
  );
  app.decorate("sessions", sessions);
  const clients = clientCredentials(platform.database.db, {
    ttlMs: config.sessionCacheSeconds * 1000,
    log: platform.log,
  });
  app.decorate("clientCredentials", clients);
  registerRequestContext(app, config.defaultLocale, sessions.resolve, clients.authenticate);
  registerAdminNetworks(app, config.adminNetworks);
  registerErrorHandling(app, renderProblemPage);
  registerInputGuard(app);

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Tongban API",
        version: "1",
        description:
          "The API of Tongban (通办), the Internet + Government Services platform. Errors are RFC 9457 " +
          "problem+json with a stable `code`.",
      },
      servers: [{ url: config.baseUrl }],
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: app.cookieJar.name("session") },
          client: {
            type: "http",
            scheme: "bearer",
            description: "An API client's token (docs/api-clients.md)",
          },
        },
      },
    },
  });
  await app.register(opsRoutes, { registry });
  for (const module of modules) {
    if (module.api) await app.register(module.api, { prefix: "/api/v1" });
  }
  // What crosses a villager's slow link is compressed: pages, assets, the API's documents. API answers
  // are small JSON between systems, and skipping the compression hooks keeps them cheap.
  await app.register(async (forPeople) => {
    await forPeople.register(compress, { threshold: 1024 });
    await forPeople.register(swaggerUi, {
      routePrefix: "/docs",
      staticCSP: true,
      // Its policy upgrades requests to https, which breaks a plain-http installation such as the demo.
      transformStaticCSP: (header) =>
        config.baseUrl.startsWith("https:") ? header : header.replace(/\s*upgrade-insecure-requests;?/, ""),
    });
    forPeople.get("/openapi.json", { config: { policy: "public" }, schema: { hide: true } }, async () =>
      app.swagger(),
    );
    registerAssets(forPeople);
    for (const module of modules) {
      if (module.pages) await forPeople.register(module.pages);
    }
  });
  return app;
}
