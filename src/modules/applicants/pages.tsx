import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { localPath, setSessionCookie } from "../../platform/http/request-context.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { accountPage } from "./account-page.tsx";
import { origin } from "./api.ts";
import { type FormErrors, formErrors, NO_ERRORS, problemText, Submit, type Values } from "./form-kit.tsx";
import { Message, ResetChooseForm, ResetRequestForm, SignInForm, SignUpForm } from "./forms.tsx";
import { lookupPage } from "./lookup-page.tsx";
import { oidcSignInStart } from "./oidc-start.ts";
import { pendingCookieOf } from "./second-factor-api.ts";
import { secondFactorPages } from "./second-factor-pages.tsx";
import * as service from "./service.ts";
import * as sessions from "./sessions.ts";
import { personSessionsPage } from "./sessions-page.tsx";

const text = Type.Optional(Type.String({ maxLength: 1000 }));
const FormBody = (fields: string[]) => Type.Object(Object.fromEntries(fields.map((f) => [f, text])));

function show(
  request: FastifyRequest,
  reply: FastifyReply,
  title: (ctx: PageContext) => string,
  body: (ctx: PageContext) => ComponentChildren,
) {
  const ctx = pageContext(request, reply, true);
  return sendPage(reply, ctx, title(ctx), body(ctx));
}

/** Sign-up, sign-in, e-mail confirmation and password reset for people: forms that work without JavaScript. */
export const accountPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = { config, jobs };
  const perAddress = { rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } };
  const signUpFields = ["name", "idNumber", "email", "mobile", "password", "addressRegionCode"];
  // The OpenID Connect client is loaded only where a province's identity platform is configured.
  if (config.oidc) await app.register((await import("./oidc-routes.tsx")).oidcRoutes);

  app.get(
    "/account/signup",
    { config: { policy: "public" }, schema: { hide: true } },
    async (request, reply) =>
      show(
        request,
        reply,
        (c) => c.t("account.signup.title"),
        (ctx) => <SignUpForm ctx={ctx} values={{}} errors={NO_ERRORS} />,
      ),
  );

  app.post(
    "/account/signup",
    { config: { ...perAddress, policy: "public" }, schema: { hide: true, body: FormBody(signUpFields) } },
    async (request, reply) => {
      const values = request.body as Values;
      try {
        await service.signUp(db, deps, values, origin(request));
        return reply.redirect("/account/signup/done", 303);
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t);
        return show(
          request,
          reply.code(status),
          (c) => c.t("account.signup.title"),
          (ctx) => <SignUpForm ctx={ctx} values={values} errors={errors} />,
        );
      }
    },
  );

  app.get(
    "/account/signup/done",
    { config: { policy: "public" }, schema: { hide: true } },
    async (request, reply) =>
      show(
        request,
        reply,
        (c) => c.t("account.signup.done.title"),
        ({ t }) => (
          <Message
            title={t("account.signup.done.title")}
            text={t("account.signup.done.text", { hours: service.VERIFY_EMAIL_HOURS })}
            links={[{ href: "/account/signin", label: t("account.signin.title") }]}
          />
        ),
      ),
  );

  app.get(
    "/account/signin",
    {
      config: { policy: "public" },
      schema: {
        hide: true,
        querystring: Type.Object({
          next: Type.Optional(Type.String({ maxLength: 2000 })),
          reset: Type.Optional(Type.String({ maxLength: 10 })),
        }),
      },
    },
    async (request, reply) =>
      show(
        request,
        reply,
        (c) => c.t("account.signin.title"),
        (ctx) => (
          <SignInForm
            ctx={ctx}
            identifier=""
            next={localPath(request.query.next, "/account")}
            errors={NO_ERRORS}
            oidc={oidcSignInStart(config, localPath(request.query.next, "/account"))}
            {...(request.query.reset ? { notice: ctx.t("account.signin.resetDone") } : {})}
          />
        ),
      ),
  );

  app.post(
    "/account/signin",
    {
      config: { ...perAddress, policy: "public" },
      schema: { hide: true, body: FormBody(["identifier", "password", "next"]) },
    },
    async (request, reply) => {
      const { t } = request;
      const body = request.body as Values;
      const identifier = body.identifier?.trim() ?? "";
      const password = body.password ?? "";
      const next = localPath(body.next, "/account");
      const refuse = (status: number, errors: FormErrors) =>
        show(
          request,
          reply.code(status),
          (c) => c.t("account.signin.title"),
          (ctx) => (
            <SignInForm
              ctx={ctx}
              identifier={identifier}
              next={next}
              errors={errors}
              oidc={oidcSignInStart(config, next)}
            />
          ),
        );
      const fields: Record<string, string> = {};
      if (!identifier) fields.identifier = t("account.problem.required");
      if (!password) fields.password = t("account.problem.required");
      if (Object.keys(fields).length > 0) return refuse(400, { fields });
      try {
        const signedIn = await sessions.signIn(
          db,
          deps,
          { identifier, password },
          pendingCookieOf(request),
          origin(request),
        );
        if (request.sessionToken) app.sessions.forget(request.sessionToken);
        setSessionCookie(reply, signedIn.token, signedIn.expiresAt);
        if (signedIn.secondFactor) {
          return reply.redirect(`/account/signin/mfa?next=${encodeURIComponent(next)}`, 303);
        }
        return reply.redirect(next, 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        if (error.extra.retryAfterSeconds) reply.header("retry-after", error.extra.retryAfterSeconds);
        const form = error.code === "bad_credentials" ? t("account.signin.bad") : problemText(error, t);
        return refuse(error.status, { fields: {}, form });
      }
    },
  );

  app.get(
    "/account/verify",
    {
      config: { policy: "public" },
      schema: {
        hide: true,
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    // A page with a button rather than confirming on sight: mail scanners that open links must not use them up.
    async (request, reply) =>
      show(
        request,
        reply,
        (c) => c.t("account.verify.title"),
        ({ t, csrfToken }) => (
          <>
            <h1>{t("account.verify.title")}</h1>
            <p class="lead">{t("account.verify.lead")}</p>
            <form method="post" action="/account/verify">
              <CsrfField token={csrfToken} />
              <input type="hidden" name="token" value={request.query.token ?? ""} />
              <Submit>{t("account.verify.submit")}</Submit>
            </form>
          </>
        ),
      ),
  );

  app.post(
    "/account/verify",
    { config: { policy: "public" }, schema: { hide: true, body: FormBody(["token"]) } },
    async (request, reply) => {
      const { t } = request;
      const links = [{ href: "/account", label: t("account.title") }];
      try {
        await service.verifyEmail(db, (request.body as Values).token ?? "");
        return show(
          request,
          reply,
          () => t("account.verify.title"),
          () => <Message title={t("account.verify.title")} text={t("account.verify.done")} links={links} />,
        );
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        return show(
          request,
          reply.code(error.status),
          () => t("account.verify.title"),
          () => (
            <Message
              title={t("account.verify.title")}
              text={`${problemText(error, t)} ${t("account.verify.again")}`}
              links={links}
            />
          ),
        );
      }
    },
  );

  app.get(
    "/account/reset",
    {
      config: { policy: "public" },
      schema: {
        hide: true,
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (request, reply) => {
      const token = request.query.token;
      return token
        ? show(
            request,
            reply,
            (c) => c.t("account.reset.choose"),
            (ctx) => <ResetChooseForm ctx={ctx} token={token} errors={NO_ERRORS} />,
          )
        : show(
            request,
            reply,
            (c) => c.t("account.reset.title"),
            (ctx) => <ResetRequestForm ctx={ctx} email="" errors={NO_ERRORS} />,
          );
    },
  );

  app.post(
    "/account/reset",
    { config: { ...perAddress, policy: "public" }, schema: { hide: true, body: FormBody(["email"]) } },
    async (request, reply) => {
      const { t } = request;
      const email = (request.body as Values).email?.trim() ?? "";
      if (!email) {
        return show(
          request,
          reply.code(400),
          () => t("account.reset.title"),
          (ctx) => (
            <ResetRequestForm
              ctx={ctx}
              email=""
              errors={{ fields: { email: t("account.problem.required") } }}
            />
          ),
        );
      }
      await service.requestPasswordReset(db, deps, email, origin(request));
      return show(
        request,
        reply,
        () => t("account.reset.title"),
        () => (
          <Message
            title={t("account.reset.title")}
            text={t("account.reset.sent", { minutes: service.RESET_PASSWORD_MINUTES })}
            links={[{ href: "/account/signin", label: t("account.signin.title") }]}
          />
        ),
      );
    },
  );

  app.post(
    "/account/reset/complete",
    {
      config: { ...perAddress, policy: "public" },
      schema: { hide: true, body: FormBody(["token", "password"]) },
    },
    async (request, reply) => {
      const body = request.body as Values;
      const token = body.token ?? "";
      try {
        await service.completePasswordReset(
          db,
          deps,
          { token, password: body.password ?? "" },
          origin(request),
        );
        return reply.redirect("/account/signin?reset=1", 303);
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t);
        return show(
          request,
          reply.code(status),
          (c) => c.t("account.reset.choose"),
          (ctx) => <ResetChooseForm ctx={ctx} token={token} errors={errors} />,
        );
      }
    },
  );
};

/** Every page of person accounts. */
export const applicantsPages: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(accountPages);
  await app.register(accountPage);
  await app.register(secondFactorPages);
  await app.register(personSessionsPage);
  await app.register(lookupPage);
};
