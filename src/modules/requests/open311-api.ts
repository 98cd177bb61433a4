import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { ANONYMOUS } from "../../platform/policy.ts";
import { hashToken } from "./filing.ts";
import { type Format, formatOf, open311Error, send, sendError, toOpen311Error } from "./open311-format.ts";
import * as open311 from "./open311-service.ts";
import { FILING_LIMIT } from "./present.ts";

const SPEC = "http://wiki.open311.org/GeoReport_v2";
const CHANGESET = "2026-11-27T00:00:00Z";
const hidden = { config: { policy: "public" as const }, schema: { hide: true } };
type Params = { format?: string; code?: string; id?: string; token?: string };
type Query = Record<string, string | undefined>;

/** The format the path asked for, or JSON where it named none we serve (errors must still be read). */
function formatAsked(request: FastifyRequest): Format {
  const format = (request.params as Params | undefined)?.format;
  return format === "xml" ? "xml" : "json";
}

/**
 * Open311 GeoReport v2 (docs/open311.md) beside the native API, so existing 311 clients can file and
 * follow requests: discovery, services, a service's definition, POST and GET requests, a request, a
 * token — each in JSON or XML by its suffix, errors in the spec's `[{code, description}]`. A caller's
 * session is never used here (the façade takes form posts from other sites, so a cookie must not act
 * for anyone); a posting system may name itself by `api_key`, an API client's token.
 */
export const open311Api: FastifyPluginAsync = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;

  app.addHook("onRequest", async (request) => {
    if (request.actor.kind !== "client") request.actor = ANONYMOUS;
  });
  app.setErrorHandler((error, request, reply) => {
    const problem = toOpen311Error(error);
    if (problem.status >= 500) request.log.error({ err: error }, "open311 request failed");
    const retry = (error as { extra?: { retryAfterSeconds?: number } }).extra?.retryAfterSeconds;
    if (retry !== undefined) reply.header("retry-after", retry);
    return sendError(reply, formatAsked(request), problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      request.url.split("?")[0]?.endsWith(".xml") ? "xml" : "json",
      open311Error(404, `No GeoReport resource at ${request.url.split("?")[0]}: see discovery.json`),
    ),
  );

  const format = (request: FastifyRequest) => formatOf((request.params as Params).format);

  app.get("/discovery.:format", hidden, async (request, reply: FastifyReply) => {
    const url = `${config.baseUrl}/open311/v2`;
    return send(
      reply,
      format(request),
      {
        changeset: CHANGESET,
        contact: "12345",
        key_service: `${config.baseUrl}/docs`,
        endpoints: [
          {
            specification: SPEC,
            url,
            changeset: CHANGESET,
            type: "production",
            formats: ["application/json", "text/xml"],
          },
        ],
      },
      { root: "discovery" },
    );
  });

  app.get("/services.:format", hidden, async (request, reply) =>
    send(reply, format(request), await open311.services(db), { root: "services", item: "service" }),
  );

  app.get("/services/:code.:format", hidden, async (request, reply) => {
    const f = format(request);
    // In XML the attributes are <attributes><attribute>…, their values <values><value>…, as the spec shows.
    const definition = await open311.serviceDefinition(db, (request.params as Params).code ?? "");
    return send(reply, f, definition, { root: "service_definition" });
  });

  app.post(
    "/requests.:format",
    { ...hidden, config: { policy: "public", rateLimit: FILING_LIMIT } },
    async (request, reply) => {
      const f = format(request);
      const body = (request.body ?? {}) as open311.Posted;
      const apiKey = typeof body.api_key === "string" ? body.api_key.trim() : "";
      let client = request.actor;
      if (apiKey) {
        client = await app.clientCredentials.authenticate(apiKey).catch(() => {
          throw open311Error(
            403,
            "api_key is not valid: ask the administrators of your department for a client token",
          );
        });
      }
      const created = await open311.postRequest(db, { jobs, config }, client, body);
      return send(reply, f, created, { root: "service_requests", item: "request" }, 201);
    },
  );

  app.get("/requests.:format", hidden, async (request, reply) => {
    const f = format(request);
    const list = await open311.listForOpen311(db, request.query as Query);
    return send(reply, f, list, { root: "service_requests", item: "request" });
  });

  app.get("/requests/:id.:format", hidden, async (request, reply) => {
    const f = format(request);
    const id = (request.params as Params).id ?? "";
    if (!/^\d{16}$/.test(id)) throw open311Error(404, `No request ${id}`);
    const list = await open311.listForOpen311(db, { service_request_id: id });
    if (list.length === 0) throw open311Error(404, `No request ${id}`);
    return send(reply, f, list, { root: "service_requests", item: "request" });
  });

  app.get("/tokens/:token.:format", hidden, async (request, reply) => {
    const f = format(request);
    const list = await open311.requestOfToken(db, (request.params as Params).token ?? "", hashToken);
    return send(reply, f, list, { root: "service_requests", item: "request" });
  });
};
