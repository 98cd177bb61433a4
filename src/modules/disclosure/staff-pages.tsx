import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type AppError, isAppError } from "../../platform/errors.ts";
import type { MessageKey, Translate } from "../../platform/i18n/index.ts";
import { can } from "../../platform/policy.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ProblemSummary } from "../../web/problems.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type Department, getDepartment } from "../departments/service.ts";
import { answerRequest, disclosureRequest, type RequestView } from "./answers.ts";
import { publicationPath } from "./present.ts";
import { type PublicationInput, publish } from "./publications.ts";
import { ANSWERS, CATEGORIES, type Category } from "./tables.ts";
import { categoryName } from "./views.tsx";

type Values = Record<string, string>;
type Problems = { id: string; text: string }[];

/** A refusal in the reader's words: each field's problem linked to its input, or one for the form. */
function problemsOf(error: AppError, t: Translate, first: string): Problems {
  const fields = error.extra.fields ?? [];
  if (fields.length === 0)
    return [{ id: first, text: t(`error.${error.code}` as MessageKey, error.extra.params) }];
  return fields.map((f) => {
    const id = f.field.split("/")[1] || first;
    return f.message === "is required"
      ? { id, text: t("disclosure.problem.required", { field: id }) }
      : { id, text: t("disclosure.problem.invalid", { field: id, message: f.message }) };
  });
}

function Input({
  id,
  label,
  values,
  problems,
  long,
}: {
  id: string;
  label: string;
  values: Values;
  problems: Problems;
  long?: boolean;
}) {
  const problem = problems.find((p) => p.id === id);
  const props = {
    id,
    name: id,
    "aria-invalid": problem ? ("true" as const) : undefined,
    "aria-describedby": problem ? `${id}-error` : undefined,
  };
  return (
    <div class={problem ? "field-error" : undefined}>
      <label for={id}>{label}</label>
      {problem && (
        <span class="error-message" id={`${id}-error`}>
          {problem.text}
        </span>
      )}
      {long ? (
        <textarea {...props} rows={12}>
          {values[id] ?? ""}
        </textarea>
      ) : (
        <input {...props} value={values[id] ?? ""} />
      )}
    </div>
  );
}

function PublishForm({
  ctx,
  departments,
  values,
  problems,
  published,
}: {
  ctx: PageContext;
  departments: Department[];
  values: Values;
  problems: Problems;
  published?: string | undefined;
}) {
  const { t } = ctx;
  if (departments.length === 0) return <p>{t("disclosure.staff.none")}</p>;
  return (
    <>
      <h1>{t("disclosure.staff.title")}</h1>
      {published && (
        <p class="notice" role="status">
          {published}
        </p>
      )}
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
    </>
  );
}

function AnswerForm({
  ctx,
  r,
  values,
  problems,
}: {
  ctx: PageContext;
  r: RequestView;
  values: Values;
  problems: Problems;
}) {
  const { t } = ctx;
  const due = r.caseView.clock.statutoryDueAt;
  return (
    <>
      <h1>{t("disclosure.answer.title", { number: r.caseView.number })}</h1>
      <p>
        <a href={`/work/cases/${r.caseView.number}`}>{r.caseView.number}</a>
      </p>
      {due && (
        <p>
          {t("disclosure.answer.due", {
            date: new Date(due.getTime() + 8 * 3600_000).toISOString().slice(0, 10),
          })}
        </p>
      )}
      {r.answer ? (
        <p class="notice" role="status">
          {t("disclosure.answer.done", { answer: t(`disclosure.answer.${r.answer.answer}`) })}{" "}
          {r.answer.reason} {r.answer.legal_basis}
        </p>
      ) : !r.mayAnswer ? (
        <p>{t("disclosure.answer.waiting")}</p>
      ) : (
        <>
          <ProblemSummary title={t("disclosure.problems")} problems={problems} />
          <form method="post" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <fieldset id="answer">
              <legend>{t("disclosure.answer.type")}</legend>
              {ANSWERS.map((a) => (
                <div key={a}>
                  <input
                    type="radio"
                    id={`answer-${a}`}
                    name="answer"
                    value={a}
                    checked={(values.answer ?? "disclosed") === a}
                  />
                  <label for={`answer-${a}`}>{t(`disclosure.answer.${a}`)}</label>
                </div>
              ))}
            </fieldset>
            <Input
              id="reason"
              label={t("disclosure.answer.reason")}
              values={values}
              problems={problems}
              long
            />
            <Input
              id="legalBasis"
              label={t("disclosure.answer.legalBasis")}
              values={values}
              problems={problems}
            />
            <button class="button" type="submit">
              {t("disclosure.answer.submit")}
            </button>
          </form>
        </>
      )}
    </>
  );
}

const signIn = (reply: FastifyReply, back: string) =>
  reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);

/** The staff's pages: publishing, and answering a disclosure request (linked from the case's page). */
export const disclosureStaffPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, jobs } = app.platform;
  const db = database.db;

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
    published?: string,
  ) {
    const ctx = pageContext(request, reply, true);
    const departments = await myDepartments(request);
    return sendPage(
      reply,
      ctx,
      request.t("disclosure.staff.title"),
      <PublishForm
        ctx={ctx}
        departments={departments}
        values={values}
        problems={problems}
        published={published}
      />,
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

  const Params = Type.Object({ caseId: Type.String({ maxLength: 40 }) });
  async function showAnswer(
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    values: Values,
    problems: Problems,
  ) {
    const r = await disclosureRequest(db, request.actor, caseId);
    const ctx = pageContext(request, reply, true);
    return sendPage(
      reply,
      ctx,
      request.t("disclosure.answer.title", { number: r.caseView.number }),
      <AnswerForm ctx={ctx} r={r} values={values} problems={problems} />,
    );
  }

  app.get(
    "/work/disclosure/requests/:caseId",
    { config: { policy: "case.read" }, schema: { hide: true, params: Params } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, request.url);
      return showAnswer(request, reply, request.params.caseId, {}, []);
    },
  );

  app.post(
    "/work/disclosure/requests/:caseId",
    {
      config: { policy: "disclosure.answer" },
      schema: {
        hide: true,
        params: Params,
        body: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 4000 })),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, request.url);
      const v = request.body as Values;
      const answer = (ANSWERS as readonly string[]).includes(v.answer ?? "")
        ? (v.answer as (typeof ANSWERS)[number])
        : "disclosed";
      try {
        await answerRequest(
          db,
          { jobs, config, requestId: request.id },
          request.actor,
          request.params.caseId,
          {
            answer,
            reason: v.reason,
            legalBasis: v.legalBasis,
          },
        );
        return reply.redirect(request.url, 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
        reply.code(error.status);
        return showAnswer(request, reply, request.params.caseId, v, problemsOf(error, request.t, "reason"));
      }
    },
  );
};
