import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { setSessionCookie } from "../../platform/http/request-context.ts";
import { origin, personId } from "./api.ts";
import * as secondFactor from "./second-factor.ts";
import {
  EnrolmentConfirmed,
  EnrolmentOffer,
  EnrolmentStartBody,
  PersonSecondFactorDone,
  SecondFactorCodeBody,
  SecondFactorRemoveBody,
  SecondFactorStatus,
} from "./second-factor-schemas.ts";
import { PENDING_MINUTES } from "./sessions.ts";

const accounts = ["accounts"];

/** The session cookie as sent: a sign-in still owing its code signs no one in, so `sessionToken` is unset. */
export function pendingCookieOf(request: FastifyRequest): string | undefined {
  return request.sessionToken ?? request.server.cookieJar.read(request, "session");
}

/** People's second factor: finishing a sign-in with it, and enrolling, checking and removing it. */
export const secondFactorApi: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;
  const deps = { config };
  const perAddress = { rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } };

  app.post(
    "/account-session/mfa",
    {
      config: { ...perAddress, policy: "public" },
      schema: {
        tags: accounts,
        summary:
          "Finish a password sign-in with the authenticator's code or a recovery code; the session id changes",
        description:
          "Only for a sign-in answered 202. 201: signed in (enrolling, with the recovery codes, shown once). " +
          "400 validation_failed: /code missing, or neither 6 digits nor a recovery code (not counted). " +
          "401 mfa_invalid: wrong, replayed or spent code (counted like a wrong password); 423 account_locked " +
          "after SIGNIN_MAX_FAILURES of them, which ends this sign-in; 401 unauthenticated: no sign-in " +
          "waiting for a code (sign in again).",
        body: SecondFactorCodeBody,
        response: { 201: PersonSecondFactorDone },
      },
    },
    async (request, reply) => {
      const pending = pendingCookieOf(request);
      const done = await secondFactor.completeSignIn(db, deps, pending, request.body.code, origin(request));
      if (pending) app.sessions.forget(pending);
      setSessionCookie(reply, done.token, done.expiresAt);
      // Recovery codes are in the answer: no cache may keep it.
      reply.header("cache-control", "no-store");
      return reply.code(201).send({
        personId: done.personId,
        expiresAt: done.expiresAt.toISOString(),
        ...(done.recoveryCodes ? { recoveryCodes: done.recoveryCodes } : {}),
      });
    },
  );

  app.get(
    "/account/mfa",
    {
      config: { policy: "account.read" },
      schema: {
        tags: accounts,
        summary: "Whether my account has an authenticator, and how many recovery codes are left",
        response: { 200: SecondFactorStatus },
      },
    },
    async (request) => {
      const status = await secondFactor.secondFactorStatus(db, request.actor, personId(request));
      return { ...status, enrolledAt: status.enrolledAt?.toISOString() ?? null };
    },
  );

  app.post(
    "/account/mfa",
    {
      config: { ...perAddress, policy: "account.update" },
      schema: {
        tags: accounts,
        summary: "Start enrolling an authenticator app, giving my password; confirm with a first code",
        description:
          `201: the secret to scan or type, to confirm with POST /api/v1/account/mfa/confirm within ${PENDING_MINUTES} ` +
          "minutes. 400 validation_failed: /password missing or wrong (counted like a failed sign-in). " +
          "409 mfa_already_enrolled; 409 no_password for an account that signs in only through the identity platform.",
        body: EnrolmentStartBody,
        response: { 201: EnrolmentOffer },
      },
    },
    async (request, reply) => {
      const now = new Date();
      const offer = await forgettingOnLock(request, () =>
        secondFactor.startEnrolment(
          db,
          deps,
          request.actor,
          personId(request),
          request.body.password,
          origin(request),
          now,
        ),
      );
      reply.header("cache-control", "no-store");
      return reply.code(201).send({
        secret: offer.secret,
        otpauthUri: offer.uri,
        expiresAt: new Date(now.getTime() + PENDING_MINUTES * 60_000).toISOString(),
      });
    },
  );

  app.post(
    "/account/mfa/confirm",
    {
      config: { ...perAddress, policy: "account.update" },
      schema: {
        tags: accounts,
        summary:
          "Confirm the authenticator with its first code; my other sessions end, this one's id changes",
        description:
          "201: ten recovery codes, shown this once. 400 validation_failed: /code missing, not 6 digits, or wrong. " +
          "409 mfa_enrolment_none: nothing waiting to be confirmed (start again).",
        body: SecondFactorCodeBody,
        response: { 201: EnrolmentConfirmed },
      },
    },
    async (request, reply) => {
      const previous = request.sessionToken;
      const done = await secondFactor.confirmEnrolment(
        db,
        deps,
        request.actor,
        personId(request),
        request.body.code,
        previous,
        origin(request),
      );
      app.sessions.forgetActor("person", personId(request));
      if (previous) app.sessions.forget(previous);
      setSessionCookie(reply, done.token, done.expiresAt);
      reply.header("cache-control", "no-store");
      return reply
        .code(201)
        .send({ recoveryCodes: done.recoveryCodes, expiresAt: done.expiresAt.toISOString() });
    },
  );

  app.delete(
    "/account/mfa",
    {
      config: { ...perAddress, policy: "account.update" },
      schema: {
        tags: accounts,
        summary: "Remove my authenticator and recovery codes, giving my password and a code",
        description:
          "400 validation_failed: /password or /code missing, malformed or wrong (a wrong one counted like a " +
          "failed sign-in). 423 account_locked, which also ends every session. 409 mfa_not_enrolled.",
        body: SecondFactorRemoveBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await forgettingOnLock(request, () =>
        secondFactor.removeSecondFactor(
          db,
          deps,
          request.actor,
          personId(request),
          request.body,
          origin(request),
        ),
      );
      return reply.code(204).send(null);
    },
  );

  /** A wrong password or code that locks the account has ended its sessions: forget this one too. */
  async function forgettingOnLock<T>(request: FastifyRequest, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isAppError(error) && error.code === "account_locked" && request.sessionToken) {
        app.sessions.forget(request.sessionToken);
      }
      throw error;
    }
  }
};
