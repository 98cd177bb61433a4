import { Type } from "typebox";
import { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from "./tables.ts";

// Request fields are plain bounded strings: the service checks their content and reports every problem
// at once, an unknown event type among them.

export const SubscriptionBody = Type.Object(
  {
    name: Type.String({ maxLength: 200, description: "What the receiving system is, for people" }),
    url: Type.String({
      maxLength: 4000,
      description: "http(s) endpoint that receives the POSTs; no user name or password in it",
    }),
    regionCode: Type.String({
      maxLength: 20,
      description: "Events of this region and every region below it are sent; within your jurisdiction",
    }),
    events: Type.Array(Type.String({ maxLength: 64 }), {
      maxItems: 50,
      description: `Event types (${WEBHOOK_EVENT_TYPES.join(", ")}), or ["*"] for all`,
    }),
  },
  { additionalProperties: false },
);

export const SubscriptionId = Type.Object({ id: Type.String({ format: "uuid" }) });

const Instant = Type.String({ format: "date-time" });

export const Subscription = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    name: Type.String(),
    url: Type.String(),
    regionCode: Type.String(),
    events: Type.Array(Type.String()),
    createdBy: Type.String({ format: "uuid", description: "The administrator who created it" }),
    createdAt: Instant,
  },
  { $id: "WebhookSubscription" },
);

export const SubscriptionList = Type.Object({ items: Type.Array(Type.Ref("WebhookSubscription")) });

export const DeliveryQuery = Type.Object({
  status: Type.Optional(Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s)))),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ format: "uuid", description: "The previous page's nextCursor" })),
});

export const Delivery = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    subscriptionId: Type.String({ format: "uuid" }),
    eventId: Type.String({ format: "uuid" }),
    eventType: Type.String(),
    status: Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s))),
    attempts: Type.Integer({ minimum: 0 }),
    lastStatus: Type.Union([Type.Integer(), Type.Null()], { description: "HTTP status of the last answer" }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    createdAt: Instant,
    deliveredAt: Type.Union([Instant, Type.Null()]),
    payload: Type.Object(
      {
        id: Type.String({ format: "uuid" }),
        type: Type.String(),
        occurredAt: Instant,
        regionCode: Type.String(),
        data: Type.Record(Type.String(), Type.Unknown()),
      },
      { description: "The body sent (the event)" },
    ),
  },
  { $id: "WebhookDelivery" },
);

export const DeliveryList = Type.Object({
  items: Type.Array(Type.Ref("WebhookDelivery")),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: "Pass as cursor for older deliveries",
  }),
});

export const DeliveryId = Type.Object({ id: Type.String({ format: "uuid" }) });

export const SigningKeyList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String({ format: "uuid", description: "The keyid of Tongban-Signature" }),
      algorithm: Type.Literal("ed25519"),
      publicKey: Type.String({ description: "SPKI PEM" }),
      createdAt: Instant,
      retiredAt: Type.Union([Instant, Type.Null()], {
        description: "No longer signs; kept to verify older deliveries",
      }),
    }),
  ),
});
