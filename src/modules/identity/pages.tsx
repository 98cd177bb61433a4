import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { clearSessionCookie, localPath, setSessionCookie } from "../../platform/http/request-context.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { authorize, can } from "../../platform/policy.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { firstPasswordPages } from "./first-password-pages.tsx";
import { presentProfile, sessionCookieOf } from "./present.ts";
import { secondFactorPages } from "./second-factor-pages.tsx";
import * as service from "./service.ts";
import { staffSessionsPage } from "./sessions-page.tsx";

interface FormState {
  username: string;
  next: string;
  /** Field problems (keyed by field id) and a problem with the whole form. */
  fieldErrors: Partial<Record<"username" | "password", string>>;
  formError?: string;
}

function SignInForm({ ctx, state }: { ctx: PageContext; state: FormState }) {
  const { t } = ctx;
  const problems = [
    ...(state.formError ? [{ href: "#username", text: state.formError }] : []),
    ...Object.entries(state.fieldErrors).map(([field, text]) => ({
      href: `#${field}`,
      text: text as string,
    })),
  ];
  const field = (id: "username" | "password", type: string, autocomplete: string, value?: string) => (
    <div class={state.fieldErrors[id] ? "field-error" : undefined}>
      <label for={id}>{t(`signin.${id}` as MessageKey)}</label>
      {state.fieldErrors[id] && (
        <span class="error-message" id={`${id}-error`}>
          {state.fieldErrors[id]}
        </span>
      )}
      <input
        type={type}
        id={id}
        name={id}
        autocomplete={autocomplete}
        value={value}
        required
        aria-invalid={state.fieldErrors[id] ? "true" : undefined}
        aria-describedby={state.fieldErrors[id] ? `${id}-error` : undefined}
      />
    </div>
  );
  return (
    <>
      <h1>{t("signin.title")}</h1>
      {problems.length > 0 && (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
          <h2 id="error-summary-title">{t("signin.errorSummary")}</h2>
          <ul>
            {problems.map((p) => (
              <li key={p.text}>
                <a href={p.href}>{p.text}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form class="stack" method="post" action="/signin" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={state.next} />
        {field("username", "text", "username", state.username)}
        {field("password", "password", "current-password")}
        <div>
          <button class="button" type="submit">
            {t("signin.submit")}
          </button>
        </div>
      </form>
    </>
  );
}

/** The staff tools this member's roles open, each where its rule allows. */
function Tools({ ctx }: { ctx: PageContext }) {
  const { t, actor } = ctx;
  const tools = [
    { href: "/persons/lookup", label: t("me.tool.lookup"), allowed: can(actor, "person.lookup") },
    { href: "/audit", label: t("me.tool.audit"), allowed: can(actor, "audit.search") },
    {
      href: "/work/supervision/overview",
      label: t("supervision.overview.link"),
      allowed: can(actor, "supervision.read"),
    },
    { href: "/calendar", label: t("calendar.title"), allowed: can(actor, "calendar.manage", "any") },
    { href: "/catalog/admin", label: t("catalogAdmin.meLink"), allowed: can(actor, "catalog.manage", "any") },
  ].filter((tool) => tool.allowed);
  if (tools.length === 0) return null;
  return (
    <>
      <h2>{t("me.tools")}</h2>
      <ul>
        {tools.map((tool) => (
          <li key={tool.href}>
            <a href={tool.href}>{tool.label}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

export const identityPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;
  await app.register(secondFactorPages);
  await app.register(firstPasswordPages);
  await app.register(staffSessionsPage);

  const showForm = (request: Parameters<typeof pageContext>[0], reply: FastifyReply, state: FormState) => {
    const ctx = pageContext(request, reply, true);
    return sendPage(reply, ctx, ctx.t("signin.title"), <SignInForm ctx={ctx} state={state} />);
  };

  app.get(
    "/signin",
    {
      config: { policy: "public" },
      schema: {
        hide: true,
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) =>
      showForm(request, reply, { username: "", next: localPath(request.query.next, "/me"), fieldErrors: {} }),
  );

  app.post(
    "/signin",
    {
      config: { policy: "public", rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } },
      schema: {
        hide: true,
        body: Type.Object({
          username: Type.Optional(Type.String({ maxLength: 100 })),
          password: Type.Optional(Type.String({ maxLength: 200 })),
          next: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
      },
    },
    async (request, reply) => {
      const { t } = request;
      const username = request.body.username?.trim() ?? "";
      const password = request.body.password ?? "";
      const next = localPath(request.body.next, "/me");
      const fieldErrors: FormState["fieldErrors"] = {};
      if (!username) fieldErrors.username = t("signin.usernameRequired");
      if (!password) fieldErrors.password = t("signin.passwordRequired");
      if (Object.keys(fieldErrors).length > 0) {
        return showForm(request, reply.code(400), { username, next, fieldErrors });
      }
      try {
        const previous = sessionCookieOf(request);
        const signedIn = await service.signIn(db, config, { username, password }, previous, {
          requestId: request.id,
          userAgent: request.headers["user-agent"],
        });
        if (previous) app.sessions.forget(previous);
        setSessionCookie(reply, signedIn.token, signedIn.expiresAt);
        if (signedIn.passwordChange) {
          return reply.redirect(`/signin/password?next=${encodeURIComponent(next)}`, 303);
        }
        if (signedIn.secondFactor) return reply.redirect(`/signin/mfa?next=${encodeURIComponent(next)}`, 303);
        return reply.redirect(next, 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        const formError = t(`error.${error.code}` as MessageKey, error.extra.params);
        if (error.extra.retryAfterSeconds) reply.header("retry-after", error.extra.retryAfterSeconds);
        return showForm(request, reply.code(error.status), { username, next, fieldErrors: {}, formError });
      }
    },
  );

  app.post(
    "/signout",
    { config: { policy: "public", signOut: true }, schema: { hide: true } },
    async (request, reply) => {
      const token = sessionCookieOf(request);
      if (token) {
        await service.signOut(db, token);
        app.sessions.forget(token);
      }
      clearSessionCookie(reply);
      return reply.redirect("/", 303);
    },
  );

  app.get("/me", { config: { policy: "workspace.read" }, schema: { hide: true } }, async (request, reply) => {
    if (request.actor.kind !== "staff") {
      const token = sessionCookieOf(request);
      if (token !== undefined && (await service.isOwingNewPassword(db, token))) {
        return reply.redirect("/signin/password?next=%2Fme", 303);
      }
      const pending = token !== undefined && (await service.isPendingSignIn(db, token));
      return reply.redirect(pending ? "/signin/mfa?next=%2Fme" : "/signin?next=%2Fme", 303);
    }
    authorize(request.actor, "workspace.read");
    const profile = presentProfile(
      await service.getProfile(db, request.actor, request.actor.id),
      request.locale,
    );
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    return sendPage(
      reply,
      ctx,
      t("me.title"),
      <>
        <h1>{t("me.welcome", { name: profile.displayName })}</h1>
        <h2>{t("me.roles")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("me.role")}</th>
              <th scope="col">{t("me.department")}</th>
              <th scope="col">{t("me.jurisdiction")}</th>
            </tr>
          </thead>
          <tbody>
            {profile.grants.map((g) => (
              <tr key={`${g.departmentId}-${g.role}`}>
                <td>{t(`role.${g.role}` as MessageKey)}</td>
                <td>{g.departmentName}</td>
                <td>
                  <a href={`/regions/${g.jurisdictionCode}`}>{g.jurisdictionName}</a>{" "}
                  <span class="meta">{g.jurisdictionCode}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Tools ctx={ctx} />
        <p>
          <a href="/me/sessions">{t("sessions.link")}</a>
        </p>
      </>,
    );
  });
};
