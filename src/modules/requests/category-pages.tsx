import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { authorize } from "../../platform/policy.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { formErrors, type Values } from "../applicants/form-kit.tsx";
import { allCategories, type CategoryPatch, createCategory, updateCategory } from "./categories.ts";
import { CATEGORIES, CategoriesPage } from "./category-views.tsx";
import type { RequestKind } from "./tables.ts";

const text = Type.Optional(Type.String({ maxLength: 2000 }));
const Body = Type.Object({
  code: text,
  kind: text,
  name: text,
  nameEn: text,
  dueWorkingDays: text,
  anonymousAllowed: text,
  active: text,
  _csrf: text,
});
const STYLES = { styles: ["admin.css", "work.css"] };

/** The form's fields as the service takes them; a deadline that is no whole number is refused there. */
const patchOf = (b: Values): CategoryPatch => ({
  kind: (b.kind ?? "") as RequestKind,
  name: b.name ?? "",
  nameEn: b.nameEn ?? "",
  dueWorkingDays: /^\d{1,3}$/.test(b.dueWorkingDays?.trim() ?? "") ? Number(b.dueWorkingDays) : 0,
  anonymousAllowed: b.anonymousAllowed === "true",
  active: b.active === "true",
});

/** The administrators' page of categories: create, rename, set the deadline, retire and bring back. */
export const categoryPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: Parameters<typeof CategoriesPage>[0]["refused"],
  ) {
    if (request.actor.kind !== "staff")
      return reply.redirect(`/signin?next=${encodeURIComponent(CATEGORIES)}`, 303);
    // The list is public (the API's), but the page is a set of forms only administrators can send.
    authorize(request.actor, "request.category.manage");
    const ctx = pageContext(request, reply, true);
    return sendPage(
      reply,
      ctx,
      request.t("requests.categories.title"),
      <CategoriesPage ctx={ctx} categories={await allCategories(db)} refused={refused} />,
      STYLES,
    );
  }

  /** A refusal shown on the form it came from; anything but a refused input goes to the error page. */
  async function refuse(request: FastifyRequest, reply: FastifyReply, form: string, error: unknown) {
    if (!isAppError(error) || error.status === 401 || error.status === 403 || error.status >= 500)
      throw error;
    const { status, ...errors } = formErrors(error, request.t, `${form}-`);
    if (error.code === "request_category_exists") {
      errors.fields[`${form}-code`] = errors.form ?? "";
      delete errors.form;
    }
    return show(request, reply.code(status), { form, values: request.body as Values, errors });
  }

  app.get(
    CATEGORIES,
    { config: { policy: "request.category.manage" }, schema: { hide: true } },
    (request, reply) => show(request, reply),
  );

  app.post(
    CATEGORIES,
    { config: { policy: "request.category.manage" }, schema: { hide: true, body: Body } },
    async (request, reply) => {
      const input = { ...patchOf(request.body), code: request.body.code?.trim() ?? "" };
      try {
        await createCategory(db, request.actor, input as Parameters<typeof createCategory>[2], {
          requestId: request.id,
        });
      } catch (error) {
        return refuse(request, reply, "new", error);
      }
      return reply.redirect(CATEGORIES, 303);
    },
  );

  app.post(
    `${CATEGORIES}/:code`,
    {
      config: { policy: "request.category.manage" },
      schema: { hide: true, params: Type.Object({ code: Type.String({ maxLength: 40 }) }), body: Body },
    },
    async (request, reply) => {
      const { code } = request.params;
      try {
        await updateCategory(db, request.actor, code, patchOf(request.body), { requestId: request.id });
      } catch (error) {
        if (isAppError(error) && error.status === 404) throw error;
        return refuse(request, reply, code, error);
      }
      return reply.redirect(CATEGORIES, 303);
    },
  );
};
