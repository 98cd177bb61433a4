import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type AppError, isAppError } from "../../platform/errors.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { Field, Submit } from "../applicants/form-kit.tsx";
import { versionContent } from "../catalog/service.ts";
import { ProgressBody, showPage } from "./progress-views.tsx";
import * as service from "./service.ts";
import { ErrorSummary } from "./work-kit.tsx";

const PATH = "/cases/lookup";
/** As the API's lookup: a few tries a minute from one address, so case numbers cannot be walked. */
const TRIES_PER_MINUTE = 10;
const text = Type.Optional(Type.String({ maxLength: 200 }));

interface LookupState {
  number: string;
  tail: string;
  fields?: Partial<Record<"number" | "tail", string>>;
  /** Why nothing was shown: not found (what to check), or too many tries (when to come back). */
  refusal?: string;
}

function LookupForm({ ctx, state }: { ctx: PageContext; state: LookupState }) {
  const { t } = ctx;
  const fields = state.fields ?? {};
  const problems = [
    ...(state.refusal ? [{ href: "#number", text: state.refusal }] : []),
    ...Object.entries(fields).map(([field, message]) => ({ href: `#${field}`, text: message })),
  ];
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("nav.home"), href: "/" }, { label: t("progress.lookup.title") }]}
      />
      <h1>{t("progress.lookup.title")}</h1>
      <ErrorSummary
        t={t}
        problems={problems}
        title={t("apply.problems.title")}
        id="lookup-problems"
        autofocus
      >
        {state.refusal && (
          <ul class="hint">
            <li>{t("progress.lookup.checkNumber")}</li>
            <li>{t("progress.lookup.checkTail")}</li>
          </ul>
        )}
      </ErrorSummary>
      <p class="lead">{t("progress.lookup.lead")}</p>
      <form method="post" action={PATH} class="stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          id="number"
          label={t("progress.lookup.number")}
          hint={t("progress.lookup.numberHint")}
          value={state.number}
          error={fields.number}
          inputmode="numeric"
          autocomplete="off"
          required
        />
        <Field
          id="tail"
          label={t("progress.lookup.tail")}
          hint={t("progress.lookup.tailHint")}
          value={state.tail}
          error={fields.tail}
          autocomplete="off"
          required
        />
        <Submit>{t("progress.lookup.submit")}</Submit>
      </form>
      <p>{t("progress.lookup.signIn")}</p>
    </>
  );
}

/**
 * Following a case without signing in (查询办理进度): the number on the receipt and the last 6
 * characters of the phone or ID number. It shows the progress page without personal data.
 */
export const progressLookupPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;

  function form(request: FastifyRequest, reply: FastifyReply, state: LookupState) {
    const refused = state.refusal !== undefined || Object.keys(state.fields ?? {}).length > 0;
    return showPage(
      request,
      reply,
      (c) =>
        refused
          ? c.t("apply.errorTitle", { title: c.t("progress.lookup.title") })
          : c.t("progress.lookup.title"),
      (ctx) => <LookupForm ctx={ctx} state={state} />,
    );
  }

  async function progress(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Awaited<ReturnType<typeof service.lookupProgress>>,
  ) {
    const content = await versionContent(db, found.view.item.id, found.view.item.version);
    return showPage(
      request,
      reply,
      (c) => `${c.t("progress.title")} ${found.view.number}`,
      (ctx) => (
        <>
          <Breadcrumb
            ctx={ctx}
            items={[{ label: ctx.t("progress.lookup.title"), href: PATH }, { label: found.view.number }]}
          />
          <ProgressBody ctx={ctx} data={{ ...found, content, anonymous: true }} />
          <p>
            <a href={PATH}>{ctx.t("progress.lookup.another")}</a>
          </p>
        </>
      ),
    );
  }

  // Too many tries gets this page again, saying when to come back, rather than a bare error.
  app.setErrorHandler((error: AppError | Error, request, reply) => {
    if (!isAppError(error) || error.code !== "rate_limited" || request.url.startsWith("/api/")) throw error;
    const seconds = error.extra.retryAfterSeconds ?? 60;
    reply.code(429).header("retry-after", seconds);
    const body = (request.body ?? {}) as { number?: string };
    return form(request, reply, {
      number: typeof body.number === "string" ? body.number.slice(0, 40) : "",
      tail: "",
      refusal: request.t("progress.lookup.tooMany", { minutes: Math.max(1, Math.ceil(seconds / 60)) }),
    });
  });

  app.get(PATH, { config: { policy: "case.lookup" }, schema: { hide: true } }, async (request, reply) =>
    form(request, reply, { number: "", tail: "" }),
  );

  // The short link of a text message (/c/…): the progress at once, or the lookup form saying it failed.
  app.get(
    "/c/:token",
    {
      config: {
        policy: "case.lookup",
        personal: true,
        rateLimit: { max: TRIES_PER_MINUTE, timeWindow: 60_000 },
      },
      schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 40 }) }) },
    },
    async (request, reply) => {
      try {
        return await progress(request, reply, await service.progressByShortToken(db, request.params.token));
      } catch (error) {
        if (!isAppError(error) || error.code !== "case_lookup_failed") throw error;
        reply.code(404);
        return form(request, reply, {
          number: "",
          tail: "",
          refusal: request.t("progress.lookup.linkFailed"),
        });
      }
    },
  );

  app.post(
    PATH,
    {
      config: { policy: "case.lookup", rateLimit: { max: TRIES_PER_MINUTE, timeWindow: 60_000 } },
      schema: { hide: true, body: Type.Object({ number: text, tail: text }) },
    },
    async (request, reply) => {
      const t = request.t;
      const number = (request.body.number ?? "").replace(/\s+/g, "");
      const tail = (request.body.tail ?? "").trim().toUpperCase();
      const fields: LookupState["fields"] = {};
      if (!/^\d{14,26}$/.test(number)) fields.number = t("progress.lookup.numberInvalid");
      if (!/^[0-9A-Z]{6}$/.test(tail)) fields.tail = t("progress.lookup.tailInvalid");
      if (Object.keys(fields).length > 0) {
        reply.code(400);
        return form(request, reply, { number, tail, fields });
      }
      try {
        const found = await service.lookupProgress(db, config.personalDataKey, number, tail);
        return progress(request, reply, found);
      } catch (error) {
        if (!isAppError(error) || error.code !== "case_lookup_failed") throw error;
        reply.code(404);
        return form(request, reply, { number, tail, refusal: t("error.case_lookup_failed") });
      }
    },
  );
};
