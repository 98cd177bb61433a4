import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { can } from "../../platform/policy.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type Department, getDepartment } from "../departments/service.ts";
import * as service from "./service.ts";

const HOME = "/work/data-sharing";

/** A refused decision, shown beside the agreement it was about. */
interface Refusal {
  agreementId: string;
  message: string;
}

function AgreementRow({
  ctx,
  agreement,
  names,
  refusal,
}: {
  ctx: PageContext;
  agreement: service.Agreement;
  names: ReadonlyMap<string, Department>;
  refusal: Refusal | undefined;
}) {
  const { t, locale } = ctx;
  const name = (id: string) => {
    const d = names.get(id);
    return (locale === "en" ? d?.nameEn : d?.name) || id;
  };
  const decides = can(ctx.actor, "agreement.decide", { departmentId: agreement.stewardDepartmentId });
  const decisions =
    agreement.status === "requested"
      ? (["approve", "refuse"] as const)
      : agreement.status === "approved"
        ? (["revoke"] as const)
        : [];
  const base = `a-${agreement.id}`;
  return (
    <tr>
      <th scope="row">
        <code>{agreement.registryCode}</code>
      </th>
      <td>{name(agreement.consumerDepartmentId)}</td>
      <td>{agreement.fields.join("、")}</td>
      <td>
        {agreement.purpose}
        <div class="meta">{agreement.legalBasis}</div>
      </td>
      <td>
        {t(`exchange.status.${agreement.status}`)}
        {agreement.decisionNote && <div class="meta">{agreement.decisionNote}</div>}
      </td>
      <td>
        {decides && decisions.length > 0 ? (
          <form method="post" action={`${HOME}/agreements/${agreement.id}/decision`} class="stack">
            <CsrfField token={ctx.csrfToken} />
            {refusal && (
              <p class="error-message" id={`${base}-error`} role="alert">
                {refusal.message}
              </p>
            )}
            <label for={`${base}-note`}>{t("exchange.page.note")}</label>
            <input
              type="text"
              id={`${base}-note`}
              name="note"
              maxLength={500}
              {...(refusal ? { "aria-describedby": `${base}-error`, "aria-invalid": "true" } : {})}
            />
            {decisions.map((d) => (
              <button type="submit" name="decision" value={d} key={d}>
                {t(`exchange.decision.${d}`)}
              </button>
            ))}
          </form>
        ) : (
          "—"
        )}
      </td>
    </tr>
  );
}

/**
 * Data sharing for staff: the registries there are, and the agreements their departments consume or
 * steward — where the steward's administrators and approvers approve, refuse and revoke them.
 */
export const exchangePages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  async function render(request: FastifyRequest, reply: FastifyReply, refusal?: Refusal) {
    const [registries, agreements] = await Promise.all([
      service.listRegistries(db, request.actor),
      service.listAgreements(db, request.actor),
    ]);
    const ids = new Set([
      ...registries.map((r) => r.departmentId),
      ...agreements.flatMap((a) => [a.consumerDepartmentId, a.stewardDepartmentId]),
    ]);
    const names = new Map<string, Department>();
    for (const id of ids) names.set(id, await getDepartment(db, id));
    const ctx = pageContext(request, reply);
    const { t, locale } = ctx;
    if (refusal) reply.code(400);
    return sendPage(
      reply,
      ctx,
      t("exchange.page.title"),
      <>
        <h1>{t("exchange.page.title")}</h1>
        <p class="lead">{t("exchange.page.lead")}</p>
        <h2>{t("exchange.page.agreements")}</h2>
        {agreements.length === 0 ? (
          <p>{t("exchange.page.noAgreements")}</p>
        ) : (
          <table>
            <caption>{t("exchange.page.agreementsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("exchange.col.registry")}</th>
                <th scope="col">{t("exchange.col.consumer")}</th>
                <th scope="col">{t("exchange.col.fields")}</th>
                <th scope="col">{t("exchange.col.purpose")}</th>
                <th scope="col">{t("exchange.col.status")}</th>
                <th scope="col">{t("exchange.col.decide")}</th>
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <AgreementRow
                  key={a.id}
                  ctx={ctx}
                  agreement={a}
                  names={names}
                  refusal={refusal?.agreementId === a.id ? refusal : undefined}
                />
              ))}
            </tbody>
          </table>
        )}
        <h2>{t("exchange.page.registries")}</h2>
        <table>
          <caption>{t("exchange.page.registriesCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("exchange.col.registry")}</th>
              <th scope="col">{t("exchange.col.steward")}</th>
              <th scope="col">{t("exchange.col.fields")}</th>
            </tr>
          </thead>
          <tbody>
            {registries.map((r) => (
              <tr key={r.code}>
                <th scope="row">
                  {locale === "en" ? r.name.en || r.name.zh : r.name.zh} <code>{r.code}</code>
                </th>
                <td>
                  {(locale === "en" ? names.get(r.departmentId)?.nameEn : names.get(r.departmentId)?.name) ??
                    ""}
                </td>
                <td>
                  {r.fields.map((f) => (locale === "en" ? f.label.en || f.label.zh : f.label.zh)).join("、")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  }

  app.get(HOME, { config: { policy: "agreement.list" }, schema: { hide: true } }, async (request, reply) => {
    if (request.actor.kind !== "staff")
      return reply.redirect(`/signin?next=${encodeURIComponent(HOME)}`, 303);
    return render(request, reply);
  });

  app.post(
    `${HOME}/agreements/:id/decision`,
    {
      config: { policy: "agreement.decide" },
      schema: {
        hide: true,
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        body: Type.Object({
          decision: Type.Union(["approve", "refuse", "revoke"].map((d) => Type.Literal(d))),
          note: Type.Optional(Type.String({ maxLength: 500 })),
          _csrf: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff")
        return reply.redirect(`/signin?next=${encodeURIComponent(HOME)}`, 303);
      try {
        await service.decideAgreement(
          db,
          request.actor,
          request.params.id,
          request.body.decision as "approve" | "refuse" | "revoke",
          request.body.note,
          { requestId: request.id },
        );
      } catch (error) {
        if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
        const field = error.extra.fields?.[0];
        const message = field
          ? request.t("exchange.page.noteNeeded")
          : request.t(`error.${error.code}` as "error.exchange_agreement_decided", error.extra.params ?? {});
        return render(request, reply, { agreementId: request.params.id, message });
      }
      return reply.redirect(HOME, 303);
    },
  );
};
