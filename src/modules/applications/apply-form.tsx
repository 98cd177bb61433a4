import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Fragment } from "preact";
import { Type } from "typebox";
import { errors } from "../../platform/errors.ts";
import type { PageContext } from "../../web/layout.tsx";
import type { ItemForm, Text } from "../catalog/content.ts";
import { FormPage, inLocale } from "../catalog/form-render.tsx";
import {
  ApplyHead,
  answerText,
  changeable,
  Id,
  type Loaded,
  loadView,
  type Problem,
  ProblemList,
  paths,
  prefillNote,
  StepForm,
  show,
  titled,
} from "./apply-kit.tsx";
import { answersFromForm, fieldLabel, type Posted, problemWords } from "./apply-values.ts";
import { saveDraft } from "./service.ts";

const PageParams = Type.Object({ id: Id, n: Type.Integer({ minimum: 1, maximum: 30 }) });
/** A page's fields as posted: text, or a list where boxes share a name. */
const PageBody = Type.Record(
  Type.String({ maxLength: 80 }),
  Type.Union([
    Type.String({ maxLength: 5000 }),
    Type.Array(Type.String({ maxLength: 500 }), { maxItems: 100 }),
  ]),
  { maxProperties: 100 },
);

/**
 * The form of one page as FormPage draws it: the fields the applicant may change, each prefilled one
 * saying where its answer came from (as its hint, so a screen reader reads it with the field).
 */
function editableForm(ctx: PageContext, loaded: Loaded, index: number, fields: string[]): ItemForm {
  const { view } = loaded;
  const ui = view.form.ui ?? {};
  const hints = { ...(ui.fields ?? {}) };
  for (const name of fields) {
    const note = prefillNote(ctx, view.prefilled[name]);
    if (!note) continue;
    const help = inLocale(hints[name]?.help, ctx.locale);
    const text = help ? `${help} ${note}` : note;
    hints[name] = { ...hints[name], help: { zh: text, en: text } };
  }
  // A number field holding text that is not a number ("45平方") is drawn as a text box: a number box
  // would show it empty, and the applicant would not see what they are asked to correct.
  const properties = { ...(view.form.schema.properties as Record<string, Record<string, unknown>>) };
  for (const name of fields) {
    const field = properties[name];
    if (
      field &&
      (field.type === "number" || field.type === "integer") &&
      typeof view.answers[name] === "string"
    ) {
      properties[name] = { ...field, type: "string" };
    }
  }
  const title = view.pages[index]?.title ?? { zh: "", en: "" };
  return {
    schema: { ...view.form.schema, properties },
    ui: { ...ui, fields: hints, pages: [{ title, fields }] },
  };
}

/** A page's title, or the form's where the page has none. */
function pageTitle(ctx: PageContext, title: Text | null | undefined): string {
  return title ? inLocale(title, ctx.locale) : ctx.t("apply.step.form");
}

function FormStep({
  ctx,
  loaded,
  index,
  errors: problems,
}: {
  ctx: PageContext;
  loaded: Loaded;
  index: number;
  errors: Record<string, string>;
}) {
  const { t, locale } = ctx;
  const { view } = loaded;
  const outline = view.pages[index] ?? { title: null, fields: [] };
  const fixed = outline.fields.filter((f) => view.readOnly.includes(f));
  const editable = outline.fields.filter((f) => !view.readOnly.includes(f));
  const summary: Problem[] = editable
    .filter((name) => problems[name])
    .map((name) => ({ href: `#f-${name}`, text: problems[name] as string }));
  const title = pageTitle(ctx, outline.title);
  return (
    <>
      <ApplyHead ctx={ctx} loaded={loaded} here={{ page: index }} title={title} />
      <ProblemList ctx={ctx} problems={summary} refused />
      {fixed.length > 0 && (
        <dl class="facts">
          {fixed.map((name) => (
            <Fragment key={name}>
              <dt>{fieldLabel(view.form, name, locale)}</dt>
              <dd>
                {answerText(ctx, view.answers[name])}
                <span class="hint">
                  {prefillNote(ctx, view.prefilled[name], true)} {t("apply.readOnly")}
                </span>
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
      <StepForm ctx={ctx} action={paths.page(view.id, index + 1)} class="apply-form" saveLater>
        <FormPage
          form={editableForm(ctx, loaded, index, editable)}
          page={0}
          values={view.answers}
          errors={problems}
          t={t}
          locale={locale}
          idPrefix="f-"
        />
      </StepForm>
    </>
  );
}

/** The form, a page at a time: each page saved as it is posted, whatever its problems. */
export const applyFormPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  // "Come back later", from any device: the application opens where it was left.
  app.get(
    "/applications/:id",
    { config: { policy: "application.edit" }, schema: { hide: true, params: Type.Object({ id: Id }) } },
    async (request, reply) => {
      const loaded = await changeable(db, request, reply, request.params.id, request.url);
      if (!loaded) return reply;
      const { view } = loaded;
      const target =
        view.page < view.pages.length ? paths.page(view.id, view.page + 1) : paths.materials(view.id);
      return reply.redirect(target, 303);
    },
  );

  app.get(
    "/applications/:id/pages/:n",
    { config: { policy: "application.edit" }, schema: { hide: true, params: PageParams } },
    async (request, reply) => {
      const loaded = await changeable(db, request, reply, request.params.id, request.url);
      if (!loaded) return reply;
      const index = request.params.n - 1;
      const outline = loaded.view.pages[index];
      if (!outline) throw errors.notFound("page");
      return show(
        request,
        reply,
        (c) => pageTitle(c, outline.title),
        (ctx) => <FormStep ctx={ctx} loaded={loaded} index={index} errors={{}} />,
      );
    },
  );

  app.post(
    "/applications/:id/pages/:n",
    {
      config: { policy: "application.edit" },
      schema: {
        hide: true,
        params: PageParams,
        body: PageBody,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const before = await changeable(db, request, reply, id, request.url);
      if (!before) return reply;
      const index = request.params.n - 1;
      const outline = before.view.pages[index];
      if (!outline) throw errors.notFound("page");
      const body = request.body as Posted;
      const editable = outline.fields.filter((f) => !before.view.readOnly.includes(f));
      const answers = answersFromForm(before.view.form, editable, body);
      const { row, problems } = await saveDraft(db, request.actor, id, { answers, page: index });
      if (body._action === "save") {
        return reply.redirect(
          before.caseNumber ? paths.progress(before.caseNumber) : `${paths.list}?saved=${id}`,
          303,
        );
      }
      const failing = problems
        .map((p) => p.field.replace(/^\/answers\//, ""))
        .filter((f) => editable.includes(f));
      if (failing.length === 0) {
        const next = index + 1 < before.view.pages.length ? paths.page(id, index + 2) : paths.materials(id);
        return reply.redirect(next, 303);
      }
      const loaded = await loadView(db, request.actor, id);
      const words = problemWords(loaded.view.form, row.data, failing, request.t, request.locale);
      for (const name of failing) {
        words[name] ??= request.t("apply.problem.invalid", {
          label: fieldLabel(loaded.view.form, name, request.locale),
        });
      }
      reply.code(400);
      return show(
        request,
        reply,
        (c) => titled(c.t, pageTitle(c, outline.title), true),
        (ctx) => <FormStep ctx={ctx} loaded={loaded} index={index} errors={words} />,
      );
    },
  );
};
