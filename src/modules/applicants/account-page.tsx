import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { clearSessionCookie } from "../../platform/http/request-context.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { CsrfField } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { DataReadsList } from "../audit/data-reads-page.tsx";
import { whoReadOurData } from "../audit/service.ts";
import { type AccountState, ContactForm, Organisations, Profile } from "./account-views.tsx";
import { origin } from "./api.ts";
import { type FormErrors, formErrors, Submit } from "./form-kit.tsx";
import * as organisations from "./organisations.ts";
import * as service from "./service.ts";
import * as sessions from "./sessions.ts";

const NOTICES: Record<string, MessageKey> = {
  contact: "account.contact.saved",
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

/** The person's own page: profile with the ID number masked, contact details, organisations and agents. */
export const accountPage: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = { config, jobs };

  async function render(request: FastifyRequest, reply: FastifyReply, state: AccountState) {
    if (request.actor.kind !== "person") return reply.redirect("/account/signin?next=%2Faccount", 303);
    const profile = await service.getProfile(db, request.actor, request.actor.id);
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
        </ul>
        <ContactForm ctx={ctx} profile={profile} refused={state.contact} />
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
          service.updateProfile(db, request.actor, request.actor.kind === "person" ? request.actor.id : "", {
            mobile: values.mobile ?? null,
            addressRegionCode: values.addressRegionCode ?? null,
          }),
        (errors) => ({ contact: { values, errors } }),
      );
    },
  );

  app.post(
    "/account/verify/resend",
    { config: { policy: "account.update" }, schema: { hide: true } },
    async (request, reply) =>
      change(
        request,
        reply,
        "resent",
        () =>
          service.resendVerification(
            db,
            deps,
            request.actor,
            request.actor.kind === "person" ? request.actor.id : "",
            origin(request),
          ),
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
    { config: { policy: "public" }, schema: { hide: true } },
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
