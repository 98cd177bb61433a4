import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { CodeParams, Region, RegionList, SearchQuery } from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["regions"];

export const regionsApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Region);
  const db = app.platform.database.db;

  app.get(
    "/regions",
    {
      config: { policy: "region.read" },
      schema: { tags, summary: "The provinces", response: { 200: RegionList } },
    },
    async (request) => ({ items: await service.listChildren(db, request.actor, null) }),
  );

  app.get(
    "/regions/search",
    {
      config: { policy: "region.read" },
      schema: {
        tags,
        summary: "Find regions by name or code",
        querystring: SearchQuery,
        response: { 200: RegionList },
      },
    },
    async (request) => {
      const { q, within, limit } = request.query;
      return {
        items: await service.searchRegions(db, request.actor, {
          text: q,
          limit,
          ...(within ? { within } : {}),
        }),
      };
    },
  );

  app.get(
    "/regions/:code",
    {
      config: { policy: "region.read" },
      schema: { tags, summary: "One region", params: CodeParams, response: { 200: Type.Ref("Region") } },
    },
    async (request) => service.getRegion(db, request.actor, request.params.code),
  );

  app.get(
    "/regions/:code/children",
    {
      config: { policy: "region.read" },
      schema: {
        tags,
        summary: "The regions one level below",
        params: CodeParams,
        response: { 200: RegionList },
      },
    },
    async (request) => ({ items: await service.listChildren(db, request.actor, request.params.code) }),
  );

  app.get(
    "/regions/:code/ancestors",
    {
      config: { policy: "region.read" },
      schema: {
        tags,
        summary: "The regions above, province first",
        params: CodeParams,
        response: { 200: RegionList },
      },
    },
    async (request) => ({ items: await service.listAncestors(db, request.actor, request.params.code) }),
  );
};
