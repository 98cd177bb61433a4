import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import {
  Delivery,
  DeliveryId,
  DeliveryList,
  DeliveryQuery,
  SigningKeyList,
  Subscription,
  SubscriptionBody,
  SubscriptionId,
  SubscriptionList,
} from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["webhooks"];

const origin = (request: FastifyRequest): service.Origin => ({ requestId: request.id });

const presentSubscription = (s: service.Subscription) => ({
  id: s.id,
  name: s.name,
  url: s.url,
  regionCode: s.regionCode,
  events: s.events,
  createdBy: s.createdBy,
  createdAt: s.createdAt.toISOString(),
});

const presentDelivery = (d: service.Delivery) => ({
  id: d.id,
  subscriptionId: d.subscriptionId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  payload: d.payload,
});

/** Webhooks: administrators subscribe integrators' endpoints; anyone reads the keys that sign them. */
export const webhooksApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Subscription);
  app.addSchema(Delivery);
  const { database, config, jobs } = app.platform;
  const db = database.db;

  app.post(
    "/webhooks/subscriptions",
    {
      config: { policy: "webhook.manage" },
      schema: {
        tags,
        summary:
          "Send a region's events (and its subtree's) to an integrator's endpoint, signed with Ed25519 (administrators of the region)",
        body: SubscriptionBody,
        response: { 201: Type.Ref("WebhookSubscription") },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          presentSubscription(
            await service.createSubscription(
              db,
              { config, jobs },
              request.actor,
              request.body,
              origin(request),
            ),
          ),
        ),
  );

  app.get(
    "/webhooks/subscriptions",
    {
      config: { policy: "webhook.manage" },
      schema: {
        tags,
        summary: "The subscriptions of every region within my jurisdiction",
        response: { 200: SubscriptionList },
      },
    },
    async (request) => ({
      items: (await service.listSubscriptions(db, request.actor)).map(presentSubscription),
    }),
  );

  app.get(
    "/webhooks/subscriptions/:id",
    {
      config: { policy: "webhook.manage" },
      schema: {
        tags,
        summary: "One subscription; one outside my jurisdiction, or deleted, does not exist (404)",
        params: SubscriptionId,
        response: { 200: Type.Ref("WebhookSubscription") },
      },
    },
    async (request) =>
      presentSubscription(await service.getSubscription(db, request.actor, request.params.id)),
  );

  app.delete(
    "/webhooks/subscriptions/:id",
    {
      config: { policy: "webhook.manage" },
      schema: {
        tags,
        summary: "Stop a subscription: nothing more is sent to it, not even deliveries being retried",
        params: SubscriptionId,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await service.deleteSubscription(db, request.actor, request.params.id, origin(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/webhooks/subscriptions/:id/deliveries",
    {
      config: { policy: "webhook.manage" },
      schema: {
        tags,
        summary: "A subscription's deliveries, newest first, with each one's attempts and last answer",
        params: SubscriptionId,
        querystring: DeliveryQuery,
        response: { 200: DeliveryList },
      },
    },
    async (request) => {
      const page = await service.listDeliveries(db, request.actor, request.params.id, request.query);
      return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
    },
  );

  app.post(
    "/webhooks/deliveries/:id/retry",
    {
      config: { policy: "webhook.manage" },
      schema: {
        tags,
        summary: "Try a failed delivery again, with a fresh count of attempts (send {} as JSON)",
        params: DeliveryId,
        response: { 202: Type.Ref("WebhookDelivery") },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(presentDelivery(await service.retryDelivery(db, jobs, request.actor, request.params.id))),
  );

  app.get(
    "/webhooks/signing-keys",
    {
      config: { policy: "public" },
      schema: {
        tags,
        summary:
          "The public keys that sign deliveries (Tongban-Signature keyid), live first; retired ones verify older deliveries",
        response: { 200: SigningKeyList },
      },
    },
    async (_request, reply) => {
      const keys = await service.publicSigningKeys(db);
      // Receivers may cache the keys a while; a new keyid is the sign to fetch them again.
      reply.header("cache-control", "public, max-age=300");
      return {
        items: keys.map((k) => ({
          id: k.id,
          algorithm: k.algorithm,
          publicKey: k.publicKey,
          createdAt: k.createdAt.toISOString(),
          retiredAt: k.retiredAt?.toISOString() ?? null,
        })),
      };
    },
  );
};
