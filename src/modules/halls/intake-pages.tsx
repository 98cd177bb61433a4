import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type Actor, authorize } from "../../platform/policy.ts";
import { pageContext, sendPage, sendPdf } from "../../web/render.tsx";
import { formErrors, NO_ERRORS, type Values } from "../applicants/form-kit.tsx";
import { getProfileRow } from "../applicants/service.ts";
import { windowDrafts } from "../applications/window-service.ts";
import { personOfPass } from "./intake-pass.ts";
import { findAtWindow, registerAtWindow } from "./intake-persons.ts";
import { intakeReceipt, startIntakeByItem, takeOverIntake } from "./intake-service.ts";
import { BASE, PersonPage, type PersonState, type Start, StartPage, sitesOf } from "./intake-views.tsx";

const text = Type.Optional(Type.String({ maxLength: 1000 }));
const Form = (fields: string[]) => Type.Object(Object.fromEntries(fields.map((f) => [f, text])));

/**
 * The clerk's window intake (窗口受理), without JavaScript: find or register the person, then start a
 * draft or take over theirs — the form, materials and submission are the application pages' own, which
 * serve the clerk as the draft's owner. The person found travels between forms as the intake pass.
 */
export const intakePages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;
  const key = config.personalDataKey;
  const origin = (request: FastifyRequest) => ({ locale: request.locale, requestId: request.id });
  const signIn = (reply: FastifyReply) => reply.redirect(`/signin?next=${encodeURIComponent(BASE)}`, 303);
  const staff = (actor: Actor) => actor.kind === "staff";

  async function start(request: FastifyRequest, reply: FastifyReply, part: Partial<Start> = {}) {
    const ctx = pageContext(request, reply, true);
    const state: Start = {
      sites: await sitesOf(request),
      drafts: await windowDrafts(db, request.actor),
      values: {},
      find: NO_ERRORS,
      register: NO_ERRORS,
      ...part,
    };
    return sendPage(reply, ctx, ctx.t("intake.title"), <StartPage ctx={ctx} state={state} />);
  }

  function person(request: FastifyRequest, reply: FastifyReply, state: PersonState) {
    const ctx = pageContext(request, reply, true);
    return sendPage(
      reply,
      ctx,
      `${state.person.name} · ${ctx.t("intake.title")}`,
      <PersonPage ctx={ctx} state={state} />,
    );
  }

  /** The person page again after a refused step: the pass names whom, read once more without a new audit. */
  async function personAgain(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors: Partial<PersonState>,
  ) {
    const actor = request.actor;
    const pass = values.pass ?? "";
    const personId = personOfPass(key, actor.kind === "staff" ? actor.id : "", pass);
    return person(request, reply, {
      person: await getProfileRow(db, personId),
      pass,
      site: values.site ?? "",
      created: false,
      values,
      start: NO_ERRORS,
      takeOver: NO_ERRORS,
      ...errors,
    });
  }

  app.get(BASE, { config: { policy: "intake.work" }, schema: { hide: true } }, async (request, reply) => {
    if (!staff(request.actor)) return signIn(reply);
    authorize(request.actor, "intake.work");
    return start(request, reply);
  });

  app.post(
    `${BASE}/find`,
    {
      config: { policy: "intake.work" },
      schema: { hide: true, body: Form(["site", "idNumber", "purpose"]) },
    },
    async (request, reply) => {
      if (!staff(request.actor)) return signIn(reply);
      authorize(request.actor, "intake.work");
      const values = request.body as Values;
      try {
        const found = await findAtWindow(
          db,
          key,
          request.actor,
          { idNumber: values.idNumber ?? "", purpose: values.purpose ?? "" },
          origin(request),
        );
        return person(request, reply, {
          ...found,
          site: values.site ?? "",
          values: {},
          start: NO_ERRORS,
          takeOver: NO_ERRORS,
        });
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t);
        reply.code(status);
        return start(request, reply, { values, find: errors });
      }
    },
  );

  app.post(
    `${BASE}/register`,
    {
      config: { policy: "intake.work" },
      schema: { hide: true, body: Form(["site", "name", "idNumber", "mobile"]) },
    },
    async (request, reply) => {
      if (!staff(request.actor)) return signIn(reply);
      authorize(request.actor, "intake.work");
      const values = request.body as Values;
      try {
        const found = await registerAtWindow(
          db,
          key,
          request.actor,
          { ...values, purpose: request.t("intake.purpose.register") },
          origin(request),
        );
        reply.code(found.created ? 201 : 200);
        return person(request, reply, {
          ...found,
          site: values.site ?? "",
          values: {},
          start: NO_ERRORS,
          takeOver: NO_ERRORS,
        });
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t, "r-");
        reply.code(status);
        return start(request, reply, {
          values: { ...values, registerId: values.idNumber, idNumber: "" },
          register: errors,
        });
      }
    },
  );

  app.post(
    `${BASE}/start`,
    {
      config: { policy: "intake.work" },
      schema: { hide: true, body: Form(["pass", "site", "item", "handlingRegion"]) },
    },
    async (request, reply) => {
      if (!staff(request.actor)) return signIn(reply);
      authorize(request.actor, "intake.work");
      const values = request.body as Values;
      try {
        const row = await startIntakeByItem(db, key, request.actor, {
          pass: values.pass,
          site: values.site ?? "",
          item: values.item ?? "",
          handlingRegion: values.handlingRegion,
        });
        return reply.redirect(`/applications/${row.id}`, 303);
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t);
        reply.code(status);
        return personAgain(request, reply, values, { start: errors });
      }
    },
  );

  app.post(
    `${BASE}/takeover`,
    {
      config: { policy: "intake.work" },
      schema: { hide: true, body: Form(["pass", "site", "application"]) },
    },
    async (request, reply) => {
      if (!staff(request.actor)) return signIn(reply);
      authorize(request.actor, "intake.work");
      const values = request.body as Values;
      try {
        const row = await takeOverIntake(
          db,
          key,
          request.actor,
          { pass: values.pass, site: values.site ?? "", application: values.application ?? "" },
          request.id,
        );
        return reply.redirect(`/applications/${row.id}`, 303);
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t);
        reply.code(status);
        return personAgain(request, reply, values, { takeOver: errors });
      }
    },
  );

  app.get(
    `${BASE}/cases/:id/receipt.pdf`,
    {
      config: { policy: "intake.work" },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 40 }) }) },
    },
    async (request, reply) => {
      if (!staff(request.actor)) return signIn(reply);
      const { number, pdf } = await intakeReceipt(
        db,
        request.actor,
        request.params.id,
        request.locale,
        config.baseUrl,
      );
      return sendPdf(reply, `receipt-${number}.pdf`, pdf);
    },
  );
};
