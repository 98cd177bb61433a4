import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { errors } from "../../platform/errors.ts";
import { wire } from "../../platform/http/wire.ts";
import { dashboard, openFigures } from "./dashboard.ts";
import { equityView } from "./equity.ts";
import { Dashboard, DashboardQuery, EquityQuery, EquityView, Figures, OpenQuery } from "./schemas.ts";

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

  app.get(
    "/insights/equity",
    {
      config: { policy: "insights.read" },
      schema: {
        tags: ["insights"],
        summary: "The rural–urban gap of a region: the slowest townships and villages, service points' reach",
        description: "By where applicants live. The same jurisdiction and period rules as the dashboard.",
        querystring: EquityQuery,
        response: { 200: EquityView },
      },
    },
    async (request) => wire(await equityView(db, request.actor, request.query)),
  );

  app.get(
    "/public/insights",
    {
      config: { policy: "insights.open" },
      schema: {
        tags: ["insights"],
        summary: "Open data: a region's aggregated service statistics (no personal data)",
        description:
          "The same figures as the dashboards, for everyone: sums over cases, counted where they are handled. " +
          "Without `region`, the first province with figures; 404 before there are any.",
        querystring: OpenQuery,
        response: { 200: Dashboard },
      },
    },
    async (request) => {
      const figures = await openFigures(db, request.actor, request.query);
      if (!figures) throw errors.notFound("figures");
      return wire(figures);
    },
  );
};
