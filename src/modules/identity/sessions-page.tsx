/** A staff member's own sessions as a page: /me/sessions, with a form to end each (session-management.ts). */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { clearSessionCookie } from "../../platform/http/request-context.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type SessionsNotice, SessionsPage } from "../../web/sessions-page.tsx";
import * as sessions from "./session-management.ts";

const PATH = "/me/sessions";
const SIGN_IN = `/signin?next=${encodeURIComponent(PATH)}`;

export const staffSessionsPage: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;

  app.get(
    PATH,
    {
      config: { policy: "workspace.read" },
      schema: {
        hide: true,
        querystring: Type.Object({
          done: Type.Optional(Type.Union([Type.Literal("one"), Type.Literal("others")])),
          count: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
        }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return reply.redirect(SIGN_IN, 303);
      const list = await sessions.listOwnSessions(
        db,
        request.actor,
        request.sessionToken,
        config.sessionIdleMinutes,
      );
      const { done, count } = request.query;
      const notice: SessionsNotice | undefined =
        done === "one"
          ? { ended: "one" }
          : done === "others"
            ? { ended: "others", count: count ?? 0 }
            : undefined;
      const ctx = pageContext(request, reply, true);
      return sendPage(
        reply,
        ctx,
        ctx.t("sessions.title"),
        <SessionsPage
          ctx={ctx}
          sessions={list}
          base={PATH}
          back="/me"
          idleMinutes={config.sessionIdleMinutes}
          cacheSeconds={config.sessionCacheSeconds}
          notice={notice}
        />,
      );
    },
  );

  app.post(
    `${PATH}/:id/end`,
    {
      config: { policy: "workspace.read" },
      schema: { hide: true, params: Type.Object({ id: Type.String({ format: "uuid" }) }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return reply.redirect(SIGN_IN, 303);
      const { current } = await sessions.endOwnSession(
        db,
        request.actor,
        request.params.id,
        request.sessionToken,
        {
          requestId: request.id,
        },
      );
      app.sessions.forgetActor("staff", request.actor.id);
      if (!current) return reply.redirect(`${PATH}?done=one`, 303);
      clearSessionCookie(reply);
      return reply.redirect("/", 303);
    },
  );

  app.post(
    `${PATH}/end-others`,
    { config: { policy: "workspace.read" }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return reply.redirect(SIGN_IN, 303);
      const ended = await sessions.endOtherSessions(db, request.actor, request.sessionToken, {
        requestId: request.id,
      });
      app.sessions.forgetActor("staff", request.actor.id);
      return reply.redirect(`${PATH}?done=others&count=${ended}`, 303);
    },
  );
};
