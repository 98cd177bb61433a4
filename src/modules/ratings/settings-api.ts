import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { RegionParams, Setting, SettingBody } from "./schemas.ts";
import { rectifySetting, setRectifyDays } from "./settings.ts";

const tags = ["ratings"];

/** A region's rectification period: read and set by its administrators. */
export const ratingSettingsApi: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/rating-settings/:region",
    {
      config: { policy: "rating.settings" },
      schema: {
        tags,
        summary: "The rectification period in a region (administrators)",
        params: RegionParams,
        response: { 200: Setting },
      },
    },
    async (request) => rectifySetting(db, request.actor, request.params.region),
  );

  app.put(
    "/rating-settings/:region",
    {
      config: { policy: "rating.settings" },
      schema: {
        tags,
        summary: "Set a region's rectification period in working days",
        params: RegionParams,
        body: SettingBody,
        response: { 200: Setting },
      },
    },
    async (request) =>
      setRectifyDays(db, request.actor, request.params.region, request.body.days, { requestId: request.id }),
  );
};
