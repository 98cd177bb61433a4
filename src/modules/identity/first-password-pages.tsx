import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { localPath, setSessionCookie } from "../../platform/http/request-context.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { pageContext, renderDocument } from "../../web/render.tsx";
import { sessionCookieOf } from "./present.ts";
import * as service from "./service.ts";

interface FormState {
  next: string;
  fieldError?: string;
}

function NewPasswordForm({ ctx, state }: { ctx: PageContext; state: FormState }) {
  const { t } = ctx;
  const describedBy = state.fieldError ? "newPassword-hint newPassword-error" : "newPassword-hint";
  return (
    <>
      <h1>{t("firstPassword.title")}</h1>
      {state.fieldError && (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
          <h2 id="error-summary-title">{t("firstPassword.errorSummary")}</h2>
          <ul>
            <li>
              <a href="#newPassword">{state.fieldError}</a>
            </li>
          </ul>
        </div>
      )}
      <p>{t("firstPassword.intro")}</p>
      <form class="stack" method="post" action="/signin/password" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={state.next} />
        <div class={state.fieldError ? "field-error" : undefined}>
          <label for="newPassword">{t("firstPassword.new")}</label>
          <span class="hint" id="newPassword-hint">
            {t("firstPassword.hint")}
          </span>
          {state.fieldError && (
            <span class="error-message" id="newPassword-error">
              {state.fieldError}
            </span>
          )}
          <input
            type="password"
            id="newPassword"
            name="newPassword"
            autocomplete="new-password"
            required
            aria-invalid={state.fieldError ? "true" : undefined}
            aria-describedby={describedBy}
          />
        </div>
        <div>
          <button class="button" type="submit">
            {t("firstPassword.submit")}
          </button>
        </div>
      </form>
      <form method="post" action="/signout">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="link-button">
          {t("mfa.cancel")}
        </button>
      </form>
    </>
  );
}

/**
 * The step after a first password: choosing one's own (G4). The session of that step opens nothing else,
 * so this page is all its holder can reach until it is done.
 */
export const firstPasswordPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;

  const show = (request: FastifyRequest, reply: FastifyReply, state: FormState) => {
    const ctx = pageContext(request, reply, true);
    return reply
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(renderDocument(ctx, ctx.t("firstPassword.title"), <NewPasswordForm ctx={ctx} state={state} />));
  };
  const restart = (reply: FastifyReply, next: string) =>
    reply.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  const pendingOf = async (request: FastifyRequest) => {
    const token = sessionCookieOf(request);
    return token && (await service.isOwingNewPassword(db, token)) ? token : undefined;
  };

  app.get(
    "/signin/password",
    {
      config: { policy: "public" },
      schema: {
        hide: true,
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) => {
      const next = localPath(request.query.next, "/me");
      if (!(await pendingOf(request))) return restart(reply, next);
      return show(request, reply, { next });
    },
  );

  app.post(
    "/signin/password",
    {
      config: { policy: "public", rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } },
      schema: {
        hide: true,
        body: Type.Object({
          newPassword: Type.Optional(Type.String({ maxLength: 1000 })),
          next: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
      },
    },
    async (request, reply) => {
      const { t } = request;
      const next = localPath(request.body.next, "/me");
      const pending = await pendingOf(request);
      if (!pending) return restart(reply, next);
      const newPassword = request.body.newPassword ?? "";
      if (newPassword === "") {
        return show(request, reply.code(400), { next, fieldError: t("firstPassword.required") });
      }
      try {
        const signedIn = await service.replaceFirstPassword(db, config, pending, newPassword, {
          requestId: request.id,
        });
        app.sessions.forget(pending);
        setSessionCookie(reply, signedIn.token, signedIn.expiresAt);
        if (signedIn.secondFactor) return reply.redirect(`/signin/mfa?next=${encodeURIComponent(next)}`, 303);
        return reply.redirect(next, 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        if (error.code === "unauthenticated") return restart(reply, next);
        const problem = error.extra.params?.problem;
        const fieldError = problem
          ? t(`firstPassword.problem.${problem}` as MessageKey)
          : t(`error.${error.code}` as MessageKey, error.extra.params);
        return show(request, reply.code(error.status), { next, fieldError });
      }
    },
  );
};
