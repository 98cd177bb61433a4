/**
 * The API of one's own sessions, the same for people (/account/sessions) and staff (/me/sessions):
 * list them, end one (this one is signing out), end all others (session-list.ts).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { clearSessionCookie } from "../http/request-context.ts";
import {
  type OwnSessionsService,
  presentSession,
  SessionId,
  SessionList,
  SessionsEnded,
} from "./session-list.ts";

/** Why an ended session may still be accepted a moment: each server's session cache (actor-cache.ts). */
export const CACHE_NOTE = "Another server may accept an ended session for up to SESSION_CACHE_SECONDS.";

export function ownSessionsApi(
  service: OwnSessionsService & { path: string; tags: string[] },
): FastifyPluginAsyncTypebox {
  const { kind, path, tags } = service;
  return async (app) => {
    const { database, config } = app.platform;
    const db = database.db;

    app.get(
      path,
      {
        config: { policy: service.policies.read },
        schema: {
          tags,
          summary: "Where I am signed in: my sessions, this one first",
          response: { 200: SessionList },
        },
      },
      async (request) => ({
        items: (await service.list(db, request.actor, request.sessionToken, config.sessionIdleMinutes)).map(
          presentSession,
        ),
      }),
    );

    app.delete(
      `${path}/:id`,
      {
        config: { policy: service.policies.update },
        schema: {
          tags,
          summary: "End one of my sessions; ending this one signs me out",
          description: `404 not_found: no session of mine has this id (ended already, or someone else's). ${CACHE_NOTE}`,
          params: SessionId,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        const { current } = await service.endOne(
          db,
          request.actor,
          request.params.id,
          request.sessionToken,
          request,
        );
        if (request.actor.kind === kind) app.sessions.forgetActor(kind, request.actor.id);
        if (current) clearSessionCookie(reply);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      path,
      {
        config: { policy: service.policies.update },
        schema: { tags, summary: "End all my sessions but this one", response: { 200: SessionsEnded } },
      },
      async (request) => {
        const ended = await service.endOthers(db, request.actor, request.sessionToken, request);
        if (request.actor.kind === kind) app.sessions.forgetActor(kind, request.actor.id);
        return { ended };
      },
    );
  };
}
