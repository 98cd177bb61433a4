import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Locale } from "../../platform/config.ts";
import { InboxList, InboxMessage, InboxMessageId, InboxQuery, Marked } from "./inbox-schemas.ts";
import * as service from "./inbox-service.ts";

const tags = ["inbox"];

function present(message: service.InboxMessage, locale: Locale) {
  const view = service.inboxView(message, locale);
  return { ...view, createdAt: view.createdAt.toISOString(), readAt: view.readAt?.toISOString() ?? null };
}

/** The in-app inbox of whoever is signed in, person or staff member. */
export const inboxApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(InboxMessage);
  const db = app.platform.database.db;

  app.get(
    "/inbox",
    {
      config: { policy: "inbox.read" },
      schema: {
        tags,
        summary: "My messages, newest first, in the request's language, with how many are unread",
        querystring: InboxQuery,
        response: { 200: InboxList },
      },
    },
    async (request) => {
      const page = await service.listInbox(db, request.actor, {
        unreadOnly: request.query.unread ?? false,
        limit: request.query.limit,
        cursor: request.query.cursor,
      });
      return {
        items: page.items.map((m) => present(m, request.locale)),
        nextCursor: page.nextCursor,
        unreadCount: page.unreadCount,
      };
    },
  );

  app.post(
    "/inbox/:id/read",
    {
      config: { policy: "inbox.update" },
      schema: {
        tags,
        summary: "Mark one of my messages read (send {} as JSON); anyone else's does not exist (404)",
        params: InboxMessageId,
        response: { 200: Type.Ref("InboxMessage") },
      },
    },
    async (request) =>
      present(await service.markInboxRead(db, request.actor, request.params.id), request.locale),
  );

  app.post(
    "/inbox/read-all",
    {
      config: { policy: "inbox.update" },
      schema: {
        tags,
        summary: "Mark all my messages read (send {} as JSON)",
        response: { 200: Marked },
      },
    },
    async (request) => service.markAllInboxRead(db, request.actor),
  );
};
