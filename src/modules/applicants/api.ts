import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { errors } from "../../platform/errors.ts";
import { clearSessionCookie, setSessionCookie } from "../../platform/http/request-context.ts";
import { DataReadsPage, DataReadsQuery } from "../audit/schemas.ts";
import { whoReadOurData } from "../audit/service.ts";
import { accountSecurityApi } from "./account-security-api.ts";
import { lookupApi } from "./lookup-api.ts";
import * as organisations from "./organisations.ts";
import { presentAgent, presentOrganisation } from "./present.ts";
import {
  Accepted,
  Agent,
  AgentParams,
  Credentials,
  GrantBody,
  Organisation,
  OrganisationBody,
  OrganisationId,
  PersonSession,
  Profile,
  ProfilePatch,
  ResetCompleteBody,
  ResetRequestBody,
  SignedUp,
  SignUpBody,
  TokenBody,
} from "./schemas.ts";
import { signInChallenge } from "./second-factor.ts";
import { pendingCookieOf, secondFactorApi } from "./second-factor-api.ts";
import { PersonSecondFactorChallenge } from "./second-factor-schemas.ts";
import * as service from "./service.ts";
import * as sessions from "./sessions.ts";
import { personSessionsApi } from "./sessions-api.ts";

const accounts = ["accounts"];
const orgs = ["organisations"];

export const origin = (request: FastifyRequest): service.Origin => ({
  locale: request.locale,
  requestId: request.id,
  userAgent: request.headers["user-agent"],
  address: request.ip,
});

/** The signed-in person's own id: anonymous callers are asked to sign in, staff have no such account. */
export function personId(request: FastifyRequest): string {
  if (request.actor.kind === "person") return request.actor.id;
  throw request.actor.kind === "anonymous" ? errors.unauthenticated() : errors.forbidden();
}

export const applicantsApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Profile);
  app.addSchema(Agent);
  app.addSchema(Organisation);
  await app.register(lookupApi);
  await app.register(accountSecurityApi);
  await app.register(secondFactorApi);
  await app.register(personSessionsApi);
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = { config, jobs };
  const perAddress = { rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } };

  app.post(
    "/accounts",
    {
      config: { ...perAddress, policy: "public" },
      schema: {
        tags: accounts,
        summary: "Open a person's account; a link to confirm the e-mail address is sent",
        body: SignUpBody,
        response: { 201: SignedUp },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.signUp(db, deps, request.body, origin(request))),
  );

  app.post(
    "/accounts/verify-email",
    {
      config: { policy: "public" },
      schema: {
        tags: accounts,
        summary: "Confirm the e-mail address with the token of the link (once)",
        body: TokenBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await service.verifyEmail(db, request.body.token);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/account-session",
    {
      config: { ...perAddress, policy: "public" },
      schema: {
        tags: accounts,
        summary: "Sign in with e-mail or ID number; sets the session cookie",
        description:
          "201: signed in. 202 with `mfa`: the account has two-step verification (or REQUIRE_PEOPLE_MFA asks " +
          "it to enrol): the cookie only lets one finish with POST /api/v1/account-session/mfa.",
        body: Credentials,
        response: { 201: PersonSession, 202: PersonSecondFactorChallenge },
      },
    },
    async (request, reply) => {
      const previous = pendingCookieOf(request);
      const signedIn = await sessions.signIn(db, deps, request.body, previous, origin(request));
      if (previous) app.sessions.forget(previous);
      setSessionCookie(reply, signedIn.token, signedIn.expiresAt);
      if (signedIn.secondFactor) {
        const challenge = await signInChallenge(db, deps, signedIn.token);
        // The enrolment answer carries the secret: no cache may keep it.
        reply.header("cache-control", "no-store");
        return reply.code(202).send({
          mfa: signedIn.secondFactor,
          expiresAt: signedIn.expiresAt.toISOString(),
          ...(challenge?.mfa === "enrol" ? { secret: challenge.secret, otpauthUri: challenge.uri } : {}),
        });
      }
      return reply
        .code(201)
        .send({ personId: signedIn.personId, expiresAt: signedIn.expiresAt.toISOString() });
    },
  );

  app.delete(
    "/account-session",
    {
      config: { policy: "public", signOut: true },
      schema: { tags: accounts, summary: "Sign out", response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      // A staff session is ended by DELETE /session, not here.
      if (request.actor.kind === "staff") return reply.code(204).send(null);
      // A sign-in still waiting for its code ends too.
      const token = pendingCookieOf(request);
      if (token) {
        await sessions.signOut(db, token);
        app.sessions.forget(token);
      }
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/account",
    {
      config: { policy: "account.read" },
      schema: {
        tags: accounts,
        summary: "My profile; the ID number masked",
        response: { 200: Type.Ref("PersonProfile") },
      },
    },
    async (request) => service.getProfile(db, request.actor, personId(request)),
  );

  app.patch(
    "/account",
    {
      config: { policy: "account.update" },
      schema: {
        tags: accounts,
        summary: "Change my address region (null clears); the mobile number changes through /account/mobile",
        body: ProfilePatch,
        response: { 200: Type.Ref("PersonProfile") },
      },
    },
    async (request) => service.updateProfile(db, request.actor, personId(request), request.body),
  );

  app.post(
    "/account/email-verification",
    {
      config: { policy: "account.update" },
      schema: {
        tags: accounts,
        summary: "Send a new link to confirm my e-mail address (earlier links stop working); body {}",
        body: Type.Object({}, { additionalProperties: false }),
        response: { 202: Type.Null() },
      },
    },
    async (request, reply) => {
      await service.resendVerification(db, deps, request.actor, personId(request), origin(request));
      return reply.code(202).send(null);
    },
  );

  app.post(
    "/accounts/password-reset",
    {
      config: { ...perAddress, policy: "public" },
      schema: {
        tags: accounts,
        summary:
          "Ask for a link to choose a new password; the answer is the same whether or not the account exists",
        body: ResetRequestBody,
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      await service.requestPasswordReset(db, deps, request.body.email, origin(request));
      return reply.code(202).send({
        message: request.t("account.reset.sent", { minutes: service.RESET_PASSWORD_MINUTES }),
      });
    },
  );

  app.post(
    "/accounts/password-reset/complete",
    {
      config: { ...perAddress, policy: "public" },
      schema: {
        tags: accounts,
        summary: "Choose a new password with the token of the link (once); ends every session",
        body: ResetCompleteBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await service.completePasswordReset(db, deps, request.body, origin(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/organisations",
    {
      config: { policy: "organisation.register" },
      schema: {
        tags: orgs,
        summary: "Register an organisation; I become its legal representative",
        body: OrganisationBody,
        response: { 201: Type.Ref("Organisation") },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          presentOrganisation(
            await organisations.registerOrganisation(db, request.actor, request.body, origin(request)),
          ),
        ),
  );

  app.get(
    "/organisations",
    {
      config: { policy: "organisation.list" },
      schema: {
        tags: orgs,
        summary: "Organisations I represent or act for",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref("Organisation")) }) },
      },
    },
    async (request) => ({
      items: (await organisations.listMyOrganisations(db, request.actor)).map(presentOrganisation),
    }),
  );

  app.get(
    "/organisations/:id",
    {
      config: { policy: "organisation.act" },
      schema: {
        tags: orgs,
        summary: "One organisation I represent or act for; anyone else's does not exist (404)",
        params: OrganisationId,
        response: { 200: Type.Ref("Organisation") },
      },
    },
    async (request) =>
      presentOrganisation(await organisations.getOrganisation(db, request.actor, request.params.id)),
  );

  app.get(
    "/organisations/:id/data-reads",
    {
      config: { policy: "organisation.act" },
      schema: {
        tags: orgs,
        summary:
          "Who read the organisation's records in the registries, when and why (谁使用了我单位的数据), newest first",
        params: OrganisationId,
        querystring: DataReadsQuery,
        response: { 200: DataReadsPage },
      },
    },
    async (request) => {
      const organisation = await organisations.getOrganisation(db, request.actor, request.params.id);
      const { limit, before } = request.query;
      const reads = await whoReadOurData(db, organisation.id, { limit, before });
      const last = reads.at(-1);
      return {
        items: reads.map((read) => ({ ...read, at: read.at.toISOString() })),
        nextBefore: reads.length >= limit && last ? last.seq : null,
      };
    },
  );

  app.post(
    "/organisations/:id/agents",
    {
      config: { policy: "organisation.manage" },
      schema: {
        tags: orgs,
        summary: "Make an existing account an agent (经办人) for every service or the listed ones",
        params: OrganisationId,
        body: GrantBody,
        response: { 201: Type.Ref("OrganisationAgent") },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          presentAgent(
            await organisations.grantAgent(
              db,
              deps,
              request.actor,
              request.params.id,
              request.body,
              origin(request),
            ),
          ),
        ),
  );

  app.delete(
    "/organisations/:id/agents/:personId",
    {
      config: { policy: "organisation.manage" },
      schema: {
        tags: orgs,
        summary: "End an agent's mandate",
        params: AgentParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await organisations.revokeAgent(
        db,
        request.actor,
        request.params.id,
        request.params.personId,
        origin(request),
      );
      return reply.code(204).send(null);
    },
  );
};
