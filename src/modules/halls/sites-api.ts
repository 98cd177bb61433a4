import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import {
  HallWindow,
  Nearest,
  NearestQuery,
  Site,
  SiteBody,
  SiteCode,
  SiteList,
  SiteQuery,
  SiteWindowParams,
  WindowBody,
} from "./schemas.ts";
import * as sites from "./sites.ts";

const tags = ["halls"];

/** Halls and service points: where they are and when they open (public), kept by administrators. */
export const sitesApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(HallWindow);
  app.addSchema(Site);
  const db = app.platform.database.db;

  app.get(
    "/sites",
    {
      config: { policy: "site.read" },
      schema: {
        tags,
        summary: "Halls and service points, within a region",
        querystring: SiteQuery,
        response: { 200: SiteList },
      },
    },
    async (request) => ({ items: await sites.listSites(db, request.query) }),
  );

  app.get(
    "/sites/nearest",
    {
      config: { policy: "site.read" },
      schema: {
        tags,
        summary: "The service point and the hall nearest a place of residence (by the administrative tree)",
        querystring: NearestQuery,
        response: { 200: Nearest },
      },
    },
    async (request) => {
      const found = await sites.nearestSites(db, request.query.region);
      return { point: found.point ?? null, hall: found.hall ?? null };
    },
  );

  app.get(
    "/sites/:code",
    {
      config: { policy: "site.read" },
      schema: {
        tags,
        summary: "One site, whether it is open now, and its windows",
        params: SiteCode,
        response: { 200: Type.Ref("Site") },
      },
    },
    async (request) => {
      const site = await sites.getSite(db, request.params.code);
      return {
        ...site,
        openNow: await sites.isOpenNow(db, site),
        windows: await sites.listWindows(db, site.id),
      };
    },
  );

  app.put(
    "/sites/:code",
    {
      config: { policy: "site.manage" },
      schema: {
        tags,
        summary: "Create or change a site (administrators over its region)",
        params: SiteCode,
        body: SiteBody,
        response: { 200: Type.Ref("Site") },
      },
    },
    async (request) => sites.saveSite(db, request.actor, { ...request.body, code: request.params.code }),
  );

  app.put(
    "/sites/:code/windows/:label",
    {
      config: { policy: "site.manage" },
      schema: {
        tags,
        summary: "Create or change a window: comprehensive (any item) or bound to departments",
        params: SiteWindowParams,
        body: WindowBody,
        response: { 200: Type.Ref("HallWindow") },
      },
    },
    async (request) =>
      sites.saveWindow(db, request.actor, request.params.code, {
        ...request.body,
        label: request.params.label,
      }),
  );
};
