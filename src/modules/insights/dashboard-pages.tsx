import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { errors } from "../../platform/errors.ts";
import { can } from "../../platform/policy.ts";
import { chartCsv } from "../../web/charts.tsx";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { sendWorkPage } from "../cases/work-kit.tsx";
import { type Dashboard, dashboard, openFigures } from "./dashboard.ts";
import {
  ALL_FIGURES,
  CSV_PARTS,
  type CsvPart,
  DashboardPage,
  dashboardRows,
  EQUITY,
  OPEN_PLACE,
  STAFF_PLACE,
} from "./dashboard-views.tsx";
import { equityView } from "./equity.ts";
import { EquityPage } from "./equity-views.tsx";
import { DashboardQuery, EquityQuery, OpenQuery } from "./schemas.ts";

/** A page for staff who read insight, or the sign-in form for whoever is not signed in as staff. */
function insightContext(request: FastifyRequest, reply: FastifyReply): PageContext | undefined {
  if (request.actor.kind !== "staff") {
    void reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  if (!can(request.actor, "insights.read")) throw errors.forbidden();
  return pageContext(request, reply);
}

const By = Type.Object({ by: Type.Union(CSV_PARTS.map((p) => Type.Literal(p))) });

/** One table of a dashboard as CSV, every figure a column, with a BOM so spreadsheets read it as UTF-8. */
function sendCsv(reply: FastifyReply, ctx: PageContext, d: Dashboard, by: CsvPart): FastifyReply {
  const { heading, rows } = dashboardRows(ctx, d, by);
  const csv = chartCsv(
    {
      categories: rows.map((r) => r.label),
      series: ALL_FIGURES.map((c) => ({ name: ctx.t(c.key), values: rows.map((r) => c.raw(r.figures)) })),
    },
    heading,
  );
  const name = `insights-${d.region.code}-${d.period.from}-${d.period.to}-${by}.csv`;
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${name}"`)
    .send(`\uFEFF${csv}`);
}

/** 数据看板 for staff and 数据开放 for everyone: the same figures, each table also as CSV. */
export const dashboardPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  // A form's field left empty ("all channels", a month cleared) means the default, not a bad value.
  app.addHook("preValidation", async (request) => {
    const query = request.query as Record<string, unknown>;
    for (const [name, value] of Object.entries(query)) if (value === "") delete query[name];
  });

  app.get(
    STAFF_PLACE.page,
    { config: { policy: "insights.read" }, schema: { hide: true, querystring: DashboardQuery } },
    async (request, reply) => {
      const ctx = insightContext(request, reply);
      if (!ctx) return reply;
      const d = await dashboard(db, request.actor, request.query);
      return sendWorkPage(
        reply,
        ctx,
        ctx.t("insights.heading", { region: d.region.name }),
        <DashboardPage ctx={ctx} d={d} place={STAFF_PLACE} />,
      );
    },
  );

  app.get(
    STAFF_PLACE.csv,
    {
      config: { policy: "insights.read" },
      schema: { hide: true, querystring: Type.Intersect([DashboardQuery, By]) },
    },
    async (request, reply) => {
      const ctx = insightContext(request, reply);
      if (!ctx) return reply;
      return sendCsv(reply, ctx, await dashboard(db, request.actor, request.query), request.query.by);
    },
  );

  app.get(
    EQUITY,
    { config: { policy: "insights.read" }, schema: { hide: true, querystring: EquityQuery } },
    async (request, reply) => {
      const ctx = insightContext(request, reply);
      if (!ctx) return reply;
      const v = await equityView(db, request.actor, request.query);
      return sendWorkPage(
        reply,
        ctx,
        ctx.t("insights.eq.heading", { region: v.region.name }),
        <EquityPage ctx={ctx} v={v} />,
      );
    },
  );

  app.get(
    OPEN_PLACE.page,
    { config: { policy: "insights.open" }, schema: { hide: true, querystring: OpenQuery } },
    async (request, reply) => {
      const ctx = pageContext(request, reply);
      const d = await openFigures(db, request.actor, request.query);
      const title = d
        ? ctx.t("insights.open.heading", { region: d.region.name })
        : ctx.t("insights.open.title");
      return sendPage(
        reply,
        ctx,
        title,
        d ? (
          <DashboardPage ctx={ctx} d={d} place={OPEN_PLACE} />
        ) : (
          <>
            <h1>{title}</h1>
            <p role="status">{ctx.t("insights.open.none")}</p>
          </>
        ),
      );
    },
  );

  app.get(
    OPEN_PLACE.csv,
    {
      config: { policy: "insights.open" },
      schema: { hide: true, querystring: Type.Intersect([OpenQuery, By]) },
    },
    async (request, reply) => {
      const ctx = pageContext(request, reply);
      const d = await openFigures(db, request.actor, request.query);
      if (!d) throw errors.notFound("figures");
      return sendCsv(reply, ctx, d, request.query.by);
    },
  );
};
