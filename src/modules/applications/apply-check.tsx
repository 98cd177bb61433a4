import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Fragment } from "preact";
import { Type } from "typebox";
import { type FieldProblem, isAppError } from "../../platform/errors.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { inLocale } from "../catalog/form-render.tsx";
import { inParens, Txt } from "../catalog/public-views.tsx";
import { deliveryText } from "./apply-delivery.tsx";
import {
  ApplyHead,
  answerText,
  changeable,
  Id,
  type Loaded,
  loadView,
  ProblemList,
  paths,
  problemLinks,
  show,
  signIn,
  sizeText,
  titled,
  when,
} from "./apply-kit.tsx";
import { applicationOfCase } from "./apply-service.ts";
import { fieldLabel } from "./apply-values.ts";
import { resubmitApplication, submitApplication } from "./submit.ts";

const CaseNumber = Type.String({ maxLength: 40 });
const SubmitBody = Type.Object({ version: Type.Optional(Type.String({ maxLength: 12 })) });

interface CheckState {
  /** After a refused submission: the problems as an error summary, focused. */
  refused?: FieldProblem[];
  /** The application changed after the page was drawn (another tab, another device). */
  stale?: boolean;
}

function Change({ ctx, href, what }: { ctx: PageContext; href: string; what: string }) {
  return (
    <a href={href}>
      {ctx.t("apply.change")}
      <span class="visually-hidden"> {what}</span>
    </a>
  );
}

function CheckStep({ ctx, loaded, state }: { ctx: PageContext; loaded: Loaded; state: CheckState }) {
  const { t, locale } = ctx;
  const { view } = loaded;
  const problems = problemLinks(ctx, view, state.refused ?? view.problems);
  const title = loaded.correcting ? t("apply.check.correctTitle") : t("apply.step.check");
  return (
    <>
      <ApplyHead ctx={ctx} loaded={loaded} here="check" title={title} />
      {state.stale && (
        <div class="error-summary" role="alert" tabindex={-1} autofocus>
          <p>{t("apply.check.stale")}</p>
        </div>
      )}
      <ProblemList ctx={ctx} problems={problems} refused={state.refused !== undefined} />
      {view.pages.map((page, index) => (
        <section key={paths.page(view.id, index + 1)} aria-labelledby={`answers-${index}`}>
          <h2 id={`answers-${index}`}>{page.title ? inLocale(page.title, locale) : t("apply.step.form")}</h2>
          <dl class="summary">
            {page.fields.map((name) => {
              const label = fieldLabel(view.form, name, locale);
              return (
                <div key={name}>
                  <dt>{label}</dt>
                  <dd>{answerText(ctx, view.answers[name])}</dd>
                  <dd class="change">
                    {view.readOnly.includes(name) ? (
                      <span class="hint">{t("apply.readOnly")}</span>
                    ) : (
                      <Change ctx={ctx} href={`${paths.page(view.id, index + 1)}#f-${name}`} what={label} />
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
      <section aria-labelledby="check-materials">
        <h2 id="check-materials">{t("apply.step.materials")}</h2>
        {view.materials.length === 0 ? (
          <p>{t("apply.material.noneNeeded")}</p>
        ) : (
          <dl class="summary">
            {view.materials.map((m) => (
              <div key={m.key}>
                <dt>
                  <Txt ctx={ctx} text={m.name} />
                </dt>
                <dd>
                  {m.file
                    ? `${m.file.name}${inParens(ctx, sizeText(m.file.size))}`
                    : m.promised
                      ? t("apply.material.promised")
                      : t("apply.material.none")}
                </dd>
                <dd class="change">
                  <Change
                    ctx={ctx}
                    href={`${paths.materials(view.id)}#m-${m.key}`}
                    what={inLocale(m.name, locale)}
                  />
                </dd>
              </div>
            ))}
          </dl>
        )}
        {view.commitment && (
          <Fragment>
            <h3>{t("apply.commitment.title")}</h3>
            <p>{t("apply.commitment.signed", { at: when(view.commitment.signedAt, locale) })}</p>
            <blockquote class="commitment-text" lang={locale === "en" ? "zh-CN" : undefined}>
              {view.commitment.text}
            </blockquote>
          </Fragment>
        )}
      </section>
      <section aria-labelledby="check-delivery">
        <h2 id="check-delivery">{t("apply.step.delivery")}</h2>
        <dl class="summary">
          <div>
            <dt>{t("apply.delivery.how")}</dt>
            <dd>{deliveryText(t, view.delivery)}</dd>
            <dd class="change">
              <Change ctx={ctx} href={paths.delivery(view.id)} what={t("apply.step.delivery")} />
            </dd>
          </div>
        </dl>
      </section>
      <h2>{loaded.correcting ? t("apply.check.resubmitTitle") : t("apply.check.submitTitle")}</h2>
      <p>{t("apply.check.declaration")}</p>
      <form
        method="post"
        action={
          loaded.correcting ? `/applications/${view.id}/resubmission` : `/applications/${view.id}/submission`
        }
      >
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="version" value={String(view.version)} />
        <button class="button" type="submit">
          {loaded.correcting ? t("apply.check.resubmit") : t("apply.check.submit")}
        </button>
      </form>
    </>
  );
}

/** "Check your answers", then submission (申报) or, during a supplement request, resubmission. */
export const applyCheckPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;
  const deps = (request: FastifyRequest) => ({ jobs, config, requestId: request.id });

  function render(request: FastifyRequest, reply: FastifyReply, loaded: Loaded, state: CheckState) {
    const refused = state.refused !== undefined || state.stale === true;
    return show(
      request,
      reply,
      (c) => titled(c.t, c.t("apply.step.check"), refused),
      (ctx) => <CheckStep ctx={ctx} loaded={loaded} state={state} />,
    );
  }

  /** A refused (re)submission shows the check page again with every problem; anything else goes on. */
  function refusedProblems(error: unknown): FieldProblem[] {
    if (isAppError(error) && error.code === "validation_failed" && error.extra.fields)
      return error.extra.fields;
    throw error;
  }

  async function resubmit(request: FastifyRequest, reply: FastifyReply, id: string) {
    const loaded = await loadView(db, request.actor, id);
    if (!loaded.correcting) {
      return reply.redirect(loaded.caseNumber ? paths.progress(loaded.caseNumber) : paths.check(id), 303);
    }
    try {
      const row = await resubmitApplication(db, deps(request), request.actor, id);
      return reply.redirect(`${paths.progress(row.number)}?done=resubmitted`, 303);
    } catch (error) {
      const problems = refusedProblems(error);
      reply.code(400);
      return render(request, reply, loaded, { refused: problems });
    }
  }

  app.get(
    "/applications/:id/check",
    { config: { policy: "application.edit" }, schema: { hide: true, params: Type.Object({ id: Id }) } },
    async (request, reply) => {
      const loaded = await changeable(db, request, reply, request.params.id, request.url);
      if (!loaded) return reply;
      return render(request, reply, loaded, {});
    },
  );

  app.post(
    "/applications/:id/submission",
    {
      config: { policy: "application.edit" },
      schema: { hide: true, params: Type.Object({ id: Id }), body: SubmitBody },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, paths.check(request.params.id));
      const { id } = request.params;
      const loaded = await loadView(db, request.actor, id);
      // Pressed twice, or again from an old tab: the case it made already is the answer.
      if (loaded.caseNumber) return reply.redirect(paths.receipt(loaded.caseNumber), 303);
      if (loaded.view.status !== "draft") return reply.redirect(paths.list, 303);
      if (request.body.version !== String(loaded.view.version)) {
        reply.code(409);
        return render(request, reply, loaded, { stale: true });
      }
      try {
        const { row } = await submitApplication(db, deps(request), request.actor, id);
        return reply.redirect(paths.receipt(row.number), 303);
      } catch (error) {
        // The other press of a double click won the race: its case is this one's too.
        if (isAppError(error) && error.code === "conflict") {
          const { row } = await submitApplication(db, deps(request), request.actor, id);
          return reply.redirect(paths.receipt(row.number), 303);
        }
        const problems = refusedProblems(error);
        reply.code(400);
        return render(request, reply, await loadView(db, request.actor, id), { refused: problems });
      }
    },
  );

  app.post(
    "/applications/:id/resubmission",
    {
      config: { policy: "application.edit" },
      schema: { hide: true, params: Type.Object({ id: Id }), body: SubmitBody },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, paths.check(request.params.id));
      return resubmit(request, reply, request.params.id);
    },
  );

  // The progress page's way into the correction: the item asked about, or the check page.
  app.get(
    "/cases/:number/correction",
    {
      config: { policy: "application.edit" },
      schema: {
        hide: true,
        params: Type.Object({ number: CaseNumber }),
        querystring: Type.Object({
          field: Type.Optional(Type.String({ maxLength: 60 })),
          material: Type.Optional(Type.String({ maxLength: 40 })),
        }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, request.url);
      const row = await applicationOfCase(db, request.actor, request.params.number);
      const loaded = await loadView(db, request.actor, row.id);
      if (!loaded.correcting) return reply.redirect(paths.progress(request.params.number), 303);
      const { field, material } = request.query;
      const index = field ? loaded.view.pages.findIndex((p) => p.fields.includes(field)) : -1;
      if (index >= 0) return reply.redirect(`${paths.page(row.id, index + 1)}#f-${field}`, 303);
      if (material && loaded.view.materials.some((m) => m.key === material)) {
        return reply.redirect(`${paths.materials(row.id)}#m-${material}`, 303);
      }
      return reply.redirect(paths.check(row.id), 303);
    },
  );

  app.post(
    "/cases/:number/resubmission",
    {
      config: { policy: "application.edit" },
      schema: { hide: true, params: Type.Object({ number: CaseNumber }) },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, paths.progress(request.params.number));
      const row = await applicationOfCase(db, request.actor, request.params.number);
      return resubmit(request, reply, row.id);
    },
  );
};
