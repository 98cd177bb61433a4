import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Origin } from "../applicants/service.ts";
import { presentMandate } from "./present.ts";
import {
  ConsentBody,
  GrantBody,
  Mandate,
  MandateAction,
  MandateId,
  MandateList,
  PrincipalDetails,
  RequestBody,
  Requested,
} from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["mandates"];

export const origin = (request: FastifyRequest): Origin => ({
  locale: request.locale,
  requestId: request.id,
});

/** Mandates (帮办代办): granting, asking by code, consenting, revoking, and acting under them. */
export const mandatesApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(MandateAction);
  app.addSchema(Mandate);
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = { config, jobs };
  // Asking for codes sends text messages and entering them guesses: both are limited per address too.
  const perAddress = { rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } };

  app.get(
    "/mandates/granted",
    {
      config: { policy: "mandate.list" },
      schema: {
        tags,
        summary: "Mandates I gave (as principal), newest first, each with everything done under it",
        response: { 200: MandateList },
      },
    },
    async (request) => ({
      items: (await service.listGranted(db, request.actor)).map(presentMandate),
    }),
  );

  app.get(
    "/mandates/held",
    {
      config: { policy: "mandate.list" },
      schema: {
        tags,
        summary: "Mandates I hold (as agent), newest first",
        response: { 200: MandateList },
      },
    },
    async (request) => ({ items: (await service.listHeld(db, request.actor)).map(presentMandate) }),
  );

  app.post(
    "/mandates",
    {
      config: { policy: "mandate.grant" },
      schema: {
        tags,
        summary:
          "Let someone act for me (online consent): named by ID number or e-mail and full name, for every service or the listed ones, at most a year; in force at once",
        body: GrantBody,
        response: { 201: Type.Ref("Mandate") },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          presentMandate(await service.grantMandate(db, deps, request.actor, request.body, origin(request))),
        ),
  );

  app.post(
    "/mandate-requests",
    {
      config: { ...perAddress, policy: "mandate.request" },
      schema: {
        tags,
        summary:
          "At a service point, ask to act for someone (ID number and full name): a code goes by text message to the mobile number in their account",
        body: RequestBody,
        response: { 201: Requested },
      },
    },
    async (request, reply) => {
      const requested = await service.requestMandate(db, deps, request.actor, request.body, origin(request));
      return reply.code(201).send({
        mandate: presentMandate(requested.mandate),
        sentTo: requested.sentTo,
        expiresAt: requested.expiresAt.toISOString(),
      });
    },
  );

  app.post(
    "/mandates/:id/consent",
    {
      config: { ...perAddress, policy: "mandate.confirm" },
      schema: {
        tags,
        summary: `Enter the code the principal told me (${service.CONSENT_CODE_TRIES} tries, ${service.CONSENT_CODE_MINUTES} minutes): the mandate comes into force`,
        params: MandateId,
        body: ConsentBody,
        response: { 200: Type.Ref("Mandate") },
      },
    },
    async (request) =>
      presentMandate(
        await service.confirmMandate(
          db,
          deps,
          request.actor,
          request.params.id,
          request.body.code,
          origin(request),
        ),
      ),
  );

  app.get(
    "/mandates/:id",
    {
      config: { policy: "mandate.read" },
      schema: {
        tags,
        summary:
          "One mandate I gave or hold, with everything done under it; anyone else's does not exist (404)",
        params: MandateId,
        response: { 200: Type.Ref("Mandate") },
      },
    },
    async (request) => presentMandate(await service.getMandate(db, request.actor, request.params.id)),
  );

  app.delete(
    "/mandates/:id",
    {
      config: { policy: "mandate.revoke" },
      schema: {
        tags,
        summary:
          "End a mandate at once: the principal revokes it (or refuses a pending request), the agent renounces it",
        params: MandateId,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await service.revokeMandate(db, request.actor, request.params.id, origin(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/mandates/:id/principal",
    {
      config: { policy: "mandate.act" },
      schema: {
        tags,
        summary:
          "As the agent, read the principal's details (ID number and mobile masked) under a mandate in force; the read is recorded where the principal sees it",
        params: MandateId,
        response: { 200: PrincipalDetails },
      },
    },
    async (request) => service.readPrincipalDetails(db, request.actor, request.params.id, origin(request)),
  );
};
