import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { Type } from "typebox";
import { qrDataUri } from "../../platform/auth/totp.ts";
import { isAppError } from "../../platform/errors.ts";
import { clearSessionCookie, localPath, setSessionCookie } from "../../platform/http/request-context.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { origin } from "./api.ts";
import { type FormErrors, formErrors, NO_ERRORS, problemText } from "./form-kit.tsx";
import { Message } from "./forms.tsx";
import * as secondFactor from "./second-factor.ts";
import { pendingCookieOf } from "./second-factor-api.ts";
import {
  EnrolForm,
  RecoveryCodes,
  type Scan,
  SecondFactorStatusView,
  SignInCodeForm,
} from "./second-factor-views.tsx";
import { PENDING_MINUTES, signOut } from "./sessions.ts";

const text = Type.Optional(Type.String({ maxLength: 1000 }));
const NOTICES: Record<string, "account.mfa.enrolled" | "account.mfa.removed"> = {
  enrolled: "account.mfa.enrolled",
  removed: "account.mfa.removed",
};

/** The second step of a person's password sign-in, and the account's page to turn two-step verification on or off. */
export const secondFactorPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;
  const deps = { config };
  const perAddress = { rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } };

  /** A page that may show a secret or recovery codes: no cache, shared or private, may keep it. */
  function send(
    request: FastifyRequest,
    reply: FastifyReply,
    title: (ctx: PageContext) => string,
    body: (ctx: PageContext) => ComponentChildren,
  ) {
    const ctx = pageContext(request, reply, true);
    reply.header("cache-control", "no-store").header("vary", "Cookie");
    return sendPage(reply, ctx, title(ctx), body(ctx));
  }

  const scanOf = async (enrolment: { secret: string; uri: string }): Promise<Scan> => ({
    secret: enrolment.secret,
    qr: await qrDataUri(enrolment.uri),
  });

  async function showCode(
    request: FastifyRequest,
    reply: FastifyReply,
    challenge: secondFactor.Challenge,
    next: string,
    errors: FormErrors,
  ) {
    const scan = challenge.mfa === "enrol" ? await scanOf(challenge) : undefined;
    return send(
      request,
      reply,
      (c) => (scan ? c.t("mfa.enrolTitle") : c.t("mfa.title")),
      (ctx) => <SignInCodeForm ctx={ctx} next={next} scan={scan} errors={errors} />,
    );
  }

  const restart = (reply: FastifyReply, next: string) =>
    reply.redirect(`/account/signin?next=${encodeURIComponent(next)}`, 303);
  const toSignIn = (reply: FastifyReply) => reply.redirect("/account/signin?next=%2Faccount%2Fsecurity", 303);

  app.get(
    "/account/signin/mfa",
    {
      config: { policy: "public" },
      schema: {
        hide: true,
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) => {
      const next = localPath(request.query.next, "/account");
      const challenge = await secondFactor.signInChallenge(db, deps, pendingCookieOf(request));
      if (!challenge) return restart(reply, next);
      return showCode(request, reply, challenge, next, NO_ERRORS);
    },
  );

  app.post(
    "/account/signin/mfa",
    {
      config: { ...perAddress, policy: "public" },
      schema: { hide: true, body: Type.Object({ code: text, next: text }) },
    },
    async (request, reply) => {
      const next = localPath(request.body.next, "/account");
      const token = pendingCookieOf(request);
      const challenge = await secondFactor.signInChallenge(db, deps, token);
      if (!token || !challenge) return restart(reply, next);
      try {
        const done = await secondFactor.completeSignIn(db, deps, token, request.body.code, origin(request));
        app.sessions.forget(token);
        setSessionCookie(reply, done.token, done.expiresAt);
        const codes = done.recoveryCodes;
        if (!codes) return reply.redirect(next, 303);
        return send(
          request,
          reply,
          (c) => c.t("account.mfa.codesTitle"),
          (ctx) => <RecoveryCodes ctx={ctx} codes={codes} next={next} />,
        );
      } catch (error) {
        if (isAppError(error) && error.code === "unauthenticated") return restart(reply, next);
        if (isAppError(error) && error.code === "account_locked") {
          // The wrong code that locked the address ended this sign-in.
          clearSessionCookie(reply);
          if (error.extra.retryAfterSeconds) reply.header("retry-after", error.extra.retryAfterSeconds);
          const words = problemText(error, request.t);
          return send(
            request,
            reply.code(error.status),
            (c) => c.t("mfa.title"),
            (ctx) => (
              <Message
                title={ctx.t("mfa.title")}
                text={words}
                links={[{ href: "/account/signin", label: ctx.t("account.signin.title") }]}
              />
            ),
          );
        }
        const { status, ...errors } = formErrors(error, request.t);
        return showCode(request, reply.code(status), challenge, next, errors);
      }
    },
  );

  app.post(
    "/account/signin/mfa/cancel",
    { config: { policy: "public", signOut: true }, schema: { hide: true } },
    async (request, reply) => {
      const token = pendingCookieOf(request);
      if (token && (await secondFactor.isPendingSignIn(db, token))) {
        await signOut(db, token);
        app.sessions.forget(token);
        clearSessionCookie(reply);
      }
      return reply.redirect("/account/signin", 303);
    },
  );

  async function showStatus(
    request: FastifyRequest,
    reply: FastifyReply,
    refused: { start?: FormErrors; removal?: FormErrors } = {},
    notice?: string,
  ) {
    if (request.actor.kind !== "person") return toSignIn(reply);
    const status = await secondFactor.secondFactorStatus(db, request.actor, request.actor.id);
    return send(
      request,
      reply,
      (c) => c.t("account.mfa.title"),
      (ctx) => (
        <SecondFactorStatusView
          ctx={ctx}
          status={status}
          notice={notice}
          refusedStart={refused.start}
          refusedRemoval={refused.removal}
        />
      ),
    );
  }

  /** A wrong password or code that locked the account ended its sessions, this one too. */
  function rethrowLock(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (isAppError(error) && error.code === "account_locked" && request.sessionToken) {
      app.sessions.forget(request.sessionToken);
      clearSessionCookie(reply);
      throw error;
    }
  }

  app.get(
    "/account/security",
    {
      config: { policy: "account.read" },
      schema: {
        hide: true,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const notice = request.query.done ? NOTICES[request.query.done] : undefined;
      return showStatus(request, reply, {}, notice && request.t(notice));
    },
  );

  app.post(
    "/account/security/mfa",
    {
      config: { ...perAddress, policy: "account.update" },
      schema: { hide: true, body: Type.Object({ password: text }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return toSignIn(reply);
      try {
        const enrolment = await secondFactor.startEnrolment(
          db,
          deps,
          request.actor,
          request.actor.id,
          request.body.password,
          origin(request),
        );
        const scan = await scanOf(enrolment);
        return send(
          request,
          reply,
          (c) => c.t("account.mfa.enrolTitle"),
          (ctx) => <EnrolForm ctx={ctx} scan={scan} minutes={PENDING_MINUTES} errors={NO_ERRORS} />,
        );
      } catch (error) {
        rethrowLock(request, reply, error);
        const { status, ...errors } = formErrors(error, request.t, "st-");
        return showStatus(request, reply.code(status), { start: errors });
      }
    },
  );

  app.post(
    "/account/security/mfa/confirm",
    {
      config: { ...perAddress, policy: "account.update" },
      schema: { hide: true, body: Type.Object({ code: text }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return toSignIn(reply);
      const previous = request.sessionToken;
      try {
        const done = await secondFactor.confirmEnrolment(
          db,
          deps,
          request.actor,
          request.actor.id,
          request.body.code,
          previous,
          origin(request),
        );
        app.sessions.forgetActor("person", request.actor.id);
        if (previous) app.sessions.forget(previous);
        setSessionCookie(reply, done.token, done.expiresAt);
        return send(
          request,
          reply,
          (c) => c.t("account.mfa.codesTitle"),
          (ctx) => <RecoveryCodes ctx={ctx} codes={done.recoveryCodes} next="/account/security" />,
        );
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t, "en-");
        // The secret is not shown again here: a session left open must not be enough to read it.
        return send(
          request,
          reply.code(status),
          (c) => c.t("account.mfa.enrolTitle"),
          (ctx) => <EnrolForm ctx={ctx} scan={undefined} minutes={PENDING_MINUTES} errors={errors} />,
        );
      }
    },
  );

  app.post(
    "/account/security/mfa/remove",
    {
      config: { ...perAddress, policy: "account.update" },
      schema: { hide: true, body: Type.Object({ password: text, code: text }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return toSignIn(reply);
      try {
        await secondFactor.removeSecondFactor(
          db,
          deps,
          request.actor,
          request.actor.id,
          request.body,
          origin(request),
        );
        return reply.redirect("/account/security?done=removed", 303);
      } catch (error) {
        rethrowLock(request, reply, error);
        const { status, ...errors } = formErrors(error, request.t, "rm-");
        return showStatus(request, reply.code(status), { removal: errors });
      }
    },
  );
};
