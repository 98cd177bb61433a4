import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { wire } from "../../platform/http/wire.ts";
import { dashboard } from "./dashboard.ts";
import { Dashboard, DashboardQuery, Figures } from "./schemas.ts";

/** Insight's figures for integrators: the same measures the dashboard pages show. */
export const insightsApi: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  app.addSchema(Figures);

  app.get(
    "/insights/dashboard",
    {
      config: { policy: "insights.read" },
      schema: {
        tags: ["insights"],
        summary:
          "A region's service measures over a span of months, whole and by month, channel, equity, department, item and child region",
        description:
          "Read from roll-ups kept as cases move (a minute behind at most). Without `region`, the caller's widest " +
          "jurisdiction; a region outside it, or one that does not exist, answers 404; `to` before `from` answers 400.",
        querystring: DashboardQuery,
        response: { 200: Dashboard },
      },
    },
    async (request) => wire(await dashboard(db, request.actor, request.query)),
  );
};
