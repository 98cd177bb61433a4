import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { readUpload, registerUploads } from "../../platform/files/multipart.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type FormErrors, NO_ERRORS } from "../applicants/form-kit.tsx";
import { getDepartment } from "../departments/service.ts";
import { hideComment, MAX_PAGE, pageOf, pageWindow } from "./comments.ts";
import * as consultations from "./consultations.ts";
import { ATTACHMENT_MAX_BYTES, attach } from "./settings.ts";
import { StaffConsultation } from "./staff-consultation.tsx";
import { draftFrom, refusal, text, valuesOf } from "./staff-forms.ts";
import { DraftForm, type DraftValues, StaffList, staffPath } from "./staff-views.tsx";
import { addPoint, publishSummary, removePoint } from "./summary.ts";
import { HIDE_REASONS } from "./tables.ts";
import { listItem, readConsultation } from "./view.ts";

const Id = Type.String({ format: "uuid" });
const Params = Type.Object({ id: Id });
const Form = Type.Record(
  Type.String({ maxLength: 40 }),
  Type.Union([
    Type.String({ maxLength: 200_000 }),
    Type.Array(Type.String({ maxLength: 100 }), { maxItems: 1000 }),
  ]),
  { maxProperties: 1600 },
);
const MANAGE = { policy: "consultation.draft" } as const;
const moderationHref = (id: string, page: number) =>
  `${staffPath(id)}${page > 1 ? `?page=${page}` : ""}#moderation`;

/** The department's pages under /work: drafting, publishing, moderating and the feedback summary. */
export const consultationsStaffPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;
  const origin = (request: FastifyRequest) => ({ requestId: request.id });
  const signIn = (reply: FastifyReply, back: string) =>
    reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);
  const isStaff = (request: FastifyRequest) => request.actor.kind === "staff";

  app.get("/work/consultations", { config: MANAGE, schema: { hide: true } }, async (request, reply) => {
    if (!isStaff(request)) return signIn(reply, request.url);
    const now = new Date();
    const items = (await consultations.listManaged(db, request.actor, now)).map((c) => ({
      ...c,
      ...listItem(c, now),
      opensAt: c.opensAt,
      closesAt: c.closesAt,
    }));
    const ctx = pageContext(request, reply);
    return sendPage(reply, ctx, request.t("consultation.staff.title"), <StaffList ctx={ctx} items={items} />);
  });

  async function departmentsOf(request: FastifyRequest) {
    const actor = request.actor;
    if (actor.kind !== "staff") return [];
    const ids = [
      ...new Set(
        actor.grants
          .filter((g) => g.role === "administrator" || g.role === "approver")
          .map((g) => g.departmentId),
      ),
    ];
    const found = await Promise.all(ids.map((id) => getDepartment(db, id)));
    return found.map((d) => ({
      id: d.id,
      name: request.locale === "en" ? d.nameEn : d.name,
      regionCode: d.regionCode,
    }));
  }

  async function showNew(
    request: FastifyRequest,
    reply: FastifyReply,
    values: DraftValues,
    errors: FormErrors,
  ) {
    const departments = await departmentsOf(request);
    const minimum = await consultations.minimumDays(db, departments[0]?.regionCode ?? "");
    const ctx = pageContext(request, reply, true);
    return sendPage(
      reply,
      ctx,
      request.t("consultation.staff.new"),
      <>
        <h1>{request.t("consultation.staff.new")}</h1>
        <DraftForm
          ctx={ctx}
          action={staffPath()}
          values={values}
          errors={errors}
          minimum={minimum}
          departments={departments}
        />
      </>,
    );
  }

  app.get("/work/consultations/new", { config: MANAGE, schema: { hide: true } }, async (request, reply) => {
    if (!isStaff(request)) return signIn(reply, request.url);
    return showNew(request, reply, {}, NO_ERRORS);
  });

  app.post(
    "/work/consultations",
    { config: MANAGE, schema: { hide: true, body: Form } },
    async (request, reply) => {
      if (!isStaff(request)) return signIn(reply, staffPath());
      const body = request.body;
      try {
        const id = await consultations.createDraft(
          db,
          request.actor,
          text(body, "department"),
          draftFrom(body),
          origin(request),
        );
        return reply.redirect(staffPath(id), 303);
      } catch (error) {
        const errors = refusal(error, request.t);
        reply.code(errors.status);
        return showNew(
          request,
          reply,
          Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])),
          errors,
        );
      }
    },
  );

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: {
      draft?: { values: DraftValues; errors: FormErrors };
      point?: { values: DraftValues; errors: FormErrors };
    } = {},
    page = 1,
  ) {
    const c = await consultations.getManaged(db, request.actor, id);
    const v = await readConsultation(db, request.actor, id, { window: pageWindow(page) });
    const draft = state.draft ?? { values: valuesOf(c, v.articles), errors: NO_ERRORS };
    const count = Object.keys(draft.values)
      .filter((k) => /^[nb]\d+$/.test(k) && draft.values[k])
      .reduce((n, k) => Math.max(n, Number(k.slice(1))), 0);
    const ctx = pageContext(request, reply, true);
    return sendPage(
      reply,
      ctx,
      c.title,
      <StaffConsultation
        ctx={ctx}
        v={v}
        draftForm={
          <DraftForm
            ctx={ctx}
            action={staffPath(id)}
            values={draft.values}
            errors={draft.errors}
            minimum={v.minimumOpenDays}
            articles={count}
          />
        }
        pointErrors={state.point?.errors ?? NO_ERRORS}
        pointValues={state.point?.values ?? {}}
        paging={{ page, href: (n) => moderationHref(id, n) }}
      />,
    );
  }

  app.get(
    "/work/consultations/:id",
    {
      config: MANAGE,
      schema: {
        hide: true,
        params: Params,
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })) }),
      },
    },
    async (request, reply) => {
      if (!isStaff(request)) return signIn(reply, request.url);
      return show(request, reply, request.params.id, {}, request.query.page ?? 1);
    },
  );

  app.post(
    "/work/consultations/:id",
    { config: MANAGE, schema: { hide: true, params: Params, body: Form } },
    async (request, reply) => {
      const { id } = request.params;
      if (!isStaff(request)) return signIn(reply, staffPath(id));
      try {
        await consultations.updateDraft(db, request.actor, id, draftFrom(request.body), origin(request));
        return reply.redirect(staffPath(id), 303);
      } catch (error) {
        const errors = refusal(error, request.t);
        reply.code(errors.status);
        const values = Object.fromEntries(Object.entries(request.body).map(([k, v]) => [k, String(v)]));
        return show(request, reply, id, { draft: { values, errors } });
      }
    },
  );

  /** A button's post: done, back to the page; refused, the page again with the reason at the top. */
  function action(
    path: string,
    run: (request: FastifyRequest<{ Params: { id: string; sub?: string } }>) => Promise<unknown>,
  ) {
    app.post(
      path,
      {
        config: MANAGE,
        schema: {
          hide: true,
          params: Type.Object({ id: Id, sub: Type.Optional(Id) }),
          body: Type.Optional(Form),
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (!isStaff(request)) return signIn(reply, staffPath(id));
        // Moderating and citing comments happen a page at a time: back to the page the form was on.
        const page = pageOf(request.body?.page);
        try {
          await run(request);
          return reply.redirect(page > 1 ? moderationHref(id, page) : staffPath(id), 303);
        } catch (error) {
          const errors = refusal(error, request.t);
          reply.code(errors.status);
          const values = Object.fromEntries(
            Object.entries(request.body ?? {}).map(([k, v]) => [k, String(v)]),
          );
          return show(request, reply, id, { point: { values, errors } }, page);
        }
      },
    );
  }

  action("/work/consultations/:id/publish", (r) =>
    consultations.publish(db, r.actor, r.params.id, origin(r)),
  );
  action("/work/consultations/:id/comments/:sub/hide", (r) => {
    const reason = text((r.body ?? {}) as Record<string, unknown>, "reason");
    const known = HIDE_REASONS.find((h) => h === reason) ?? "abuse";
    return hideComment(db, r.actor, r.params.id, r.params.sub ?? "", known, origin(r));
  });
  action("/work/consultations/:id/points", (r) => {
    const body = (r.body ?? {}) as Record<string, unknown>;
    const comments =
      body.comments === undefined ? [] : ([] as string[]).concat(body.comments as string | string[]);
    return addPoint(
      db,
      r.actor,
      r.params.id,
      {
        summary: text(body, "summary"),
        adoption: text(body, "adoption") as "adopted",
        reason: text(body, "reason"),
        comments,
      },
      origin(r),
    );
  });
  action("/work/consultations/:id/points/:sub/remove", (r) =>
    removePoint(db, r.actor, r.params.id, r.params.sub ?? "", origin(r)),
  );
  action("/work/consultations/:id/summary/publish", (r) =>
    publishSummary(db, r.actor, r.params.id, origin(r)),
  );

  await app.register(async (scope) => {
    await registerUploads(scope);
    scope.addHook("preValidation", async (request) => {
      const token = (request.query as { _csrf?: unknown })._csrf;
      if (typeof token === "string" && request.isMultipart())
        request.headers = { ...request.headers, "x-csrf-token": token };
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      "/work/consultations/:id/attachments",
      {
        config: MANAGE,
        schema: {
          hide: true,
          params: Params,
          querystring: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }),
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (!isStaff(request)) return signIn(reply, staffPath(id));
        await consultations.getManaged(db, request.actor, id);
        try {
          const upload = await readUpload(request, { maxBytes: ATTACHMENT_MAX_BYTES });
          await attach(db, config, request.actor, id, upload, origin(request));
        } catch (error) {
          const errors = refusal(error, request.t);
          reply.code(errors.status);
          return show(request, reply, id, { point: { values: {}, errors } });
        }
        return reply.redirect(staffPath(id), 303);
      },
    );
  });
};
