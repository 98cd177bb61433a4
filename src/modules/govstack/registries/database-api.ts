import type { FastifyPluginAsync } from "fastify";
import type { Db } from "../../../platform/db/database.ts";
import { errors } from "../../../platform/errors.ts";
import { getDepartment } from "../../departments/service.ts";
import { govstackErrors } from "../errors.ts";
import { govstackRoute } from "../route.ts";
import { databaseInfo } from "./database.ts";
import { type Exposed, exposedDatabase, exposedRegistries } from "./exposures.ts";
import { DatabaseInfo, DatabasesResponse } from "./schemas.ts";

// Any client may see which registries are exposed and their schemas, as natively (`registry.list`).
const anyClient = { caller: "client", headerRequired: true } as const;

/**
 * The Digital Registries database API (section 8.5): the exposed registries' schemas, read-only. A
 * registry is defined by an administrator and never deleted, so modify is 403 and delete 405.
 */
export const databaseApi: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  const info = async (exposed: Exposed, language: "zh" | "en", scopes: readonly string[]) => {
    const steward = await getDepartment(db, exposed.registry.departmentId);
    return databaseInfo(exposed, {
      language,
      stewardName: language === "en" ? steward.nameEn || steward.name : steward.name,
      scopes,
    });
  };
  const scopesOf = (actor: { kind: string; scopes?: string[] }) =>
    actor.kind === "client" ? (actor.scopes ?? []) : [];
  /** `/database/{id}`: an integer id, else 400; an id exposed by no registry 404. */
  const byId = async (id: string, actor: Parameters<typeof exposedDatabase>[1]) => {
    if (!/^\d{1,9}$/.test(id))
      throw errors.validation([{ field: "/path/id", message: "must be an integer" }]);
    const exposed = await exposedDatabase(db, actor, id);
    if (String(exposed.exposure.id) !== id) throw errors.notFound("database");
    return exposed;
  };

  app.get(
    "/databases",
    govstackRoute({ operation: "getDatabases", ...anyClient }, { response: { 200: DatabasesResponse } }),
    async (request) => {
      const { actor } = request.govstack;
      const language = request.locale === "en" ? "en" : "zh";
      const exposed = await exposedRegistries(db, actor);
      const databases = [];
      for (const one of exposed) databases.push(await info(one, language, scopesOf(actor)));
      return {
        id: 1,
        name: "Tongban",
        code: "TONGBAN",
        groupId: 1,
        order: 1,
        dataIndexIncrement: 0,
        databases,
      };
    },
  );

  app.get(
    "/database/:id",
    govstackRoute({ operation: "getDatabase", ...anyClient }, { response: { 200: DatabaseInfo } }),
    async (request) => {
      const { actor } = request.govstack;
      const exposed = await byId((request.params as { id: string }).id, actor);
      return info(exposed, request.locale === "en" ? "en" : "zh", scopesOf(actor));
    },
  );

  app.delete(
    "/database/:id",
    govstackRoute({ operation: "deleteDatabase", ...anyClient }),
    async (request, reply) => {
      await byId((request.params as { id: string }).id, request.govstack.actor);
      reply.header("allow", "GET");
      throw govstackErrors.databaseNotDeletable();
    },
  );

  app.post("/database/modify", govstackRoute({ operation: "modifyDatabase", ...anyClient }), async () => {
    throw govstackErrors.schemaReadOnly();
  });
};
