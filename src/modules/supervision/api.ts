import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { wire } from "../../platform/http/wire.ts";
import { overdueOverview } from "./overdue.ts";
import { departmentRanking } from "./ranking.ts";
import { OverdueOverview, Ranking, RankingQuery, RegionQuery } from "./schemas.ts";

/** Supervision's figures for integrators: a region's overdue work, and the public ranking of departments. */
export const supervisionApi: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/supervision/overdue",
    {
      config: { policy: "supervision.read" },
      schema: {
        tags: ["supervision"],
        summary:
          "Overdue cases, rectifications and requests of a region, by child region, department and item",
        description:
          "Without `region`, the supervisor's widest jurisdiction. A region outside the supervisor's jurisdictions answers 404.",
        querystring: RegionQuery,
        response: { 200: OverdueOverview },
      },
    },
    async (request) => wire(await overdueOverview(db, request.actor, request.query.region)),
  );

  app.get(
    "/public/department-ranking",
    {
      config: { policy: "ranking.read" },
      schema: {
        tags: ["supervision"],
        summary: "The latest daily ranking of a region's departments by on-time rate and satisfaction",
        description:
          "Departments with fewer closed cases than `minimumCases` in the window are in `belowMinimum`, unranked. " +
          "Before the first snapshot, `asOf` is null and the lists are empty.",
        querystring: RankingQuery,
        response: { 200: Ranking },
      },
    },
    async (request) => wire(await departmentRanking(db, request.actor, request.query.region)),
  );
};
