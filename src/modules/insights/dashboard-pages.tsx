import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { errors } from "../../platform/errors.ts";
import { can } from "../../platform/policy.ts";
import { chartCsv } from "../../web/charts.tsx";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext } from "../../web/render.tsx";
import { sendWorkPage } from "../cases/work-kit.tsx";
import { dashboard } from "./dashboard.ts";
import {
  ALL_FIGURES,
  CSV_PARTS,
  DASHBOARD,
  DASHBOARD_CSV,
  DashboardPage,
  dashboardRows,
} from "./dashboard-views.tsx";
import { DashboardQuery } from "./schemas.ts";

/** A page for staff who read insight, or the sign-in form for whoever is not signed in as staff. */
function insightContext(request: FastifyRequest, reply: FastifyReply): PageContext | undefined {
  if (request.actor.kind !== "staff") {
    void reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  if (!can(request.actor, "insights.read")) throw errors.forbidden();
  return pageContext(request, reply);
}

/** 数据看板: a region's dashboard, and each of its tables as CSV. */
export const dashboardPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    DASHBOARD,
    { config: { policy: "insights.read" }, schema: { hide: true, querystring: DashboardQuery } },
    async (request, reply) => {
      const ctx = insightContext(request, reply);
      if (!ctx) return reply;
      const d = await dashboard(db, request.actor, request.query);
      return sendWorkPage(
        reply,
        ctx,
        ctx.t("insights.heading", { region: d.region.name }),
        <DashboardPage ctx={ctx} d={d} />,
      );
    },
  );

  app.get(
    DASHBOARD_CSV,
    {
      config: { policy: "insights.read" },
      schema: {
        hide: true,
        querystring: Type.Intersect([
          DashboardQuery,
          Type.Object({ by: Type.Union(CSV_PARTS.map((p) => Type.Literal(p))) }),
        ]),
      },
    },
    async (request, reply) => {
      const ctx = insightContext(request, reply);
      if (!ctx) return reply;
      const d = await dashboard(db, request.actor, request.query);
      const { heading, rows } = dashboardRows(ctx, d, request.query.by);
      const csv = chartCsv(
        {
          categories: rows.map((r) => r.label),
          series: ALL_FIGURES.map((c) => ({ name: ctx.t(c.key), values: rows.map((r) => c.raw(r.figures)) })),
        },
        heading,
      );
      const name = `insights-${d.region.code}-${d.period.from}-${d.period.to}-${request.query.by}.csv`;
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${name}"`)
        .send(`\uFEFF${csv}`);
    },
  );
};
