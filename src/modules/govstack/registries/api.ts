import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { errors } from "../../../platform/errors.ts";
import type { ExchangeDeps } from "../../exchange/service.ts";
import { govstackErrors, sendGovstackProblem } from "../errors.ts";
import { param, requiredBody } from "../parse.ts";
import { govstackRoute } from "../route.ts";
import { type FacadeOptions, govstackScope } from "../scope.ts";
import { type Content, contentOfBody } from "./content.ts";
import { databaseApi } from "./database-api.ts";
import { type Exposed, exposedDatabase, exposedNamed } from "./exposures.ts";
import { listQueryOf, pageLinks } from "./list-params.ts";
import { listRecords, type Reader, readFirst, readValue, recordExists } from "./reads.ts";
import {
  ContentResponse,
  CreateEntriesResponse,
  ExistsResponse,
  ListResponse,
  UpdateResponse,
  UsageResponse,
} from "./schemas.ts";
import { personalDataUsage } from "./usage.ts";
import * as writes from "./writes.ts";

const read = { caller: "client" as const, headerRequired: true, scopes: ["registry.read" as const] };
const write = { caller: "client" as const, headerRequired: true, scopes: ["registry.publish" as const] };

type RegistryParams = { registryName: string; versionNumber: string };

/**
 * The GovStack Digital Registries façade (`/govstack/registries`, docs/govstack-design.md section 8):
 * the data API here, the database API in database-api.ts. Every handler parses, calls one function of
 * reads.ts, writes.ts or usage.ts (which call the native exchange services), and presents.
 */
export const registriesApi: FastifyPluginAsync<FacadeOptions> = async (app, options) => {
  govstackScope(app, options);
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = (request: FastifyRequest): ExchangeDeps => ({ config, jobs, requestId: request.id });
  const reader = (request: FastifyRequest): Reader => {
    const purpose = request.headers["x-tongban-purpose"];
    return {
      db,
      deps: deps(request),
      actor: request.govstack.actor,
      header: request.govstack.header,
      purpose: typeof purpose === "string" && purpose.trim() ? purpose.trim().slice(0, 200) : undefined,
    };
  };
  const writer = (request: FastifyRequest): writes.Writer => ({
    db,
    deps: deps(request),
    actor: request.govstack.actor,
  });
  const exposed = (request: FastifyRequest): Promise<Exposed> => {
    const { registryName, versionNumber } = request.params as RegistryParams;
    return exposedNamed(db, request.govstack.actor, registryName, versionNumber);
  };
  /** `query.content` of a body; the suites' update sends it inside `write`. */
  const queryOf = (ex: Exposed, body: Record<string, unknown>): Content | undefined => {
    const query = (body.query ?? (body.write as { query?: unknown } | undefined)?.query) as
      | { content?: unknown }
      | undefined;
    return query === undefined ? undefined : contentOfBody(ex, query.content, "/query/content");
  };
  const requiredQuery = (ex: Exposed, body: Record<string, unknown>): Content => {
    const query = queryOf(ex, body);
    if (!query) throw errors.validation([{ field: "/query", message: "give query.content" }]);
    return query;
  };
  const requiredWrite = (body: Record<string, unknown>): unknown => {
    if (body.write === undefined)
      throw errors.validation([{ field: "/write", message: "give write.content" }]);
    return body.write;
  };

  app.register(databaseApi, { db });

  app.get(
    "/data/:registryName/:versionNumber",
    govstackRoute({ operation: "list", ...read }, { response: { 200: ListResponse } }),
    async (request) => {
      const ex = await exposed(request);
      const q = listQueryOf(ex, request.query);
      const found = await listRecords(reader(request), ex, q);
      const url = new URL(request.url, `${request.protocol}://${request.host}`);
      return { count: found.count, ...pageLinks(url, q, found.count), results: found.results };
    },
  );

  app.post(
    "/data/:registryName/:versionNumber/create",
    govstackRoute({ operation: "create", ...write }, { response: { 200: ContentResponse } }),
    async (request) => {
      const ex = await exposed(request);
      const body = requiredBody(request);
      return { content: await writes.createRecord(writer(request), ex, requiredWrite(body)) };
    },
  );

  const createEntries = async (request: FastifyRequest, ex: Exposed) => {
    const body = requiredBody(request);
    return { receive: await writes.createEntries(writer(request), ex, requiredWrite(body)) };
  };
  app.post(
    "/data/:registryName/:versionNumber/createEntries",
    govstackRoute({ operation: "createEntries", ...write }, { response: { 201: CreateEntriesResponse } }),
    async (request, reply) => reply.code(201).send(await createEntries(request, await exposed(request))),
  );
  // The spec's own path names no version: the registry's one version is meant.
  app.post(
    "/data/:registryName/createEntries",
    govstackRoute({ operation: "createEntries", ...write }, { response: { 201: CreateEntriesResponse } }),
    async (request, reply) => {
      const { registryName } = request.params as { registryName: string };
      const ex = await exposedDatabase(db, request.govstack.actor, registryName);
      return reply.code(201).send(await createEntries(request, ex));
    },
  );

  app.post(
    "/data/:registryName/:versionNumber/exists",
    govstackRoute({ operation: "exists", ...read }, { response: { 200: ExistsResponse } }),
    async (request) => {
      const ex = await exposed(request);
      const found = await recordExists(reader(request), ex, requiredQuery(ex, requiredBody(request)));
      const en = request.locale === "en";
      return {
        answer: found
          ? { status: true, message: en ? "Object found" : "找到了记录" }
          : { status: false, message: en ? "No object matches" : "没有匹配的记录" },
      };
    },
  );

  app.post(
    "/data/:registryName/:versionNumber/read",
    govstackRoute({ operation: "read", ...read }, { response: { 200: ContentResponse } }),
    async (request, reply) => {
      const ex = await exposed(request);
      const content = await readFirst(reader(request), ex, requiredQuery(ex, requiredBody(request)));
      if (!content) {
        return sendGovstackProblem(request, reply, errors.notFound("record"), { detail: "no record found" });
      }
      return { content };
    },
  );

  app.put(
    "/data/:registryName/:versionNumber/update",
    govstackRoute({ operation: "update", ...write }, { response: { 200: UpdateResponse } }),
    async (request) => {
      const ex = await exposed(request);
      const body = requiredBody(request);
      const update = requiredWrite(body);
      const query = requiredQuery(ex, body);
      await writes.updateRecord(writer(request), ex, query, update);
      return { query: body.query ?? (update as { query?: unknown }).query, write: update };
    },
  );

  app.put(
    "/data/:registryName/:versionNumber/updateEntries",
    govstackRoute({ operation: "updateEntries", ...write }, { response: { 200: UpdateResponse } }),
    async (request) => {
      const ex = await exposed(request);
      const body = requiredBody(request);
      const update = requiredWrite(body);
      const count = await writes.updateEntries(writer(request), ex, requiredQuery(ex, body), update);
      return { query: body.query, write: update, count };
    },
  );

  app.post(
    "/data/:registryName/:versionNumber/updateOrCreate",
    govstackRoute({ operation: "updateOrCreate", ...write }, { response: { 200: ContentResponse } }),
    async (request) => {
      const ex = await exposed(request);
      const body = requiredBody(request);
      return {
        content: await writes.updateOrCreate(writer(request), ex, queryOf(ex, body), requiredWrite(body)),
      };
    },
  );

  app.delete(
    "/data/:registryName/:versionNumber/:id/delete",
    govstackRoute({ operation: "delete", ...write }),
    async (request, reply) => {
      const ex = await exposed(request);
      await writes.deleteRecord(writer(request), ex, (request.params as { id: string }).id);
      return reply.code(204).send();
    },
  );

  const valueRoute = govstackRoute({ operation: "readValue", ...read });
  const value = async (request: FastifyRequest, reply: FastifyReply) => {
    const ex = await exposed(request);
    const { uuid, fieldExt } = request.params as { uuid: string; fieldExt: string };
    const dot = fieldExt.lastIndexOf(".");
    const [field, ext] =
      dot > 0 ? [fieldExt.slice(0, dot), fieldExt.slice(dot + 1).toLowerCase()] : [fieldExt, ""];
    // As Open311 for a suffix it does not serve.
    if (ext !== "json" && ext !== "txt") {
      throw errors.validation([{ field: "/path/ext", message: "json or txt" }]);
    }
    const found = await readValue(reader(request), ex, uuid, field);
    if (found === undefined) throw govstackErrors.noValue();
    if (ext === "txt") return reply.type("text/plain; charset=utf-8").send(String(found));
    return { value: found };
  };
  app.get("/data/:registryName/:versionNumber/:uuid/readValue/:fieldExt", valueRoute, value);
  app.get("/data/:registryName/:versionNumber/:uuid/read-value/:fieldExt", valueRoute, value);

  const usageRoute = govstackRoute(
    { operation: "mypersonalDataUsage", caller: "client", headerRequired: true, scopes: ["registry.usage"] },
    { response: { 200: UsageResponse } },
  );
  const usage = async (request: FastifyRequest) =>
    personalDataUsage(db, deps(request), request.govstack.actor, {
      userId: param(request.query, "userId"),
      databaseId: param(request.query, "databaseId"),
    });
  app.get("/data/mypersonalDataUsage", usageRoute, usage);
  app.get("/data/MyPersonalDataUsage", usageRoute, usage);
  app.get("/data/MyPersonalDataUsage/:version", usageRoute, usage);
};
