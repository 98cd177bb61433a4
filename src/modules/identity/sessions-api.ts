import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { presentSession, SessionId, SessionList, SessionsEnded } from "../../platform/auth/session-list.ts";
import { clearSessionCookie } from "../../platform/http/request-context.ts";
import * as sessions from "./session-management.ts";

const tags = ["staff"];
const AFTER = "Another server may accept an ended session for up to SESSION_CACHE_SECONDS.";

/** Staff sessions: one's own, and one account's all for the security administrator (session-management.ts). */
export const staffSessionsApi: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;

  app.get(
    "/me/sessions",
    {
      config: { policy: "workspace.read" },
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
    "/me/sessions/:id",
    {
      config: { policy: "workspace.read" },
      schema: {
        tags,
        summary: "End one of my sessions; ending this one signs me out",
        description: `404 not_found: no session of mine has this id (ended already, or someone else's). ${AFTER}`,
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
        { requestId: request.id },
      );
      if (request.actor.kind === "staff") app.sessions.forgetActor("staff", request.actor.id);
      if (current) clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    "/me/sessions",
    {
      config: { policy: "workspace.read" },
      schema: { tags, summary: "End all my sessions but this one", response: { 200: SessionsEnded } },
    },
    async (request) => {
      const ended = await sessions.endOtherSessions(db, request.actor, request.sessionToken, {
        requestId: request.id,
      });
      if (request.actor.kind === "staff") app.sessions.forgetActor("staff", request.actor.id);
      return { ended };
    },
  );

  app.delete(
    "/staff/:id/sessions",
    {
      config: { policy: "staff.endSessions" },
      schema: {
        tags,
        summary: "End every session of a staff member (security administrators, within their jurisdiction)",
        description: `Never one's own account (403); outside one's jurisdiction it does not exist (404). ${AFTER}`,
        params: SessionId,
        response: { 200: SessionsEnded },
      },
    },
    async (request) => {
      const ended = await sessions.endSessionsOfAccount(db, request.actor, request.params.id, {
        requestId: request.id,
      });
      app.sessions.forgetActor("staff", request.params.id);
      return { ended };
    },
  );
};
