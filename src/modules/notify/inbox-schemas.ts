import { Type } from "typebox";
import { INBOX_MAX_PAGE } from "./inbox-service.ts";

export const InboxQuery = Type.Object({
  unread: Type.Optional(Type.Boolean({ description: "Only the messages not read yet" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: INBOX_MAX_PAGE, default: 20 })),
  cursor: Type.Optional(Type.String({ format: "uuid", description: "The previous page's nextCursor" })),
});

export const InboxMessageId = Type.Object({ id: Type.String({ format: "uuid" }) });

const Instant = Type.String({ format: "date-time" });

export const InboxMessage = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    template: Type.String({ description: "What kind of message: case.accepted, task.overdue…" }),
    title: Type.String({ description: "In the request's language" }),
    body: Type.String({
      description: "Plain text in the request's language; paragraphs split by a blank line",
    }),
    link: Type.Union([Type.String(), Type.Null()], { description: "Where to read on: a URL or a path" }),
    caseId: Type.Union([Type.String({ format: "uuid" }), Type.Null()]),
    createdAt: Instant,
    readAt: Type.Union([Instant, Type.Null()]),
  },
  { $id: "InboxMessage" },
);

export const InboxList = Type.Object({
  items: Type.Array(Type.Ref("InboxMessage")),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: "Pass as cursor for older messages" }),
  unreadCount: Type.Integer({ minimum: 0 }),
});

export const Marked = Type.Object({ marked: Type.Integer({ minimum: 0 }) });
