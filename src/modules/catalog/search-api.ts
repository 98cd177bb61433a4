import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { searchCatalog } from "./search.ts";
import {
  SearchHit,
  SearchQuerystring,
  SearchResult,
  Synonym,
  SynonymBody,
  SynonymList,
  SynonymParams,
} from "./search-schemas.ts";
import * as synonyms from "./synonyms.ts";

const tags = ["catalog"];

const origin = (request: FastifyRequest): synonyms.Origin => ({ requestId: request.id });

const presentSynonym = (s: synonyms.SynonymRecord) => ({
  term: s.term,
  expansions: s.expansions,
  updatedBy: s.updatedBy,
  updatedAt: s.updatedAt.toISOString(),
});

/** Searching the catalogue, and the synonyms that widen it. */
export const catalogSearchApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(SearchHit);
  app.addSchema(Synonym);
  const db = app.platform.database.db;

  app.get(
    "/catalog/search",
    {
      config: { policy: "catalog.read" },
      schema: {
        tags,
        summary:
          "Search the published catalogue by words, pinyin or initials, narrowed by filters and by where one lives",
        querystring: SearchQuerystring,
        response: { 200: SearchResult },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await searchCatalog(db, {
        ...(q.q !== undefined ? { text: q.q } : {}),
        ...(q.line ? { line: q.line } : {}),
        ...(q.event ? { event: q.event } : {}),
        ...(q.audience ? { audience: q.audience } : {}),
        ...(q.level ? { level: q.level } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.zeroVisit !== undefined ? { zeroVisit: q.zeroVisit } : {}),
        ...(q.region ? { regionCode: q.region } : {}),
        limit: q.limit,
        offset: q.offset,
      });
      return { ...result, capped: result.capped ?? false, relaxed: result.relaxed ?? false };
    },
  );

  app.get(
    "/catalog/synonyms",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary: "The synonyms searches are widened with (catalogue managers)",
        response: { 200: SynonymList },
      },
    },
    async (request) => ({
      items: (await synonyms.listSynonyms(db, request.actor)).map(presentSynonym),
    }),
  );

  app.put(
    "/catalog/synonyms/:term",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary: "Add a synonym or replace what it expands to; searches use it at once (catalogue managers)",
        params: SynonymParams,
        body: SynonymBody,
        response: { 200: Type.Ref("CatalogSynonym") },
      },
    },
    async (request) =>
      presentSynonym(
        await synonyms.setSynonym(
          db,
          request.actor,
          request.params.term,
          request.body.expansions,
          origin(request),
        ),
      ),
  );

  app.delete(
    "/catalog/synonyms/:term",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary: "Remove a synonym (catalogue managers)",
        params: SynonymParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await synonyms.deleteSynonym(db, request.actor, request.params.term, origin(request));
      return reply.code(204).send(null);
    },
  );
};
