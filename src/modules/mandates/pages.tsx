import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { formErrors, problemText, type Values } from "../applicants/form-kit.tsx";
import { origin } from "./api.ts";
import * as service from "./service.ts";
import {
  GrantedList,
  GrantForm,
  HeldList,
  Notices,
  PageLinks,
  type PageState,
  RequestForm,
} from "./views.tsx";

const NOTICES: Record<string, MessageKey> = {
  granted: "mandate.granted",
  revoked: "mandate.revoked",
  renounced: "mandate.renounced",
  requested: "mandate.requested",
  consented: "mandate.consented",
};

const text = Type.Optional(Type.String({ maxLength: 1000 }));
const Done = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const MandateId = Type.Object({ id: Type.String({ format: "uuid" }) });
const TermsFields = { services: text, validFrom: text, validUntil: text };

/** "a.b, c、d" → ["a.b", "c", "d"]; nothing → every service (null). */
function parseServices(raw: string | undefined): string[] | null {
  const codes = (raw ?? "").split(/[\s,，、;；]+/).filter(Boolean);
  return codes.length > 0 ? codes : null;
}

function terms(values: Values) {
  return {
    services: parseServices(values.services),
    validFrom: values.validFrom ?? null,
    ...(values.validUntil !== undefined ? { validUntil: values.validUntil } : {}),
  };
}

function signIn(reply: FastifyReply, path: string) {
  return reply.redirect(`/account/signin?next=${encodeURIComponent(path)}`, 303);
}

/**
 * The person's mandate pages: "我的授权" (mandates they gave, every action under each, revoke, grant
 * online) and the agent's page (mandates held, asking by code at a service point, entering the code,
 * the principal's details). Forms work without JavaScript.
 */
export const mandatesPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = { config, jobs };
  const perAddress = { rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } };

  async function granted(request: FastifyRequest, reply: FastifyReply, state: PageState) {
    if (request.actor.kind !== "person") return signIn(reply, "/account/mandates");
    const list = await service.listGranted(db, request.actor);
    const ctx = pageContext(request, reply, true);
    const { t } = ctx;
    return sendPage(
      reply,
      ctx,
      t("mandate.granted.title"),
      <>
        <h1>{t("mandate.granted.title")}</h1>
        <p class="lead">{t("mandate.granted.lead")}</p>
        <PageLinks t={t} here="granted" />
        <Notices ctx={ctx} state={state} />
        <GrantedList ctx={ctx} list={list} />
        <GrantForm ctx={ctx} refused={state.grant} />
      </>,
    );
  }

  async function held(request: FastifyRequest, reply: FastifyReply, state: PageState) {
    if (request.actor.kind !== "person") return signIn(reply, "/account/mandates/held");
    const list = await service.listHeld(db, request.actor);
    const ctx = pageContext(request, reply, true);
    const { t } = ctx;
    return sendPage(
      reply,
      ctx,
      t("mandate.held.title"),
      <>
        <h1>{t("mandate.held.title")}</h1>
        <p class="lead">{t("mandate.held.lead")}</p>
        <PageLinks t={t} here="held" />
        <Notices ctx={ctx} state={state} />
        <HeldList ctx={ctx} list={list} state={state} />
        <RequestForm ctx={ctx} refused={state.request} />
      </>,
    );
  }

  function notice(done: string | undefined): PageState {
    const key = done ? NOTICES[done] : undefined;
    if (!key) return {};
    return { notice: { key, params: { minutes: service.CONSENT_CODE_MINUTES } } };
  }

  app.get(
    "/account/mandates",
    { config: { policy: "mandate.list" }, schema: { hide: true, querystring: Done } },
    async (request, reply) => granted(request, reply, notice(request.query.done)),
  );

  app.get(
    "/account/mandates/held",
    { config: { policy: "mandate.list" }, schema: { hide: true, querystring: Done } },
    async (request, reply) => held(request, reply, notice(request.query.done)),
  );

  app.post(
    "/account/mandates",
    {
      config: { policy: "mandate.grant" },
      schema: { hide: true, body: Type.Object({ agentName: text, agent: text, ...TermsFields }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, "/account/mandates");
      const values = request.body as Values;
      try {
        await service.grantMandate(
          db,
          deps,
          request.actor,
          { agent: values.agent, agentName: values.agentName, ...terms(values) },
          origin(request),
        );
        return reply.redirect("/account/mandates?done=granted", 303);
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t);
        return granted(request, reply.code(status), { grant: { values, errors } });
      }
    },
  );

  app.post(
    "/account/mandates/held",
    {
      config: { ...perAddress, policy: "mandate.request" },
      schema: { hide: true, body: Type.Object({ principalName: text, principal: text, ...TermsFields }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, "/account/mandates/held");
      const values = request.body as Values;
      try {
        await service.requestMandate(
          db,
          deps,
          request.actor,
          { principal: values.principal, principalName: values.principalName, ...terms(values) },
          origin(request),
        );
        return reply.redirect("/account/mandates/held?done=requested", 303);
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t);
        if (isAppError(error) && error.extra.retryAfterSeconds)
          reply.header("retry-after", error.extra.retryAfterSeconds);
        return held(request, reply.code(status), { request: { values, errors } });
      }
    },
  );

  app.post(
    "/account/mandates/:id/consent",
    {
      config: { ...perAddress, policy: "mandate.confirm" },
      schema: { hide: true, params: MandateId, body: Type.Object({ code: text }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, "/account/mandates/held");
      const mandateId = request.params.id;
      const values = request.body as Values;
      try {
        await service.confirmMandate(db, deps, request.actor, mandateId, values.code, origin(request));
        return reply.redirect("/account/mandates/held?done=consented", 303);
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t, `c${mandateId}-`);
        // A mandate the reader may not see, or whose code is not theirs to enter, has no form to show again.
        if (status === 404 || status === 403) throw error;
        // A wrong or missing code leaves the request open: the form shows again with the problem under the
        // field. Anything else ended it (void, expired, used, refused): the page says so at the top.
        const open =
          !isAppError(error) || error.code === "consent_code_wrong" || error.code === "validation_failed";
        return held(
          request,
          reply.code(status),
          open ? { consent: { mandateId, values, errors } } : { problem: errors.form ?? "" },
        );
      }
    },
  );

  app.post(
    "/account/mandates/:id/revoke",
    {
      config: { policy: "mandate.revoke" },
      schema: { hide: true, params: MandateId, body: Type.Object({ back: text }) },
    },
    async (request, reply) => {
      const back = (request.body as Values).back === "held" ? "held" : "granted";
      const page = back === "held" ? "/account/mandates/held" : "/account/mandates";
      if (request.actor.kind !== "person") return signIn(reply, page);
      try {
        const ended = await service.revokeMandate(db, request.actor, request.params.id, origin(request));
        return reply.redirect(`${page}?done=${ended.role === "agent" ? "renounced" : "revoked"}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
        const state = { problem: problemText(error, request.t) };
        return back === "held"
          ? held(request, reply.code(error.status), state)
          : granted(request, reply.code(error.status), state);
      }
    },
  );

  app.get(
    "/account/mandates/:id/principal",
    { config: { policy: "mandate.act" }, schema: { hide: true, params: MandateId } },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, request.url);
      const details = await service.readPrincipalDetails(
        db,
        request.actor,
        request.params.id,
        origin(request),
      );
      const ctx = pageContext(request, reply);
      const { t } = ctx;
      return sendPage(
        reply,
        ctx,
        t("mandate.principal.title"),
        <>
          <h1>{t("mandate.principal.title")}</h1>
          <p class="lead">{t("mandate.principal.lead")}</p>
          <dl class="facts">
            <dt>{t("mandate.principal.name")}</dt>
            <dd>{details.name}</dd>
            <dt>{t("mandate.principal.idNumber")}</dt>
            <dd>{details.idNumberMasked}</dd>
            <dt>{t("mandate.principal.mobile")}</dt>
            <dd>{details.mobileMasked ?? t("mandate.none")}</dd>
            <dt>{t("mandate.principal.region")}</dt>
            <dd>
              {details.addressRegion ? (
                <a href={`/regions/${details.addressRegion.code}`}>{details.addressRegion.name}</a>
              ) : (
                t("mandate.none")
              )}
            </dd>
          </dl>
          <p>
            <a href="/account/mandates/held">{t("mandate.link.held")}</a>
          </p>
        </>,
      );
    },
  );
};
