import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { CACHE_NOTE, ownSessionsApi } from "../../platform/auth/own-sessions-api.ts";
import { type OwnSessionsService, SessionId, SessionsEnded } from "../../platform/auth/session-list.ts";
import * as sessions from "./session-management.ts";

const tags = ["staff"];

/** A staff member's own sessions, as the page and the API both show and end them (session-management.ts). */
export const staffOwnSessions: OwnSessionsService = {
  kind: "staff",
  policies: { read: "workspace.read", update: "workspace.read" },
  list: sessions.listOwnSessions,
  endOne: (db, actor, id, token, request) =>
    sessions.endOwnSession(db, actor, id, token, { requestId: request.id }),
  endOthers: (db, actor, token, request) =>
    sessions.endOtherSessions(db, actor, token, { requestId: request.id }),
};

/** Staff sessions: one's own, and one account's all for the security administrator. */
export const staffSessionsApi: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  await app.register(ownSessionsApi({ ...staffOwnSessions, path: "/me/sessions", tags }));

  app.delete(
    "/staff/:id/sessions",
    {
      config: { policy: "staff.endSessions" },
      schema: {
        tags,
        summary: "End every session of a staff member (security administrators, within their jurisdiction)",
        description: `Never one's own account (403); outside one's jurisdiction it does not exist (404). ${CACHE_NOTE}`,
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
