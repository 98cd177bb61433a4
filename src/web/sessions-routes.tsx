/**
 * The routes of one's own sessions page, the same for people (/account/sessions) and staff
 * (/me/sessions): the list, ending one, ending all others. Each module says whose sessions these are
 * and how its service lists and ends them (session-management.ts of applicants and identity).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { OwnSessionsService } from "../platform/auth/session-list.ts";
import { clearSessionCookie } from "../platform/http/request-context.ts";
import { pageContext, sendPage } from "./render.tsx";
import { type SessionsNotice, SessionsPage } from "./sessions-page.tsx";

export interface OwnSessionsPage extends OwnSessionsService {
  path: string;
  /** Where a visitor who is not signed in as `kind` is sent. */
  signIn: string;
  back: string;
}

export function ownSessionsPage(routes: OwnSessionsPage): FastifyPluginAsyncTypebox {
  const { kind, path } = routes;
  const signIn = `${routes.signIn}?next=${encodeURIComponent(path)}`;
  return async (app) => {
    const { database, config } = app.platform;
    const db = database.db;

    app.get(
      path,
      {
        config: { policy: routes.policies.read },
        schema: {
          hide: true,
          querystring: Type.Object({
            done: Type.Optional(Type.Union([Type.Literal("one"), Type.Literal("others")])),
            count: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
          }),
        },
      },
      async (request, reply) => {
        if (request.actor.kind !== kind) return reply.redirect(signIn, 303);
        const list = await routes.list(db, request.actor, request.sessionToken, config.sessionIdleMinutes);
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
            base={path}
            back={routes.back}
            idleMinutes={config.sessionIdleMinutes}
            cacheSeconds={config.sessionCacheSeconds}
            notice={notice}
          />,
        );
      },
    );

    app.post(
      `${path}/:id/end`,
      {
        config: { policy: routes.policies.update },
        schema: { hide: true, params: Type.Object({ id: Type.String({ format: "uuid" }) }) },
      },
      async (request, reply) => {
        if (request.actor.kind !== kind) return reply.redirect(signIn, 303);
        const { current } = await routes.endOne(
          db,
          request.actor,
          request.params.id,
          request.sessionToken,
          request,
        );
        app.sessions.forgetActor(kind, request.actor.id);
        if (!current) return reply.redirect(`${path}?done=one`, 303);
        clearSessionCookie(reply);
        return reply.redirect("/", 303);
      },
    );

    app.post(
      `${path}/end-others`,
      { config: { policy: routes.policies.update }, schema: { hide: true } },
      async (request, reply) => {
        if (request.actor.kind !== kind) return reply.redirect(signIn, 303);
        const ended = await routes.endOthers(db, request.actor, request.sessionToken, request);
        app.sessions.forgetActor(kind, request.actor.id);
        return reply.redirect(`${path}?done=others&count=${ended}`, 303);
      },
    );
  };
}
