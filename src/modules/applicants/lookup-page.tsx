import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { authorize } from "../../platform/policy.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { origin } from "./api.ts";
import {
  ErrorSummary,
  Field,
  type FormErrors,
  formErrors,
  NO_ERRORS,
  Submit,
  type Values,
} from "./form-kit.tsx";
import { lookUpPerson } from "./lookup.ts";
import type { Profile } from "./service.ts";

const PATH = "/persons/lookup";
const text = Type.Optional(Type.String({ maxLength: 1000 }));

function LookupForm({ ctx, values, errors }: { ctx: PageContext; values: Values; errors: FormErrors }) {
  const { t } = ctx;
  return (
    <>
      <ErrorSummary t={t} errors={errors} firstField="idNumber" />
      <form class="stack" method="post" action={PATH} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          id="idNumber"
          label={t("lookup.idNumber")}
          value={values.idNumber}
          error={errors.fields.idNumber}
          autocomplete="off"
          required
        />
        <Field
          id="purpose"
          label={t("lookup.purpose")}
          hint={t("lookup.purposeHint")}
          value={values.purpose}
          error={errors.fields.purpose}
          autocomplete="off"
          required
        />
        <Submit>{t("lookup.submit")}</Submit>
      </form>
    </>
  );
}

function Found({ ctx, person }: { ctx: PageContext; person: Profile }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="found-title">
      <h2 id="found-title">{person.name}</h2>
      <dl class="facts">
        <dt>{t("account.field.idNumber")}</dt>
        <dd>{person.idNumberMasked}</dd>
        <dt>{t("account.field.mobile")}</dt>
        <dd>{person.mobileMasked ?? t("account.none")}</dd>
        <dt>{t("account.field.email")}</dt>
        <dd>{person.email ?? t("account.none")}</dd>
        <dt>{t("account.field.addressRegion")}</dt>
        <dd>{person.addressRegion ? person.addressRegion.name : t("account.none")}</dd>
      </dl>
    </section>
  );
}

/**
 * The window clerk's page for finding the person in front of them: the full ID number and why. The
 * read is recorded as the API's is, and the person sees it on "who read my data".
 */
export const lookupPage: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;

  function show(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { values: Values; errors: FormErrors; person?: Profile },
  ) {
    const ctx = pageContext(request, reply, true);
    const { t } = ctx;
    return sendPage(
      reply,
      ctx,
      t("lookup.title"),
      <>
        <h1>{t("lookup.title")}</h1>
        <p class="lead">{t("lookup.lead")}</p>
        {state.person && <Found ctx={ctx} person={state.person} />}
        <LookupForm ctx={ctx} values={state.person ? {} : state.values} errors={state.errors} />
      </>,
    );
  }

  const signIn = (reply: FastifyReply) => reply.redirect(`/signin?next=${encodeURIComponent(PATH)}`, 303);

  app.get(PATH, { config: { policy: "person.lookup" }, schema: { hide: true } }, async (request, reply) => {
    if (request.actor.kind !== "staff") return signIn(reply);
    authorize(request.actor, "person.lookup");
    return show(request, reply, { values: {}, errors: NO_ERRORS });
  });

  app.post(
    PATH,
    {
      config: { policy: "person.lookup" },
      schema: { hide: true, body: Type.Object({ idNumber: text, purpose: text }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply);
      const values = request.body;
      try {
        const person = await lookUpPerson(
          database.db,
          config.personalDataKey,
          request.actor,
          { idNumber: values.idNumber ?? "", purpose: values.purpose ?? "" },
          origin(request),
        );
        return show(request, reply, { values, errors: NO_ERRORS, person });
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t);
        return show(request, reply.code(status), { values, errors });
      }
    },
  );
};
