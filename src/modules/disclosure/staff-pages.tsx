import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { can } from "../../platform/policy.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ProblemSummary } from "../../web/problems.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type Department, getDepartment } from "../departments/service.ts";
import { disclosureAnswerPages } from "./answer-pages.tsx";
import { disclosureEditPages, editPath } from "./edit-pages.tsx";
import { Input, type Problems, problemsOf, type Values } from "./form-parts.tsx";
import { publicationPath } from "./present.ts";
import { type Publication, type PublicationInput, publish } from "./publications.ts";
import { searchPublications } from "./reading.ts";
import { CATEGORIES, type Category } from "./tables.ts";
import { categoryName } from "./views.tsx";

function PublishForm({
  ctx,
  departments,
  values,
  problems,
  recent,
}: {
  ctx: PageContext;
  departments: Department[];
  values: Values;
  problems: Problems;
  recent: Publication[];
}) {
  const { t } = ctx;
  if (departments.length === 0) return <p>{t("disclosure.staff.none")}</p>;
  return (
    <>
      <h1>{t("disclosure.staff.title")}</h1>
      <p>
        <a href="/work/disclosure/requests">{t("disclosure.requests.title")}</a>
      </p>
      <ProblemSummary title={t("disclosure.problems")} problems={problems} />
      <form method="post" action="/work/disclosure" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <label for="departmentId">{t("disclosure.staff.department")}</label>
        <select id="departmentId" name="departmentId">
          {departments.map((d) => (
            <option key={d.id} value={d.id} selected={values.departmentId === d.id}>
              {ctx.locale === "en" ? d.nameEn : d.name}
            </option>
          ))}
        </select>
        <label for="category">{t("disclosure.staff.category")}</label>
        <select id="category" name="category">
          {CATEGORIES.map((c) => (
            <option key={c} value={c} selected={values.category === c}>
              {categoryName(ctx, c)}
            </option>
          ))}
        </select>
        <Input id="title" label={t("disclosure.staff.titleField")} values={values} problems={problems} />
        <Input id="body" label={t("disclosure.staff.body")} values={values} problems={problems} long />
        {(["documentNumber", "writtenOn", "effectiveFrom", "expiresOn", "interpretsId"] as const).map((f) => (
          <Input key={f} id={f} label={t(`disclosure.staff.${f}`)} values={values} problems={problems} />
        ))}
        <button class="button" type="submit">
          {t("disclosure.staff.submit")}
        </button>
      </form>
      {recent.length > 0 && (
        <>
          <h2>{t("disclosure.staff.recent")}</h2>
          <ul>
            {recent.map((p) => (
              <li key={p.id}>
                <a href={publicationPath(p.id)}>{p.title}</a> ({p.index_number}) ·{" "}
                <a href={editPath(p.id)}>{t("disclosure.staff.edit")}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

const signIn = (reply: FastifyReply, back: string) =>
  reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);

/** The staff's pages: publishing, and answering a disclosure request (linked from the case's page). */
export const disclosureStaffPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  await app.register(disclosureAnswerPages);
  await app.register(disclosureEditPages);

  async function myDepartments(request: FastifyRequest): Promise<Department[]> {
    const actor = request.actor;
    if (actor.kind !== "staff") return [];
    const ids = [...new Set(actor.grants.map((g) => g.departmentId))];
    const all = await Promise.all(ids.map((id) => getDepartment(db, id)));
    return all.filter((d) =>
      can(actor, "disclosure.publish", { departmentId: d.id, regionCode: d.regionCode }),
    );
  }

  async function showPublish(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    problems: Problems,
  ) {
    const ctx = pageContext(request, reply, true);
    const departments = await myDepartments(request);
    const pages = await Promise.all(
      departments.map((d) => searchPublications(db, { departmentId: d.id, limit: 10, offset: 0 })),
    );
    const recent = pages.flatMap((page) => page.hits.map((h) => h.publication));
    return sendPage(
      reply,
      ctx,
      request.t("disclosure.staff.title"),
      <PublishForm ctx={ctx} departments={departments} values={values} problems={problems} recent={recent} />,
    );
  }

  app.get(
    "/work/disclosure",
    { config: { policy: "disclosure.publish" }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, "/work/disclosure");
      return showPublish(request, reply, {}, []);
    },
  );

  app.post(
    "/work/disclosure",
    {
      config: { policy: "disclosure.publish" },
      schema: {
        hide: true,
        body: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 100_000 })),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, "/work/disclosure");
      const v = request.body as Values;
      const input: PublicationInput = {
        departmentId: v.departmentId ?? "",
        category: ((CATEGORIES as readonly string[]).includes(v.category ?? "")
          ? v.category
          : undefined) as Category,
        title: v.title ?? "",
        body: v.body ?? "",
        documentNumber: v.documentNumber,
        writtenOn: v.writtenOn,
        effectiveFrom: v.effectiveFrom,
        expiresOn: v.expiresOn,
        interpretsId: v.interpretsId,
      };
      try {
        const p = await publish(db, request.actor, input, { requestId: request.id });
        return reply.redirect(publicationPath(p.id), 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
        reply.code(error.status);
        return showPublish(request, reply, v, problemsOf(error, request.t, "title"));
      }
    },
  );
};
