import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { pageContext, sendPage } from "../../web/render.tsx";
import { formErrors, NO_ERRORS } from "../applicants/form-kit.tsx";
import { MAX_PAGE, pageOf, pageWindow, postComment, withdrawComment } from "./comments.ts";
import { type CommentFormState, ConsultationPage } from "./consultation-page.tsx";
import { listPublic } from "./consultations.ts";
import { consultationsStaffPages } from "./staff-pages.tsx";
import { listItem, readConsultation } from "./view.ts";
import { ConsultationListPage, consultationPath } from "./views.tsx";

const Id = Type.String({ format: "uuid" });
const Params = Type.Object({ id: Id });
const signIn = (reply: FastifyReply, back: string) =>
  reply.redirect(`/account/signin?next=${encodeURIComponent(back)}`, 303);
const Page = Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE }));
/** A page of the comments' address: the first page is the consultation's own. */
const commentsHref = (id: string, page: number, done?: string) => {
  const query = new URLSearchParams();
  if (page > 1) query.set("page", String(page));
  if (done) query.set("done", done);
  const search = query.toString();
  return `${consultationPath(id)}${search ? `?${search}` : ""}#comments`;
};

/**
 * The public's pages: the list of consultations and each one's page, where people signed in comment
 * and withdraw their comments. Every form works without JavaScript.
 */
export const consultationsPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  await app.register(consultationsStaffPages);

  app.get(
    "/consultations",
    {
      config: { policy: "consultation.read" },
      schema: {
        hide: true,
        querystring: Type.Object({
          region: Type.Optional(Type.Union([Type.Literal(""), Type.String({ pattern: "^\\d{2,12}$" })])),
          department: Type.Optional(Type.Union([Type.Literal(""), Id])),
        }),
      },
    },
    async (request, reply) => {
      const now = new Date();
      const region = request.query.region || undefined;
      const department = request.query.department || undefined;
      // The choices come from every published consultation, the list from the filtered query.
      const all = await listPublic(db, { limit: 100, offset: 0 }, now);
      const shown =
        region || department
          ? await listPublic(db, { regionCode: region, departmentId: department, limit: 100, offset: 0 }, now)
          : all;
      const regions = [
        ...new Map(all.map((c) => [c.regionCode, { code: c.regionCode, name: c.regionName }])).values(),
      ];
      const departments = [
        ...new Map(
          all.map((c) => [
            c.departmentId,
            { id: c.departmentId, name: request.locale === "en" ? c.departmentNameEn : c.departmentName },
          ]),
        ).values(),
      ];
      const ctx = pageContext(request, reply);
      return sendPage(
        reply,
        ctx,
        request.t("consultation.list.title"),
        <ConsultationListPage
          ctx={ctx}
          items={shown.map((c) => ({ ...c, ...listItem(c, now), opensAt: c.opensAt, closesAt: c.closesAt }))}
          regions={regions}
          departments={departments}
          chosen={{ region, department }}
        />,
      );
    },
  );

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: CommentFormState,
    page: number,
    flash?: "posted" | "withdrawn",
  ) {
    const v = await readConsultation(db, request.actor, id, { window: pageWindow(page) });
    const ctx = pageContext(request, reply, request.actor.kind === "person");
    const paging = { page, href: (n: number) => commentsHref(id, n) };
    return sendPage(
      reply,
      ctx,
      v.consultation.title,
      <ConsultationPage ctx={ctx} v={v} form={form} flash={flash} paging={paging} />,
    );
  }

  app.get(
    "/consultations/:id",
    {
      config: { policy: "consultation.read" },
      schema: {
        hide: true,
        params: Params,
        querystring: Type.Object({
          done: Type.Optional(Type.Enum(["posted", "withdrawn"])),
          page: Page,
        }),
      },
    },
    async (request, reply) =>
      show(
        request,
        reply,
        request.params.id,
        { article: "", text: "", errors: NO_ERRORS },
        request.query.page ?? 1,
        request.query.done,
      ),
  );

  app.post(
    "/consultations/:id/comments",
    {
      config: { policy: "consultation.comment" },
      schema: {
        hide: true,
        params: Params,
        body: Type.Object({
          article: Type.Optional(Type.String({ maxLength: 10 })),
          text: Type.Optional(Type.String({ maxLength: 20_000 })),
          page: Type.Optional(Type.String({ maxLength: 10 })),
          _csrf: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (request.actor.kind !== "person") return signIn(reply, consultationPath(id));
      const article = request.body.article ?? "";
      const text = request.body.text ?? "";
      try {
        await postComment(db, request.actor, id, {
          article: /^\d+$/.test(article) ? Number(article) : null,
          text,
        });
      } catch (error) {
        const errors = formErrors(error, request.t);
        reply.code(errors.status);
        return show(request, reply, id, { article, text, errors }, pageOf(request.body.page));
      }
      // The newest comments come first: the one just posted is on the first page.
      return reply.redirect(commentsHref(id, 1, "posted"), 303);
    },
  );

  app.post(
    "/consultations/:id/comments/:commentId/withdraw",
    {
      config: { policy: "consultation.withdraw" },
      schema: {
        hide: true,
        params: Type.Object({ id: Id, commentId: Id }),
        body: Type.Optional(
          Type.Object({
            page: Type.Optional(Type.String({ maxLength: 10 })),
            _csrf: Type.Optional(Type.String()),
          }),
        ),
      },
    },
    async (request, reply) => {
      const { id, commentId } = request.params;
      if (request.actor.kind !== "person") return signIn(reply, consultationPath(id));
      await withdrawComment(db, request.actor, id, commentId);
      return reply.redirect(commentsHref(id, pageOf(request.body?.page), "withdrawn"), 303);
    },
  );
};
