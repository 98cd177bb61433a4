import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { problemText } from "../applicants/form-kit.tsx";
import { listDepartments } from "../departments/service.ts";
import * as lifecycle from "./lifecycle.ts";
import { listRoutes, putRoute, removeRoute } from "./routing.ts";
import { BASE, RequestPage, RoutesPage, Worklist } from "./staff-views.tsx";
import { staffRequest, worklist } from "./views.ts";

const text = Type.Optional(Type.String({ maxLength: 10_000 }));
const STYLES = { styles: ["admin.css", "work.css"] };

function staffOnly(request: FastifyRequest, reply: FastifyReply): PageContext | undefined {
  if (request.actor.kind !== "staff") {
    void reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  return pageContext(request, reply, true);
}

/** The staff's pages: the worklist, a request with its steps, the routing rules. */
export const staffPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;
  const NumberParams = Type.Object({ number: Type.String({ pattern: "^\\d{16}$" }) });

  app.get(
    BASE,
    { config: { policy: "request.worklist" }, schema: { hide: true } },
    async (request, reply) => {
      const ctx = staffOnly(request, reply);
      if (!ctx) return reply;
      return sendPage(
        reply,
        ctx,
        request.t("requests.work.title"),
        <Worklist ctx={ctx} items={await worklist(db, request.actor)} />,
        STYLES,
      );
    },
  );

  const RegionQuery = Type.Object({ region: Type.Optional(Type.String({ pattern: "^\\d{2,12}$" })) });
  const regionOf = (request: FastifyRequest, given: string | undefined) =>
    given ?? (request.actor.kind === "staff" ? (request.actor.grants[0]?.jurisdictionCode ?? "") : "");

  app.get(
    `${BASE}/routes`,
    { config: { policy: "request.route.read" }, schema: { hide: true, querystring: RegionQuery } },
    async (request, reply) => {
      const ctx = staffOnly(request, reply);
      if (!ctx) return reply;
      const region = regionOf(request, request.query.region);
      const routes = await listRoutes(db, request.actor, region);
      return sendPage(
        reply,
        ctx,
        request.t("requests.routes.title"),
        <RoutesPage ctx={ctx} region={region} routes={routes} />,
        STYLES,
      );
    },
  );

  app.post(
    `${BASE}/routes`,
    {
      config: { policy: "request.route.manage" },
      schema: {
        hide: true,
        querystring: RegionQuery,
        body: Type.Object({ regionCode: text, categoryCode: text, departmentId: text, _csrf: text }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      await putRoute(
        db,
        request.actor,
        {
          regionCode: body.regionCode ?? "",
          categoryCode: body.categoryCode?.trim() || null,
          departmentId: body.departmentId ?? "",
        },
        { requestId: request.id },
      );
      return reply.redirect(`${BASE}/routes?region=${regionOf(request, request.query.region)}`, 303);
    },
  );

  app.post(
    `${BASE}/routes/:id/remove`,
    {
      config: { policy: "request.route.manage" },
      schema: {
        hide: true,
        querystring: RegionQuery,
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
      },
    },
    async (request, reply) => {
      await removeRoute(db, request.actor, request.params.id, { requestId: request.id });
      return reply.redirect(`${BASE}/routes?region=${regionOf(request, request.query.region)}`, 303);
    },
  );

  async function show(request: FastifyRequest, reply: FastifyReply, number: string, problem?: string) {
    const ctx = staffOnly(request, reply);
    if (!ctx) return reply;
    const view = await staffRequest(db, config, request.actor, number, { requestId: request.id });
    // The departments a request can go to: its county's and its township's.
    const places = [view.regionCode.slice(0, 6), view.regionCode.slice(0, 9)].filter(
      (c, i, all) => all.indexOf(c) === i,
    );
    const departments = (await Promise.all(places.map((code) => listDepartments(db, code)))).flat();
    return sendPage(
      reply,
      ctx,
      request.t("requests.follow.title", { number }),
      <RequestPage ctx={ctx} view={view} problem={problem} departments={departments} />,
      STYLES,
    );
  }

  app.get(
    `${BASE}/:number`,
    { config: { policy: "request.read" }, schema: { hide: true, params: NumberParams } },
    async (request, reply) => show(request, reply, request.params.number),
  );

  const StepBody = Type.Object({ departmentId: text, reason: text, text, public: text, _csrf: text });
  app.post(
    `${BASE}/:number/:action`,
    {
      config: { policy: "request.read" },
      schema: {
        hide: true,
        params: Type.Object({
          number: Type.String({ pattern: "^\\d{16}$" }),
          action: Type.Union([
            Type.Literal("assign"),
            Type.Literal("transfer"),
            Type.Literal("return"),
            Type.Literal("reply"),
          ]),
        }),
        body: StepBody,
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff")
        return reply.redirect(`/signin?next=${encodeURIComponent(`${BASE}/${request.params.number}`)}`, 303);
      const { number, action } = request.params;
      const b = request.body;
      const deps = { jobs, config, requestId: request.id };
      try {
        if (action === "assign")
          await lifecycle.assign(db, deps, request.actor, number, b.departmentId ?? "");
        else if (action === "transfer")
          await lifecycle.transfer(db, deps, request.actor, number, b.departmentId ?? "", b.reason);
        else if (action === "return")
          await lifecycle.returnToDispatcher(db, deps, request.actor, number, b.reason);
        else
          await lifecycle.reply(db, deps, request.actor, number, {
            text: b.text,
            public: b.public === "true",
          });
      } catch (error) {
        if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
        const fields = error.extra.fields?.map((f) => `${f.field} ${f.message}`).join("; ");
        return show(request, reply.code(error.status), number, fields ?? problemText(error, request.t));
      }
      return reply.redirect(`${BASE}/${number}`, 303);
    },
  );
};
