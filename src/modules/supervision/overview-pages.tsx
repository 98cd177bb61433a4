import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { errors } from "../../platform/errors.ts";
import { can } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext } from "../../web/render.tsx";
import { sendWorkPage } from "../cases/work-kit.tsx";
import { RegionCode } from "../regions/schemas.ts";
import { OVERDUE_KINDS, overdueList, overdueOverview } from "./overdue.ts";
import { OverdueListPage } from "./overdue-list-view.tsx";
import { LIST_PAGE_SIZE, OVERDUE_LIST, OVERVIEW, OverviewPage } from "./overview-views.tsx";

const Kind = Type.Union(OVERDUE_KINDS.map((k) => Type.Literal(k)));

/** A supervisor's page, or the sign-in form for whoever is not signed in as staff. */
function supervisorContext(request: FastifyRequest, reply: FastifyReply): PageContext | undefined {
  if (request.actor.kind !== "staff") {
    void reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  if (!can(request.actor, "supervision.read")) throw errors.forbidden();
  return pageContext(request, reply);
}

/** 效能监察's overview of a region and the lists its counts open. */
export const supervisionPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    OVERVIEW,
    {
      config: { policy: "supervision.read" },
      schema: { hide: true, querystring: Type.Object({ region: Type.Optional(RegionCode) }) },
    },
    async (request, reply) => {
      const ctx = supervisorContext(request, reply);
      if (!ctx) return reply;
      const o = await overdueOverview(db, request.actor, request.query.region);
      return sendWorkPage(
        reply,
        ctx,
        ctx.t("supervision.overview.heading", { region: o.region.name }),
        <OverviewPage ctx={ctx} o={o} />,
      );
    },
  );

  app.get(
    OVERDUE_LIST,
    {
      config: { policy: "supervision.read" },
      schema: {
        hide: true,
        querystring: Type.Object({
          region: Type.Optional(RegionCode),
          kind: Kind,
          department: Type.Optional(Type.String({ format: "uuid" })),
          item: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
      },
    },
    async (request, reply) => {
      const ctx = supervisorContext(request, reply);
      if (!ctx) return reply;
      const { kind, department, item } = request.query;
      const page = request.query.page ?? 1;
      const filter = { kind, department, item };
      const found = await overdueList(
        db,
        request.actor,
        request.query.region,
        { kind, departmentId: department, itemKey: item },
        { limit: LIST_PAGE_SIZE + 1, offset: (page - 1) * LIST_PAGE_SIZE },
      );
      return sendWorkPage(
        reply,
        ctx,
        ctx.t(`supervision.kind.${kind}`),
        <OverdueListPage
          ctx={ctx}
          region={found.region}
          trail={found.trail}
          filter={filter}
          rows={found.rows.slice(0, LIST_PAGE_SIZE)}
          page={page}
          hasNext={found.rows.length > LIST_PAGE_SIZE}
        />,
      );
    },
  );
};
