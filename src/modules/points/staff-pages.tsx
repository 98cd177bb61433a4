import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { can } from "../../platform/policy.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import {
  ErrorSummary,
  Field,
  type FormErrors,
  formErrors,
  NO_ERRORS,
  Submit,
} from "../applicants/form-kit.tsx";
import { listSites, type Site } from "../halls/sites.ts";
import { type AgentRecord, addAgent, getPoint, listAgents, removeAgent } from "./agents.ts";
import { type AgentWorkload, pointWorkload } from "./work.ts";

const Code = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,59}$" });
const DAYS = 30;
const staffPath = (code: string) => `/work/points/${encodeURIComponent(code)}`;
const hours = (value: number | null) => (value === null ? "—" : String(value));

function Points({ ctx, points }: { ctx: PageContext; points: Site[] }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("point.staff.title")}</h1>
      {points.length === 0 ? (
        <p>{t("point.staff.none")}</p>
      ) : (
        <ul>
          {points.map((p) => (
            <li key={p.code}>
              <a href={staffPath(p.code)}>{p.name}</a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A point as its township sees it: its agents, naming and removing them, and each one's work. */
function PointOversight({
  ctx,
  point,
  agents,
  load,
  manage,
  errors,
}: {
  ctx: PageContext;
  point: Site;
  agents: AgentRecord[];
  load: AgentWorkload[];
  manage: boolean;
  errors: FormErrors;
}) {
  const { t } = ctx;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("point.staff.title"), href: "/work/points" }, { label: point.name }]}
      />
      <h1 lang="zh-CN">{point.name}</h1>
      <h2>{t("point.staff.agents")}</h2>
      {agents.length === 0 ? (
        <p>{t("point.staff.noAgents")}</p>
      ) : (
        <ul>
          {agents.map((a) => (
            <li key={a.personId}>
              <span lang="zh-CN">{a.name}</span> {a.idNumberMasked}
              {manage && (
                <form
                  method="post"
                  action={`${staffPath(point.code)}/agents/${a.personId}/remove`}
                  class="inline"
                >
                  <CsrfField token={ctx.csrfToken} />
                  <button class="link-button" type="submit">
                    {t("point.staff.remove")}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && (
        <form method="post" action={`${staffPath(point.code)}/agents`} class="stack" novalidate>
          <ErrorSummary t={t} errors={errors} firstField="idNumber" />
          <CsrfField token={ctx.csrfToken} />
          <Field
            id="idNumber"
            label={t("point.staff.idNumber")}
            hint={t("point.staff.idNumberHint")}
            error={errors.fields.idNumber}
            autocomplete="off"
            required
          />
          <Submit>{t("point.staff.add")}</Submit>
        </form>
      )}
      <h2>{t("point.staff.workload", { days: DAYS })}</h2>
      <table class="worklist">
        <thead>
          <tr>
            <th scope="col">{t("point.staff.agent")}</th>
            <th scope="col">{t("point.staff.received")}</th>
            <th scope="col">{t("point.staff.open")}</th>
            <th scope="col">{t("point.staff.closed")}</th>
            <th scope="col">{t("point.staff.granted")}</th>
            <th scope="col">{t("point.staff.toAcceptance")}</th>
            <th scope="col">{t("point.staff.toClose")}</th>
            <th scope="col">{t("point.staff.rated")}</th>
            <th scope="col">{t("point.staff.satisfaction")}</th>
          </tr>
        </thead>
        <tbody>
          {load.map((l) => (
            <tr key={l.agentId}>
              <td lang="zh-CN">{l.name}</td>
              <td>{l.received}</td>
              <td>{l.open}</td>
              <td>{l.closed}</td>
              <td>{l.granted}</td>
              <td>{hours(l.meanHoursToAcceptance)}</td>
              <td>{hours(l.meanHoursToClose)}</td>
              <td>{l.rated}</td>
              <td>{l.satisfaction === null ? "—" : `${l.satisfaction}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The township's pages for its service points (staff over the point's region). */
export const pointsStaffPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;
  const signIn = (reply: FastifyReply, back: string) =>
    reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    errors: FormErrors = NO_ERRORS,
  ) {
    const agents = await listAgents(db, request.actor, code);
    const point = await getPoint(db, code);
    const { agents: load } = await pointWorkload(db, request.actor, code, DAYS);
    const ctx = pageContext(request, reply, true);
    const manage = can(request.actor, "site.manage", { regionCode: point.regionCode });
    return sendPage(
      reply,
      ctx,
      point.name,
      <PointOversight ctx={ctx} point={point} agents={agents} load={load} manage={manage} errors={errors} />,
      { styles: ["work.css"] },
    );
  }

  app.get(
    "/work/points",
    { config: { policy: "point.oversee" }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, "/work/points");
      const jurisdictions = [...new Set(request.actor.grants.map((g) => g.jurisdictionCode))];
      const found = await Promise.all(
        jurisdictions.map((region) => listSites(db, { region, kind: "point" })),
      );
      const points = [...new Map(found.flat().map((p) => [p.code, p])).values()];
      const ctx = pageContext(request, reply);
      return sendPage(reply, ctx, request.t("point.staff.title"), <Points ctx={ctx} points={points} />, {
        styles: ["work.css"],
      });
    },
  );

  app.get(
    "/work/points/:code",
    { config: { policy: "point.oversee" }, schema: { hide: true, params: Type.Object({ code: Code }) } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, request.url);
      return show(request, reply, request.params.code);
    },
  );

  app.post(
    "/work/points/:code/agents",
    {
      config: { policy: "site.manage" },
      schema: {
        hide: true,
        params: Type.Object({ code: Code }),
        body: Type.Object({ idNumber: Type.Optional(Type.String({ maxLength: 40 })) }),
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      try {
        await addAgent(db, config, request.actor, code, request.body.idNumber?.trim() ?? "", {
          requestId: request.id,
        });
        return reply.redirect(staffPath(code), 303);
      } catch (error) {
        if (!isAppError(error) || error.status === 404) throw error;
        const { status, ...errors } = formErrors(error, request.t);
        reply.code(status);
        return show(request, reply, code, { fields: { idNumber: errors.form ?? "" } });
      }
    },
  );

  app.post(
    "/work/points/:code/agents/:personId/remove",
    {
      config: { policy: "site.manage" },
      schema: { hide: true, params: Type.Object({ code: Code, personId: Type.String({ format: "uuid" }) }) },
    },
    async (request, reply) => {
      await removeAgent(db, request.actor, request.params.code, request.params.personId, {
        requestId: request.id,
      });
      return reply.redirect(staffPath(request.params.code), 303);
    },
  );
};
