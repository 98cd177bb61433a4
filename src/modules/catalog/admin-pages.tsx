import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { can } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { isFieldsError } from "../applicants/errors.ts";
import { problemText } from "../applicants/form-kit.tsx";
import { lineByCode } from "../departments/lines.ts";
import { getRegion } from "../regions/service.ts";
import { anchorName } from "./admin-anchors.ts";
import { ComparePage, VersionPage } from "./admin-compare.tsx";
import { catalogEditRoutes } from "./admin-edit-routes.tsx";
import { modelOf } from "./admin-form.ts";
import { refusalOf, showItem } from "./admin-item-page.tsx";
import { ListPage, NEW_FIELDS, NewItemPage, type NewValues, PAGE_SIZE, STATUSES } from "./admin-list.tsx";
import { catalogOfferingRoutes } from "./admin-offering-routes.tsx";
import { ADMIN, adminContext, errorsByField, itemPath, problemsAt, sendAdminPage } from "./admin-views.tsx";
import type { ItemContent } from "./content.ts";
import * as service from "./service.ts";

const text = Type.Optional(Type.String({ maxLength: 4000 }));
const CodeParams = Type.Object({ code: Type.String({ maxLength: 60 }) });
const origin = (request: FastifyRequest) => ({ requestId: request.id });

/**
 * Catalogue managers' pages: the items, a new item, an item with its versions, actions and offerings,
 * the draft editor with the form editor and its live preview, one version, two versions compared.
 * Every page calls the same service function as the API does.
 */
export const catalogAdminPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  await app.register(catalogEditRoutes);
  await app.register(catalogOfferingRoutes);

  app.get(
    ADMIN,
    {
      config: { policy: "catalog.manage" },
      schema: {
        hide: true,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          line: Type.Optional(Type.String({ maxLength: 60 })),
          status: Type.Optional(Type.String({ maxLength: 20 })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
      },
    },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      const q = request.query.q?.trim() ?? "";
      const line = request.query.line && lineByCode(request.query.line) ? request.query.line : "";
      const status = (STATUSES as readonly string[]).includes(request.query.status ?? "")
        ? (request.query.status as (typeof STATUSES)[number])
        : undefined;
      const page = request.query.page ?? 1;
      const found = await service.listItems(db, request.actor, {
        ...(q ? { text: q } : {}),
        ...(line ? { line } : {}),
        ...(status ? { status } : {}),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      return sendAdminPage(
        reply,
        ctx,
        ctx.t("catalogAdmin.title"),
        <ListPage
          ctx={ctx}
          filter={{ q, line, status: status ?? "", page }}
          items={found.items}
          total={found.total}
        />,
      );
    },
  );

  async function showNew(
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    values: NewValues,
    problems: ReturnType<typeof problemsAt>,
  ) {
    const { actor } = request;
    const codes =
      actor.kind === "staff" ? [...new Set(actor.grants.map((g) => g.jurisdictionCode.slice(0, 2)))] : [];
    const allowed = codes.filter((c) => can(actor, "catalog.manage", { ownerRegionCode: c }));
    const provinces = await Promise.all(
      allowed.map(async (code) => ({
        value: code,
        label: `${(await getRegion(db, actor, code).catch(() => null))?.name ?? ""} ${code}`.trim(),
      })),
    );
    return sendAdminPage(
      reply,
      ctx,
      ctx.t("catalogAdmin.new"),
      <NewItemPage ctx={ctx} provinces={provinces} values={values} problems={problems} />,
    );
  }

  app.get(
    `${ADMIN}/new`,
    { config: { policy: "catalog.manage" }, schema: { hide: true } },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      return showNew(request, reply, ctx, {}, []);
    },
  );

  app.post(
    `${ADMIN}/new`,
    {
      config: { policy: "catalog.manage" },
      schema: { hide: true, body: Type.Object(Object.fromEntries(NEW_FIELDS.map((f) => [f, text]))) },
    },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      const values = request.body as NewValues;
      const code = values.code?.trim() ?? "";
      const type = values.type || undefined;
      try {
        await service.createItem(
          db,
          request.actor,
          {
            code,
            ownerRegionCode: values.ownerRegionCode ?? "",
            content: {
              name: { zh: values["name.zh"]?.trim() ?? "", en: values["name.en"]?.trim() ?? "" },
              ...(type ? { type: type as ItemContent["type"] } : {}),
              ...(values.line ? { line: values.line } : {}),
            },
          },
          origin(request),
        );
      } catch (error) {
        const t = request.t;
        if (isFieldsError(error)) {
          const problems = problemsAt(
            t,
            error.issues.map((i) => ({ ...i, name: i.field.slice(1).replace(/\//g, ".") })),
          );
          return showNew(request, reply.code(400), ctx, values, problems);
        }
        if (isAppError(error) && error.code === "catalog_item_exists")
          return showNew(request, reply.code(409), ctx, values, [
            { name: "code", text: problemText(error, t), href: "#f-code" },
          ]);
        if (isAppError(error) && error.status === 403)
          return showNew(
            request,
            reply.code(403),
            ctx,
            values,
            problemsAt(t, [{ name: "ownerRegionCode", key: "catalogAdmin.problem.ownerNotYours" }]),
          );
        throw error;
      }
      return reply.redirect(`${itemPath(code)}/edit?done=created`, 303);
    },
  );

  app.get(
    `${ADMIN}/items/:code`,
    {
      config: { policy: "catalog.manage" },
      schema: {
        hide: true,
        params: CodeParams,
        querystring: Type.Object({
          done: Type.Optional(Type.String({ maxLength: 30 })),
          region: Type.Optional(Type.String({ maxLength: 12 })),
        }),
      },
    },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      return showItem(db, request, reply, ctx, request.params.code, request.query);
    },
  );

  app.post(
    `${ADMIN}/items/:code/publish`,
    { config: { policy: "catalog.manage" }, schema: { hide: true, params: CodeParams } },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      const { code } = request.params;
      try {
        await service.publishDraft(db, request.actor, code, origin(request));
      } catch (error) {
        if (isFieldsError(error)) {
          // The draft is incomplete: each problem links to its input in the editor.
          const draft = (await service.getItem(db, request.actor, code)).draft;
          const model = modelOf(draft?.content ?? {});
          const problems = problemsAt(
            request.t,
            error.issues.map((i) => ({ ...i, name: anchorName(i, model) })),
          );
          return showItem(db, request, reply.code(400), ctx, code, {
            refusal: { message: request.t("error.catalog_not_publishable"), problems },
          });
        }
        const { status, refusal } = refusalOf(error, request);
        return showItem(db, request, reply.code(status), ctx, code, { refusal });
      }
      return reply.redirect(`${itemPath(code)}?done=published`, 303);
    },
  );

  app.post(
    `${ADMIN}/items/:code/retire`,
    {
      config: { policy: "catalog.manage" },
      schema: { hide: true, params: CodeParams, body: Type.Object({ reason: text }) },
    },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      const { code } = request.params;
      const reason = request.body.reason ?? "";
      try {
        await service.retireItem(db, request.actor, code, reason, origin(request));
      } catch (error) {
        if (isFieldsError(error)) {
          const retireErrors = errorsByField(
            problemsAt(
              request.t,
              error.issues.map((i) => ({ ...i, name: "reason" })),
            ),
          );
          return showItem(db, request, reply.code(400), ctx, code, {
            retire: { reason, errors: retireErrors },
          });
        }
        const { status, refusal } = refusalOf(error, request);
        return showItem(db, request, reply.code(status), ctx, code, {
          refusal,
          retire: { reason, errors: {} },
        });
      }
      return reply.redirect(`${itemPath(code)}?done=retired`, 303);
    },
  );

  app.get(
    `${ADMIN}/items/:code/versions/:version`,
    {
      config: { policy: "catalog.manage" },
      schema: {
        hide: true,
        params: Type.Object({ code: Type.String({ maxLength: 60 }), version: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      const { code, version } = request.params;
      const found = await service.getVersion(db, request.actor, code, version);
      return sendAdminPage(
        reply,
        ctx,
        ctx.t("catalogAdmin.versionN", { version }),
        <VersionPage ctx={ctx} code={found.item.code} version={found.version} />,
      );
    },
  );

  app.get(
    `${ADMIN}/items/:code/compare`,
    {
      config: { policy: "catalog.manage" },
      schema: {
        hide: true,
        params: CodeParams,
        querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      const { code } = request.params;
      const { from, to } = request.query;
      const [changes, a, b] = await Promise.all([
        service.compareVersions(db, request.actor, code, from, to),
        service.getVersion(db, request.actor, code, from),
        service.getVersion(db, request.actor, code, to),
      ]);
      return sendAdminPage(
        reply,
        ctx,
        ctx.t("catalogAdmin.compare.title", { from, to }),
        <ComparePage ctx={ctx} code={a.item.code} from={a.version} to={b.version} changes={changes} />,
      );
    },
  );
};
