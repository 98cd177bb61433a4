import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { clearSessionCookie } from "../../platform/http/request-context.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { CsrfField } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { DataReadsList } from "../audit/data-reads-page.tsx";
import { whoReadOurData } from "../audit/service.ts";
import { type AccountState, ContactForm, Organisations, Profile } from "./account-views.tsx";
import { origin } from "./api.ts";
import { changePassword, hasPassword } from "./credentials.ts";
import { type FormErrors, formErrors, Submit } from "./form-kit.tsx";
import { confirmMobileChange, pendingMobileChange, removeMobile, requestMobileChange } from "./mobile.ts";
import * as organisations from "./organisations.ts";
import { isPendingSignIn } from "./second-factor.ts";
import { pendingCookieOf } from "./second-factor-api.ts";
import { MobileForms, PasswordForm } from "./security-views.tsx";
import * as service from "./service.ts";
import * as sessions from "./sessions.ts";

const NOTICES: Record<string, MessageKey> = {
  contact: "account.contact.saved",
  password: "account.password.changed",
  mobileSent: "account.mobile.sent",
  mobile: "account.mobile.changed",
  mobileRemoved: "account.mobile.removed",
  resent: "account.resent",
  registered: "organisation.registered",
  granted: "organisation.granted",
  revoked: "organisation.agent.revoked",
};

/** "a.b, c、d" → ["a.b", "c", "d"]; nothing → every service (null). */
export function parseServices(raw: string | undefined): string[] | null {
  const codes = (raw ?? "").split(/[\s,，、;；]+/).filter(Boolean);
  return codes.length > 0 ? codes : null;
}

const text = Type.Optional(Type.String({ maxLength: 1000 }));

/** The signed-in person's id; `change` has sent anyone else to sign in before it is used. */
const ownId = (request: FastifyRequest) => (request.actor.kind === "person" ? request.actor.id : "");

/** The person's own page: profile with the ID number masked, contact details, organisations and agents. */
export const accountPage: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = { config, jobs };

  async function render(request: FastifyRequest, reply: FastifyReply, state: AccountState) {
    if (request.actor.kind !== "person") {
      const pending = await isPendingSignIn(db, pendingCookieOf(request));
      return reply.redirect(`/account/signin${pending ? "/mfa" : ""}?next=%2Faccount`, 303);
    }
    const profile = await service.getProfile(db, request.actor, request.actor.id);
    const withPassword = await hasPassword(db, request.actor, request.actor.id);
    const now = new Date();
    const pending = await pendingMobileChange(db, deps, request.actor, request.actor.id, now);
    const list = await organisations.listMyOrganisations(db, request.actor);
    const ctx = pageContext(request, reply, true);
    const { t } = ctx;
    return sendPage(
      reply,
      ctx,
      t("account.title"),
      <>
        <h1>{t("account.title")}</h1>
        {state.notice && <p role="status">{t(state.notice)}</p>}
        <Profile ctx={ctx} profile={profile} />
        <ul>
          <li>
            <a href="/account/mandates">{t("account.mandatesGranted")}</a>
          </li>
          <li>
            <a href="/account/mandates/held">{t("account.mandatesHeld")}</a>
          </li>
          <li>
            <a href="/account/data-reads">{t("account.dataReads")}</a>
          </li>
          <li>
            <a href="/account/sessions">{t("sessions.link")}</a>
          </li>
          <li>
            <a href="/account/security">{t("account.mfa.link")}</a>
          </li>
        </ul>
        <MobileForms
          ctx={ctx}
          hasPassword={withPassword}
          hasMobile={profile.mobileMasked !== null}
          pending={pending}
          refused={state.mobile}
          refusedCode={state.mobileCode}
          refusedRemoval={state.mobileRemoval}
          now={now}
        />
        <ContactForm ctx={ctx} profile={profile} refused={state.contact} />
        <PasswordForm ctx={ctx} hasPassword={withPassword} refused={state.password} />
        <Organisations ctx={ctx} list={list} state={state} />
        <form method="post" action="/account/signout">
          <CsrfField token={ctx.csrfToken} />
          <Submit>{t("account.signOut")}</Submit>
        </form>
      </>,
    );
  }

  /** Runs a change for a signed-in person: back to the page with a notice, or the refused form shown again. */
  async function change(
    request: FastifyRequest,
    reply: FastifyReply,
    done: string,
    run: () => Promise<unknown>,
    refused: (errors: FormErrors) => AccountState,
    prefix = "",
  ) {
    if (request.actor.kind !== "person") return reply.redirect("/account/signin?next=%2Faccount", 303);
    try {
      await run();
      return reply.redirect(`/account?done=${done}`, 303);
    } catch (error) {
      // The wrong password that locked the account ended its sessions, this one too.
      if (isAppError(error) && error.code === "account_locked" && request.sessionToken) {
        app.sessions.forget(request.sessionToken);
        clearSessionCookie(reply);
        throw error;
      }
      const { status, ...errors } = formErrors(error, request.t, prefix);
      return render(request, reply.code(status), refused(errors));
    }
  }

  app.get(
    "/account",
    {
      config: { policy: "account.read" },
      schema: {
        hide: true,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const notice = request.query.done ? NOTICES[request.query.done] : undefined;
      return render(request, reply, notice ? { notice } : {});
    },
  );

  app.post(
    "/account/contact",
    {
      config: { policy: "account.update" },
      schema: { hide: true, body: Type.Object({ mobile: text, addressRegionCode: text }) },
    },
    async (request, reply) => {
      const values = request.body;
      return change(
        request,
        reply,
        "contact",
        () =>
          service.updateProfile(db, request.actor, ownId(request), {
            addressRegionCode: values.addressRegionCode ?? null,
          }),
        (errors) => ({ contact: { values, errors } }),
      );
    },
  );

  app.post(
    "/account/password",
    {
      config: { policy: "account.update" },
      schema: { hide: true, body: Type.Object({ currentPassword: text, newPassword: text }) },
    },
    async (request, reply) =>
      change(
        request,
        reply,
        "password",
        () =>
          changePassword(
            db,
            deps,
            request.actor,
            ownId(request),
            request.body,
            request.sessionToken,
            origin(request),
          ),
        // What was typed is never shown again: both fields are passwords.
        (errors) => ({ password: { values: {}, errors } }),
        "pw-",
      ),
  );

  app.post(
    "/account/mobile",
    {
      config: { policy: "account.update" },
      schema: { hide: true, body: Type.Object({ mobile: text, password: text }) },
    },
    async (request, reply) =>
      change(
        request,
        reply,
        "mobileSent",
        () =>
          requestMobileChange(
            db,
            deps,
            request.actor,
            ownId(request),
            request.body,
            request.sessionToken,
            origin(request),
          ),
        (errors) => ({ mobile: { values: { mobile: request.body.mobile }, errors } }),
        "mn-",
      ),
  );

  app.post(
    "/account/mobile/confirm",
    {
      config: { policy: "account.update" },
      schema: { hide: true, body: Type.Object({ code: text }) },
    },
    async (request, reply) =>
      change(
        request,
        reply,
        "mobile",
        () =>
          confirmMobileChange(db, deps, request.actor, ownId(request), request.body.code, origin(request)),
        (errors) => ({ mobileCode: { values: {}, errors } }),
        "mc-",
      ),
  );

  app.post(
    "/account/mobile/remove",
    {
      config: { policy: "account.update" },
      schema: { hide: true, body: Type.Object({ password: text }) },
    },
    async (request, reply) =>
      change(
        request,
        reply,
        "mobileRemoved",
        () =>
          removeMobile(
            db,
            deps,
            request.actor,
            ownId(request),
            request.body.password,
            request.sessionToken,
            origin(request),
          ),
        (errors) => ({ mobileRemoval: { values: {}, errors } }),
        "mr-",
      ),
  );

  app.post(
    "/account/verify/resend",
    { config: { policy: "account.update" }, schema: { hide: true } },
    async (request, reply) =>
      change(
        request,
        reply,
        "resent",
        () => service.resendVerification(db, deps, request.actor, ownId(request), origin(request)),
        (errors) => ({ contact: { values: {}, errors } }),
      ),
  );

  app.post(
    "/account/organisations",
    {
      config: { policy: "organisation.register" },
      schema: {
        hide: true,
        body: Type.Object({ kind: text, name: text, creditCode: text, regionCode: text }),
      },
    },
    async (request, reply) => {
      const values = request.body;
      return change(
        request,
        reply,
        "registered",
        () => organisations.registerOrganisation(db, request.actor, values, origin(request)),
        (errors) => ({ register: { values, errors } }),
        "org-",
      );
    },
  );

  app.get(
    "/account/organisations/:id/data-reads",
    {
      config: { policy: "organisation.act" },
      schema: {
        hide: true,
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request, reply) => {
      const path = `/account/organisations/${request.params.id}/data-reads`;
      if (request.actor.kind !== "person") {
        return reply.redirect(`/account/signin?next=${encodeURIComponent(path)}`, 303);
      }
      const organisation = await organisations.getOrganisation(db, request.actor, request.params.id);
      const reads = await whoReadOurData(db, organisation.id, { limit: 50, before: request.query.before });
      const ctx = pageContext(request, reply);
      const title = ctx.t("dataReads.organisationTitle", { name: organisation.name });
      return sendPage(
        reply,
        ctx,
        title,
        <>
          <h1>{title}</h1>
          <p class="lead">{ctx.t("dataReads.organisationLead")}</p>
          <DataReadsList ctx={ctx} reads={reads} more={request.query.before !== undefined} olderHref={path} />
          <p>
            <a href="/account">{ctx.t("dataReads.back")}</a>
          </p>
        </>,
      );
    },
  );

  app.post(
    "/account/organisations/:id/agents",
    {
      config: { policy: "organisation.manage" },
      schema: {
        hide: true,
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        body: Type.Object({ agent: text, services: text }),
      },
    },
    async (request, reply) => {
      const values = request.body;
      const organisationId = request.params.id;
      return change(
        request,
        reply,
        "granted",
        () =>
          organisations.grantAgent(
            db,
            deps,
            request.actor,
            organisationId,
            {
              ...(values.agent !== undefined ? { agent: values.agent } : {}),
              services: parseServices(values.services),
            },
            origin(request),
          ),
        (errors) => ({ grant: { organisationId, values, errors } }),
        `g${organisationId}-`,
      );
    },
  );

  app.post(
    "/account/organisations/:id/agents/:personId/revoke",
    {
      config: { policy: "organisation.manage" },
      schema: {
        hide: true,
        params: Type.Object({
          id: Type.String({ format: "uuid" }),
          personId: Type.String({ format: "uuid" }),
        }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return reply.redirect("/account/signin?next=%2Faccount", 303);
      await organisations.revokeAgent(
        db,
        request.actor,
        request.params.id,
        request.params.personId,
        origin(request),
      );
      return reply.redirect("/account?done=revoked", 303);
    },
  );

  app.post(
    "/account/signout",
    { config: { policy: "public", signOut: true }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind === "person" && request.sessionToken) {
        await sessions.signOut(db, request.sessionToken);
        app.sessions.forget(request.sessionToken);
        clearSessionCookie(reply);
      }
      return reply.redirect("/", 303);
    },
  );
};
