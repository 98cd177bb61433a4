import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isWellFormedCode, qrDataUri } from "../../platform/auth/totp.ts";
import { isAppError } from "../../platform/errors.ts";
import { localPath, setSessionCookie } from "../../platform/http/request-context.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { AuthenticatorSteps } from "../../web/authenticator-steps.tsx";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { pageContext, renderDocument } from "../../web/render.tsx";
import { sessionCookieOf } from "./present.ts";
import * as service from "./service.ts";

interface FormState {
  next: string;
  /** Present while enrolling: the secret for typing and the QR code for scanning. */
  enrolment?: { secret: string; qr: string };
  fieldError?: string;
  formError?: string;
}

function SecondFactorForm({ ctx, state }: { ctx: PageContext; state: FormState }) {
  const { t } = ctx;
  const problems = [state.formError, state.fieldError].filter((p): p is string => p !== undefined);
  const describedBy = state.fieldError ? "code-hint code-error" : "code-hint";
  return (
    <>
      <h1>{state.enrolment ? t("mfa.enrolTitle") : t("mfa.title")}</h1>
      {problems.length > 0 && (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
          <h2 id="error-summary-title">{t("mfa.errorSummary")}</h2>
          <ul>
            {problems.map((text) => (
              <li key={text}>
                <a href="#code">{text}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {state.enrolment ? (
        <>
          <p>{t("mfa.enrolIntro")}</p>
          <AuthenticatorSteps ctx={ctx} scan={state.enrolment} />
        </>
      ) : (
        <p>{t("mfa.verifyIntro")}</p>
      )}
      <form class="stack" method="post" action="/signin/mfa" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={state.next} />
        <div class={state.fieldError || state.formError ? "field-error" : undefined}>
          <label for="code">{t("mfa.code")}</label>
          <span class="hint" id="code-hint">
            {t("mfa.codeHint")}
          </span>
          {state.fieldError && (
            <span class="error-message" id="code-error">
              {state.fieldError}
            </span>
          )}
          <input
            class="code"
            type="text"
            id="code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            required
            aria-invalid={state.fieldError || state.formError ? "true" : undefined}
            aria-describedby={describedBy}
          />
        </div>
        <div>
          <button class="button" type="submit">
            {state.enrolment ? t("mfa.enrolSubmit") : t("mfa.submit")}
          </button>
        </div>
      </form>
      <div class="mfa-help">
        <p class="meta">{t("mfa.lostPhone")}</p>
        <form method="post" action="/signout">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="link-button">
            {t("mfa.cancel")}
          </button>
        </form>
      </div>
    </>
  );
}

/** The second step of a staff sign-in: enrol, or give the current code. */
export const secondFactorPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    challenge: service.Challenge,
    state: Omit<FormState, "enrolment">,
  ) => {
    const ctx = pageContext(request, reply, true);
    const enrolment =
      challenge.mfa === "enrol"
        ? { secret: challenge.secret, qr: await qrDataUri(challenge.uri) }
        : undefined;
    const title = enrolment ? ctx.t("mfa.enrolTitle") : ctx.t("mfa.title");
    // The enrolment page shows the secret itself: no cache, shared or private, may keep it.
    return reply
      .header("cache-control", "no-store")
      .header("vary", "Cookie")
      .type("text/html; charset=utf-8")
      .send(renderDocument(ctx, title, <SecondFactorForm ctx={ctx} state={{ ...state, enrolment }} />));
  };

  /** The pending sign-in's challenge, or undefined when there is none to finish (send to /signin). */
  const challengeOf = async (request: FastifyRequest) => {
    const token = sessionCookieOf(request);
    return token ? { token, challenge: await service.secondFactorChallenge(db, config, token) } : undefined;
  };
  const restart = (reply: FastifyReply, next: string) =>
    reply.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);

  app.get(
    "/signin/mfa",
    {
      config: { policy: "public" },
      schema: {
        hide: true,
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) => {
      const next = localPath(request.query.next, "/me");
      const pending = await challengeOf(request);
      if (!pending?.challenge) return restart(reply, next);
      return show(request, reply, pending.challenge, { next });
    },
  );

  app.post(
    "/signin/mfa",
    {
      config: { policy: "public", rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } },
      schema: {
        hide: true,
        body: Type.Object({
          code: Type.Optional(Type.String({ maxLength: 100 })),
          next: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
      },
    },
    async (request, reply) => {
      const { t } = request;
      const next = localPath(request.body.next, "/me");
      const code = request.body.code?.trim() ?? "";
      const pending = await challengeOf(request);
      if (!pending?.challenge) return restart(reply, next);
      // A slip of the keyboard is not a guess: it is answered without counting towards the lockout.
      if (!code)
        return show(request, reply.code(400), pending.challenge, { next, fieldError: t("mfa.codeRequired") });
      if (!isWellFormedCode(code)) {
        return show(request, reply.code(400), pending.challenge, { next, fieldError: t("mfa.codeFormat") });
      }
      try {
        const signedIn = await service.completeSecondFactor(db, config, pending.token, code, {
          requestId: request.id,
        });
        app.sessions.forget(pending.token);
        setSessionCookie(reply, signedIn.token, signedIn.expiresAt);
        return reply.redirect(next, 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        if (error.code === "unauthenticated") return restart(reply, next);
        const formError = t(`error.${error.code}` as MessageKey, error.extra.params);
        if (error.extra.retryAfterSeconds) reply.header("retry-after", error.extra.retryAfterSeconds);
        return show(request, reply.code(error.status), pending.challenge, { next, formError });
      }
    },
  );
};
