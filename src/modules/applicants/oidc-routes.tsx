/** Sign-in through the province's identity platform (OpenID Connect): the two browser routes. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { localPath, setSessionCookie } from "../../platform/http/request-context.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { origin } from "./api.ts";
import { problemText } from "./form-kit.tsx";
import { Message, OidcStartButton } from "./forms.tsx";
import { OidcRefusal } from "./oidc.ts";
import { beginOidcSignIn, completeOidcSignIn, OIDC_CALLBACK_PATH } from "./oidc-link.ts";
import { OIDC_START_PATH as START_PATH } from "./oidc-start.ts";

/** Registered only when OIDC_ISSUER is configured (pages.tsx): otherwise the routes do not exist (404). */
export const oidcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const settings = config.oidc;
  if (!settings) return;
  const db = database.db;
  const deps = { config: { ...config, oidc: settings } };
  const perAddress = { rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } };
  // Sent back only to the callback (over https the whole site's: cookies.ts), and on the provider's
  // redirect too: a top-level GET keeps lax cookies.
  const cookie = { path: START_PATH, httpOnly: true } as const;

  // A GET only shows the button: following a link from another site starts nothing (oidc-start.ts).
  app.get(
    START_PATH,
    {
      config: { policy: "public" },
      schema: {
        hide: true,
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) => {
      const ctx = pageContext(request, reply, true);
      const { t } = ctx;
      return sendPage(
        reply,
        ctx,
        t("account.signin.oidc"),
        <>
          <h1>{t("account.signin.oidc")}</h1>
          <p>{t("account.signin.oidcLead")}</p>
          <OidcStartButton ctx={ctx} next={localPath(request.query.next, "/account")} />
          <p>
            <a href="/account/signin">{t("account.oidc.password")}</a>
          </p>
        </>,
      );
    },
  );

  app.post(
    START_PATH,
    {
      config: { ...perAddress, policy: "public" },
      schema: {
        hide: true,
        body: Type.Object({
          next: Type.Optional(Type.String({ maxLength: 2000 })),
          _csrf: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (request, reply) => {
      try {
        const started = await beginOidcSignIn(db, deps, localPath(request.body.next, "/account"));
        app.cookieJar.set(reply, "oidc", started.cookieToken, { ...cookie, expires: started.expiresAt });
        return reply.redirect(started.redirectTo.href, 303);
      } catch (error) {
        return refused(request, reply, error);
      }
    },
  );

  app.get(
    OIDC_CALLBACK_PATH,
    { config: { ...perAddress, policy: "public" }, schema: { hide: true } },
    async (request, reply) => {
      app.cookieJar.clear(reply, "oidc", cookie);
      try {
        const signedIn = await completeOidcSignIn(
          db,
          deps,
          { cookieToken: app.cookieJar.read(request, "oidc"), search: request.url.split("?")[1] ?? "" },
          request.sessionToken,
          origin(request),
        );
        if (request.sessionToken) app.sessions.forget(request.sessionToken);
        setSessionCookie(reply, signedIn.token, signedIn.expiresAt);
        return reply.redirect(signedIn.returnTo, 303);
      } catch (error) {
        return refused(request, reply, error);
      }
    },
  );
};

/** A refused sign-in in the reader's words, with the ways on: start again, or use the password. */
function refused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (!(error instanceof OidcRefusal)) throw error;
  const log = error.status >= 500 ? request.log.warn : request.log.info;
  log.call(
    request.log,
    { code: error.code, reason: error.reason, err: error.cause },
    "sign-in through the identity platform refused",
  );
  const ctx = pageContext(request, reply);
  const { t } = ctx;
  return sendPage(
    reply.code(error.status),
    ctx,
    t("account.oidc.failed"),
    <Message
      title={t("account.oidc.failed")}
      text={problemText(error, t)}
      links={[
        { href: START_PATH, label: t("account.oidc.again") },
        { href: "/account/signin", label: t("account.oidc.password") },
      ]}
    />,
  );
}
