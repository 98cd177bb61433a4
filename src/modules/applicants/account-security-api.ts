import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { origin, personId } from "./api.ts";
import { changePassword } from "./credentials.ts";
import { confirmMobileChange, removeMobile, requestMobileChange } from "./mobile.ts";
import {
  MobileChangeBody,
  MobileCodeBody,
  MobileCodeSent,
  MobileRemoveBody,
  PasswordChangeBody,
} from "./schemas.ts";

const accounts = ["accounts"];

/**
 * A person's changes to how their account is reached — the password and the mobile number — each asking
 * the password again (credentials.ts).
 */
export const accountSecurityApi: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = { config, jobs };
  const perAddress = { rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } };

  /** A wrong password that locks the account has ended its sessions: the cache must not keep this one. */
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

  app.put(
    "/account/password",
    {
      config: { ...perAddress, policy: "account.update" },
      schema: {
        tags: accounts,
        summary: "Change my password; my other sessions end",
        description:
          "400 validation_failed: /newPassword is too short, too common, like my ID number, e-mail or mobile, " +
          "or the current one (no try counted); /currentPassword is wrong (counted like a failed sign-in). " +
          "423 account_locked after repeated wrong passwords, which also ends every session. " +
          "409 no_password for an account that signs in only through the identity platform.",
        body: PasswordChangeBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await forgettingOnLock(request, () =>
        changePassword(
          db,
          deps,
          request.actor,
          personId(request),
          request.body,
          request.sessionToken,
          origin(request),
        ),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/account/mobile",
    {
      config: { ...perAddress, policy: "account.update" },
      schema: {
        tags: accounts,
        summary: "Ask to change my mobile number: a code goes by text message to the new number",
        description:
          "The number changes only when the code is confirmed (POST /api/v1/account/mobile/confirm). " +
          "400 validation_failed: /mobile is not a mobile number or is already mine, /password is missing or " +
          "wrong (counted like a failed sign-in). 423 account_locked. 429 mobile_code_limit after three codes " +
          "in an hour. 403 recent_signin_needed: an account without a password must have signed in through " +
          "the identity platform in the last 10 minutes.",
        body: MobileChangeBody,
        response: { 202: MobileCodeSent },
      },
    },
    async (request, reply) => {
      const sent = await forgettingOnLock(request, () =>
        requestMobileChange(
          db,
          deps,
          request.actor,
          personId(request),
          request.body,
          request.sessionToken,
          origin(request),
        ),
      );
      return reply.code(202).send({ sentTo: sent.sentTo, expiresAt: sent.expiresAt.toISOString() });
    },
  );

  app.post(
    "/account/mobile/confirm",
    {
      config: { ...perAddress, policy: "account.update" },
      schema: {
        tags: accounts,
        summary: "Confirm the new mobile number with the code sent to it; it becomes my number",
        description:
          "400 mobile_code_wrong (with the tries left); 409 mobile_code_tries after five wrong codes; " +
          "410 mobile_code_expired after 10 minutes; 409 mobile_change_none when no code is waiting.",
        body: MobileCodeBody,
        response: { 200: Type.Ref("PersonProfile") },
      },
    },
    async (request) =>
      confirmMobileChange(db, deps, request.actor, personId(request), request.body.code, origin(request)),
  );

  app.delete(
    "/account/mobile",
    {
      config: { ...perAddress, policy: "account.update" },
      schema: {
        tags: accounts,
        summary: "Remove my mobile number, giving my password; a code waiting for a new number ends too",
        description:
          "400 validation_failed: /password is missing or wrong (counted like a failed sign-in). " +
          "423 account_locked. 403 recent_signin_needed for an account without a password, as for a change.",
        body: MobileRemoveBody,
        response: { 200: Type.Ref("PersonProfile") },
      },
    },
    async (request) =>
      forgettingOnLock(request, () =>
        removeMobile(
          db,
          deps,
          request.actor,
          personId(request),
          request.body.password,
          request.sessionToken,
          origin(request),
        ),
      ),
  );
};
