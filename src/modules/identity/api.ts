import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { clearSessionCookie, setSessionCookie } from "../../platform/http/request-context.ts";
import { authorize } from "../../platform/policy.ts";
import { changeOwnPassword } from "./password.ts";
import { presentChallenge, presentProfile, sessionCookieOf } from "./present.ts";
import {
  Credentials,
  FirstPasswordReplacement,
  NewPasswordRequired,
  PasswordChange,
  SecondFactorChallenge,
  SecondFactorCode,
  Session,
  StaffProfile,
} from "./schemas.ts";
import * as service from "./service.ts";
import { staffSessionsApi } from "./sessions-api.ts";
import { staffAdminApi } from "./staff-admin-api.ts";

const tags = ["staff"];

/** A sign-in's answer: 201 when done, 202 with the step still owed (a new password, the second factor). */
function sendSignedIn(reply: FastifyReply, signedIn: service.SignedIn) {
  if (signedIn.passwordChange) {
    return reply.code(202).send({ passwordChange: true, expiresAt: signedIn.expiresAt.toISOString() });
  }
  if (signedIn.secondFactor) {
    // The enrolment answer carries the secret: no cache may keep it.
    reply.header("cache-control", "no-store");
    return reply.code(202).send(presentChallenge(signedIn.secondFactor, signedIn.expiresAt));
  }
  return reply.code(201).send({ staffId: signedIn.staffId, expiresAt: signedIn.expiresAt.toISOString() });
}

export const identityApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(StaffProfile);
  const { database, config } = app.platform;
  const db = database.db;
  const signInLimit = { rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } };

  app.post(
    "/session",
    {
      config: { ...signInLimit, policy: "public" },
      schema: {
        tags,
        summary: "Sign in as staff; sets the session cookie",
        description:
          "201: signed in. 202 with `passwordChange`: the password was a first one (made by " +
          "`tongban staff create` or a system administrator): the cookie only lets them choose their own " +
          "with POST /session/password. 202 with `mfa`: staff holding a role (when REQUIRE_STAFF_MFA is on) " +
          "still owe a TOTP code: the cookie only lets them finish with POST /session/mfa. " +
          "401 first_password_expired: a first password unused for 24 hours; ask for a new one.",
        body: Credentials,
        response: { 201: Session, 202: Type.Union([SecondFactorChallenge, NewPasswordRequired]) },
      },
    },
    async (request, reply) => {
      const previous = sessionCookieOf(request);
      const signedIn = await service.signIn(db, config, request.body, previous, {
        requestId: request.id,
        userAgent: request.headers["user-agent"],
      });
      if (previous) app.sessions.forget(previous);
      setSessionCookie(reply, signedIn.token, signedIn.expiresAt);
      return sendSignedIn(reply, signedIn);
    },
  );

  app.post(
    "/session/password",
    {
      config: { ...signInLimit, policy: "public" },
      schema: {
        tags,
        summary: "Replace a first password at the first sign-in; the session id changes",
        description:
          "Only for a sign-in answered 202 `passwordChange`. 201: signed in; 202: the second factor is " +
          "owed next (POST /session/mfa). 400 validation_failed: /newPassword too short, too common, " +
          "built on my name, region, department or Tongban, or the first password again. " +
          "401 unauthenticated: no sign-in waiting for a new password (sign in again).",
        body: FirstPasswordReplacement,
        response: { 201: Session, 202: SecondFactorChallenge },
      },
    },
    async (request, reply) => {
      const pending = sessionCookieOf(request);
      const signedIn = await service.replaceFirstPassword(db, config, pending, request.body.newPassword, {
        requestId: request.id,
      });
      if (pending) app.sessions.forget(pending);
      setSessionCookie(reply, signedIn.token, signedIn.expiresAt);
      return sendSignedIn(reply, signedIn);
    },
  );

  app.post(
    "/session/mfa",
    {
      config: { ...signInLimit, policy: "public" },
      schema: {
        tags,
        summary: "Finish a sign-in with the TOTP code; the session id changes",
        description:
          "401 mfa_invalid: wrong, expired or already used code; 423 account_locked after repeated wrong " +
          "codes; 401 unauthenticated: no sign-in waiting for a code (sign in again).",
        body: SecondFactorCode,
        response: { 201: Session },
      },
    },
    async (request, reply) => {
      const pending = sessionCookieOf(request);
      const signedIn = await service.completeSecondFactor(db, config, pending, request.body.code, {
        requestId: request.id,
      });
      if (pending) app.sessions.forget(pending);
      setSessionCookie(reply, signedIn.token, signedIn.expiresAt);
      return reply.code(201).send({ staffId: signedIn.staffId, expiresAt: signedIn.expiresAt.toISOString() });
    },
  );

  app.delete(
    "/session",
    {
      config: { policy: "public", signOut: true },
      schema: { tags, summary: "Sign out", response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      // A sign-in still waiting for its code ends too.
      const token = sessionCookieOf(request);
      if (token) {
        await service.signOut(db, token);
        app.sessions.forget(token);
      }
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/me",
    {
      config: { policy: "workspace.read" },
      schema: {
        tags,
        summary: "Who I am: roles, departments, jurisdictions",
        response: { 200: Type.Ref("StaffProfile") },
      },
    },
    async (request) => {
      authorize(request.actor, "workspace.read");
      const actor = request.actor as Extract<typeof request.actor, { kind: "staff" }>;
      return presentProfile(await service.getProfile(db, actor, actor.id), request.locale);
    },
  );

  app.put(
    "/me/password",
    {
      config: { ...signInLimit, policy: "workspace.read" },
      schema: {
        tags,
        summary: "Change my password; my other sessions end",
        description:
          "400 validation_failed: /currentPassword is wrong (counted like a failed sign-in), or /newPassword " +
          "is too short, too common, or like my name. 423 account_locked after repeated wrong passwords.",
        body: PasswordChange,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(db, config, request.actor, request.body, sessionCookieOf(request) ?? "", {
        requestId: request.id,
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/staff",
    {
      config: { policy: "staff.list" },
      schema: {
        tags,
        summary: "Staff within my jurisdiction (administrators and supervisors)",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref("StaffProfile")) }) },
      },
    },
    async (request) => ({
      items: (await service.listStaff(db, request.actor)).map((p) => presentProfile(p, request.locale)),
    }),
  );

  app.get(
    "/staff/:id",
    {
      config: { policy: "staff.read" },
      schema: {
        tags,
        summary: "One staff member; outside my jurisdiction it does not exist (404)",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: Type.Ref("StaffProfile") },
      },
    },
    async (request) =>
      presentProfile(await service.getProfile(db, request.actor, request.params.id), request.locale),
  );

  app.delete(
    "/staff/:id/mfa",
    {
      config: { policy: "staff.resetMfa" },
      schema: {
        tags,
        summary: "Reset a staff member's second factor (administrators); their sessions end",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await service.resetSecondFactor(db, request.actor, request.params.id, { requestId: request.id });
      return reply.code(204).send(null);
    },
  );

  await app.register(staffAdminApi);
  await app.register(staffSessionsApi);
};
