import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { RegionCode } from "../regions/schemas.ts";
import { type DepartmentRanking, departmentRanking, type RankedDepartment } from "./ranking.ts";

export const RANKING = "/ranking";
const regionHref = (code: string) => `${RANKING}?region=${code}`;
const percent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);
const mean = (value: number | null) => (value === null ? "—" : value.toFixed(2));

function Table({ ctx, caption, rows }: { ctx: PageContext; caption: string; rows: RankedDepartment[] }) {
  const { t } = ctx;
  return (
    <div class="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("supervision.ranking.rank")}</th>
            <th scope="col">{t("supervision.ranking.department")}</th>
            <th scope="col">{t("supervision.ranking.closed")}</th>
            <th scope="col">{t("supervision.ranking.onTime")}</th>
            <th scope="col">{t("supervision.ranking.ratings")}</th>
            <th scope="col">{t("supervision.ranking.satisfaction")}</th>
            <th scope="col">{t("supervision.ranking.meanLevel")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.departmentId}>
              <td>{r.rank ?? "—"}</td>
              <th scope="row">{ctx.locale === "en" ? r.nameEn || r.name : r.name}</th>
              <td>{r.casesClosed}</td>
              <td>{percent(r.onTimeRate)}</td>
              <td>{r.ratings}</td>
              <td>{percent(r.satisfaction)}</td>
              <td>{mean(r.meanLevel)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RankingView({ ctx, r }: { ctx: PageContext; r: DepartmentRanking }) {
  const { t } = ctx;
  const min = r.minimumCases;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: t("supervision.ranking.title"), href: RANKING },
          ...r.trail.map((a) => ({ label: a.name, href: regionHref(a.code) })),
          ...(r.region ? [{ label: r.region.name }] : []),
        ]}
      />
      <h1>
        {r.region ? `${r.region.name} · ${t("supervision.ranking.title")}` : t("supervision.ranking.title")}
      </h1>
      <p class="lead">{t("supervision.ranking.lead")}</p>
      {r.asOf === null || r.window === null ? (
        <p role="status">{t("supervision.ranking.none")}</p>
      ) : (
        <>
          <p>{t("supervision.ranking.asOf", { day: r.asOf, from: r.window.from, to: r.window.to })}</p>
          <p class="hint">{t("supervision.ranking.order", { min })}</p>
          <p class="hint">{t("supervision.ranking.definitions")}</p>
          {r.children.length > 0 && (
            <nav aria-labelledby="ranking-regions">
              <h2 id="ranking-regions">
                {t(r.region ? "supervision.ranking.below" : "supervision.ranking.regions")}
              </h2>
              <ul class="list">
                {r.children.map((c) => (
                  <li key={c.code}>
                    <a href={regionHref(c.code)}>{c.name}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {r.region && r.ranked.length + r.belowMinimum.length === 0 && (
            <p>{t("supervision.ranking.noRows")}</p>
          )}
          {r.ranked.length > 0 && (
            <Table ctx={ctx} caption={t("supervision.ranking.ranked")} rows={r.ranked} />
          )}
          {r.belowMinimum.length > 0 && (
            <Table ctx={ctx} caption={t("supervision.ranking.apart", { min })} rows={r.belowMinimum} />
          )}
        </>
      )}
    </>
  );
}

/** The public ranking of departments (部门效能排名), refreshed daily. */
export const rankingPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  app.get(
    RANKING,
    {
      config: { policy: "ranking.read" },
      schema: { hide: true, querystring: Type.Object({ region: Type.Optional(RegionCode) }) },
    },
    async (request, reply) => {
      const r = await departmentRanking(db, request.actor, request.query.region);
      const ctx = pageContext(request, reply);
      return sendPage(
        reply,
        ctx,
        r.region
          ? `${r.region.name} · ${ctx.t("supervision.ranking.title")}`
          : ctx.t("supervision.ranking.title"),
        <RankingView ctx={ctx} r={r} />,
      );
    },
  );
};
