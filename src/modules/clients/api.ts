import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { ApiClient, ApiClientList, ClientBody, ClientId, IssuedClient } from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["api clients"];

const origin = (request: FastifyRequest): service.Origin => ({ requestId: request.id });

const iso = (date: Date | null) => date?.toISOString() ?? null;

const present = (c: service.ApiClient) => ({
  id: c.id,
  name: c.name,
  departmentId: c.departmentId,
  departmentName: c.departmentName,
  regionCode: c.regionCode,
  scopes: c.scopes,
  createdBy: c.createdBy,
  createdAt: c.createdAt.toISOString(),
  rotatedAt: iso(c.rotatedAt),
  lastUsedAt: iso(c.lastUsedAt),
  disabledAt: iso(c.disabledAt),
});

const presentIssued = ({ client, token }: service.IssuedClient) => ({ ...present(client), token });

/** API clients: administrators give a department's systems credentials of their own (docs/api-clients.md). */
export const clientsApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(ApiClient);
  const db = app.platform.database.db;

  app.get(
    "/api-clients",
    {
      config: { policy: "client.manage" },
      schema: {
        tags,
        summary: "The API clients of departments within my jurisdiction, live ones first (administrators)",
        response: { 200: ApiClientList },
      },
    },
    async (request) => ({ items: (await service.listClients(db, request.actor)).map(present) }),
  );

  app.post(
    "/api-clients",
    {
      config: { policy: "client.manage" },
      schema: {
        tags,
        summary:
          "Give a department's system credentials of its own; the answer holds its token, shown this once",
        body: ClientBody,
        response: { 201: IssuedClient },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(presentIssued(await service.createClient(db, request.actor, request.body, origin(request)))),
  );

  app.post(
    "/api-clients/:id/rotation",
    {
      config: { policy: "client.manage" },
      schema: {
        tags,
        summary:
          "Replace a client's token (send {} as JSON): the old one is refused from now on, the new one is shown this once",
        params: ClientId,
        response: { 200: IssuedClient },
      },
    },
    async (request) => {
      const issued = await service.rotateClient(db, request.actor, request.params.id, origin(request));
      app.clientCredentials.forget(issued.client.id);
      return presentIssued(issued);
    },
  );

  app.post(
    "/api-clients/:id/disabling",
    {
      config: { policy: "client.manage" },
      schema: {
        tags,
        summary: "Disable a client for good (send {} as JSON): its token is refused from now on",
        params: ClientId,
        response: { 200: Type.Ref("ApiClient") },
      },
    },
    async (request) => {
      const client = await service.disableClient(db, request.actor, request.params.id, origin(request));
      app.clientCredentials.forget(client.id);
      return present(client);
    },
  );
};
