import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { presentSession, SessionId, SessionList, SessionsEnded } from "../../platform/auth/session-list.ts";
import { clearSessionCookie } from "../../platform/http/request-context.ts";
import { origin } from "./api.ts";
import * as sessions from "./session-management.ts";

const tags = ["accounts"];

/** A person's own sessions (session-management.ts). */
export const personSessionsApi: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;

  app.get(
    "/account/sessions",
    {
      config: { policy: "account.read" },
      schema: {
        tags,
        summary: "Where I am signed in: my sessions, this one first",
        response: { 200: SessionList },
      },
    },
    async (request) => ({
      items: (
        await sessions.listOwnSessions(db, request.actor, request.sessionToken, config.sessionIdleMinutes)
      ).map(presentSession),
    }),
  );

  app.delete(
    "/account/sessions/:id",
    {
      config: { policy: "account.update" },
      schema: {
        tags,
        summary: "End one of my sessions; ending this one signs me out",
        description:
          "404 not_found: no session of mine has this id (ended already, or someone else's). Another " +
          "server may accept the ended session for up to SESSION_CACHE_SECONDS.",
        params: SessionId,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { current } = await sessions.endOwnSession(
        db,
        request.actor,
        request.params.id,
        request.sessionToken,
        origin(request),
      );
      if (request.actor.kind === "person") app.sessions.forgetActor("person", request.actor.id);
      if (current) clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    "/account/sessions",
    {
      config: { policy: "account.update" },
      schema: {
        tags,
        summary: "End all my sessions but this one",
        response: { 200: SessionsEnded },
      },
    },
    async (request) => {
      const ended = await sessions.endOtherSessions(db, request.actor, request.sessionToken, origin(request));
      if (request.actor.kind === "person") app.sessions.forgetActor("person", request.actor.id);
      return { ended };
    },
  );
};
