import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { renderToString } from "preact-render-to-string";
import { Type } from "typebox";
import { errors } from "../../platform/errors.ts";
import type { Translate } from "../../platform/i18n/index.ts";
import { can } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { isFieldsError } from "../applicants/errors.ts";
import { anchorName, inPageOrder } from "./admin-anchors.ts";
import { EditorPage } from "./admin-editor.tsx";
import { contentOf, type EditorModel, modelOf, type Posted } from "./admin-form.ts";
import { FormPreview, PREVIEW_SINK, PREVIEW_URL } from "./admin-form-editor.tsx";
import {
  type FormModel,
  formAnchor,
  type LocalIssue,
  one,
  readFormModel,
  resolveForm,
  withoutBlankFields,
} from "./admin-form-fields.ts";
import { editModel, parseOp } from "./admin-form-ops.ts";
import { adminContext, itemPath, problemsAt, sendAdminPage } from "./admin-views.tsx";
import type { ItemForm } from "./content.ts";
import { catalogErrors } from "./errors.ts";
import { formProblems } from "./form-schema.ts";
import * as service from "./service.ts";
import { draftProblems } from "./validate.ts";

/**
 * The draft editor's routes and the preview the script asks for. A whole draft with its form posts far
 * more than the 64 KB other forms may (a Chinese character is nine bytes once URL-encoded), so these
 * routes take up to a megabyte.
 */

const BODY_LIMIT = 1024 * 1024;
const CodeParams = Type.Object({ code: Type.String({ maxLength: 60 }) });

/** A form post as flat pairs, whatever else a caller sent. */
export function readPosted(body: unknown): Posted {
  const posted: Posted = {};
  if (typeof body !== "object" || body === null) return posted;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") posted[key] = value;
    else if (Array.isArray(value)) posted[key] = value.filter((v): v is string => typeof v === "string");
  }
  return posted;
}

function previewOf(t: Translate, form: ItemForm | undefined, issues: LocalIssue[], shown: FormModel) {
  const local = issues.filter((i) => i.name.startsWith("form."));
  const named = new Set(local.map((i) => i.name));
  // A field the page already found wrong is not blamed twice for the same mistake.
  const checked = form ? formProblems(form).filter((i) => !named.has(formAnchor(i, shown))) : [];
  return { form, problems: [...new Set([...local, ...checked].map((i) => t(i.key, i.params)))] };
}

export const catalogEditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  async function editable(request: FastifyRequest, code: string) {
    const detail = await service.getItem(db, request.actor, code);
    if (!can(request.actor, "catalog.manage", { ownerRegionCode: detail.item.ownerRegionCode }))
      throw errors.forbidden();
    return detail;
  }

  function show(
    ctx: PageContext,
    reply: FastifyReply,
    detail: service.ItemDetail,
    model: EditorModel,
    state: { problems?: ReturnType<typeof problemsAt>; done?: string | undefined },
  ) {
    const { content, issues, display } = contentOf(model);
    const source = detail.draft ?? detail.current;
    return sendAdminPage(
      reply,
      ctx,
      ctx.t("catalogAdmin.edit.title", { name: display.name.zh || detail.item.code }),
      <EditorPage
        ctx={ctx}
        code={detail.item.code}
        basedOn={source ? { version: source.version, draft: source.status === "draft" } : null}
        model={display}
        problems={state.problems ?? []}
        saved={state.done === "saved" || state.done === "created"}
        preview={previewOf(ctx.t, content.form, issues, display.form)}
      />,
      { script: true },
    );
  }

  app.get(
    "/catalog/admin/items/:code/edit",
    {
      config: { policy: "catalog.manage" },
      schema: {
        hide: true,
        params: CodeParams,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      const detail = await editable(request, request.params.code);
      if (detail.current?.status === "retired") throw catalogErrors.retired();
      const source = detail.draft ?? detail.current;
      return show(ctx, reply, detail, modelOf(source?.content ?? {}), { done: request.query.done });
    },
  );

  app.post(
    "/catalog/admin/items/:code/edit",
    {
      bodyLimit: BODY_LIMIT,
      config: { policy: "catalog.manage" },
      schema: { hide: true, params: CodeParams },
    },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      const detail = await editable(request, request.params.code);
      const posted = readPosted(request.body);
      const op = parseOp(one(posted, "op"));
      const model = editModel(posted, op);
      if (op.kind !== "save") return show(ctx, reply, detail, model, {});
      const { t } = request;
      const { content, issues, display } = contentOf(model);
      if (issues.length > 0) {
        // Nothing is saved while the page itself found problems; the service's own checks join them,
        // so every problem shows at once.
        const named = new Set(issues.map((i) => i.name));
        const found = draftProblems(content)
          .map((i) => ({ ...i, name: anchorName(i, display) }))
          .filter((i) => !named.has(i.name));
        return show(ctx, reply.code(400), detail, model, {
          problems: problemsAt(t, inPageOrder([...issues, ...found])),
        });
      }
      try {
        await service.saveDraft(db, request.actor, detail.item.id, content, { requestId: request.id });
      } catch (error) {
        if (!isFieldsError(error)) throw error;
        const problems = problemsAt(
          t,
          inPageOrder(error.issues.map((i) => ({ ...i, name: anchorName(i, display) }))),
        );
        return show(ctx, reply.code(400), detail, model, { problems });
      }
      return reply.redirect(`${itemPath(detail.item.code)}/edit?done=saved`, 303);
    },
  );

  app.post(
    PREVIEW_URL,
    { bodyLimit: BODY_LIMIT, config: { policy: "catalog.manage" }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") throw errors.unauthenticated();
      if (!can(request.actor, "catalog.manage", "any")) throw errors.forbidden();
      const resolved = resolveForm(withoutBlankFields(readFormModel(readPosted(request.body))));
      const preview = previewOf(request.t, resolved.form, resolved.issues, resolved.display);
      const html = renderToString(
        <FormPreview
          t={request.t}
          locale={request.locale}
          form={preview.form}
          problems={preview.problems}
          formId={PREVIEW_SINK}
        />,
      );
      return reply.header("cache-control", "no-store").type("text/html; charset=utf-8").send(html);
    },
  );
};
