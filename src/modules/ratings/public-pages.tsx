import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type Dimension, type Group, type PublicFigures, publicFigures, publicGroups } from "./figures.ts";
import { levelName, tagName, when } from "./rate-views.tsx";

const DIMENSIONS: Dimension[] = ["department", "item", "site"];
const By = Type.Union([Type.Literal("department"), Type.Literal("item"), Type.Literal("site")]);
const percent = (value: number | null) => (value === null ? "—" : `${value}%`);
const nameIn = (ctx: PageContext, name: { zh: string; en: string }) =>
  ctx.locale === "en" ? name.en : name.zh;
const pathOf = (by: Dimension, key: string) => `/ratings/${by}/${encodeURIComponent(key)}`;

function Groups({ ctx, by, groups }: { ctx: PageContext; by: Dimension; groups: Group[] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby={`by-${by}`}>
      <h2 id={`by-${by}`}>{t(`rating.public.by.${by}` as MessageKey)}</h2>
      {groups.length === 0 ? (
        <p>{t("rating.public.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("rating.public.name")}</th>
              <th scope="col">{t("rating.public.total")}</th>
              <th scope="col">{t("rating.public.satisfaction")}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.key}>
                <td>
                  <a href={pathOf(by, g.key)}>{nameIn(ctx, g.name)}</a>
                  {g.siteKind && (
                    <span class="meta">
                      {" "}
                      · {t(`rating.public.${g.siteKind === "point" ? "point" : "hall"}`)}
                    </span>
                  )}
                </td>
                <td>{g.total}</td>
                <td>{percent(g.satisfaction)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function FiguresView({ ctx, f }: { ctx: PageContext; f: PublicFigures }) {
  const { t } = ctx;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("rating.public.title"), href: "/ratings" }, { label: nameIn(ctx, f.name) }]}
      />
      <h1>{nameIn(ctx, f.name)}</h1>
      {f.siteKind && <p class="meta">{t(`rating.public.${f.siteKind === "point" ? "point" : "hall"}`)}</p>}
      <dl class="facts">
        <dt>{t("rating.public.total")}</dt>
        <dd>{f.total}</dd>
        <dt>{t("rating.public.satisfaction")}</dt>
        <dd>{percent(f.satisfaction)}</dd>
        <dt>{t("rating.public.bad")}</dt>
        <dd>{f.bad}</dd>
        <dt>{t("rating.public.rectified")}</dt>
        <dd>{f.rectified}</dd>
        <dt>{t("rating.public.rectificationRate")}</dt>
        <dd>{percent(f.rectificationRate)}</dd>
        <dt>{t("rating.public.onTimeRate")}</dt>
        <dd>{percent(f.onTimeRate)}</dd>
      </dl>
      <p class="hint">{t("rating.public.definitions")}</p>
      <h2>{t("rating.public.levels")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("rating.work.level")}</th>
            <th scope="col">{t("rating.public.count")}</th>
          </tr>
        </thead>
        <tbody>
          {f.levels.map((l) => (
            <tr key={l.level}>
              <th scope="row">{levelName(t, l.level)}</th>
              <td>{l.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("rating.public.comments")}</h2>
      {f.comments.length === 0 ? (
        <p>{t("rating.public.noComments")}</p>
      ) : (
        <ul class="list comments">
          {f.comments.map((c) => (
            <li key={c.at.toISOString()}>
              <p class="meta">
                {levelName(t, c.level)} · {when(ctx, c.at)}
                {c.byAgent ? ` · ${t("rating.byAgent")}` : ""}
                {c.tags.length > 0 ? ` · ${c.tags.map((tag) => tagName(t, tag)).join("、")}` : ""}
              </p>
              {c.text && <p>{c.text}</p>}
              {c.additions.map((a) => (
                <p key={a.at.toISOString()}>
                  <span class="meta">
                    {t("rating.mine.additions")} · {when(ctx, a.at)}
                  </span>{" "}
                  {a.text}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The public figures (好差评公示): per department, item, hall and service point. */
export const ratingsPublicPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/ratings",
    { config: { policy: "rating.read" }, schema: { hide: true } },
    async (request, reply) => {
      const all = await Promise.all(DIMENSIONS.map((by) => publicGroups(db, by)));
      const ctx = pageContext(request, reply);
      return sendPage(
        reply,
        ctx,
        request.t("rating.public.title"),
        <>
          <h1>{request.t("rating.public.title")}</h1>
          <p class="lead">{request.t("rating.public.intro")}</p>
          <p class="hint">{request.t("rating.public.definitions")}</p>
          <p>
            <a href="/ranking">{request.t("supervision.ranking.link")}</a>
          </p>
          {DIMENSIONS.map((by, i) => (
            <Groups key={by} ctx={ctx} by={by} groups={all[i] ?? []} />
          ))}
        </>,
      );
    },
  );

  app.get(
    "/ratings/:by/:key",
    {
      config: { policy: "rating.read" },
      schema: { hide: true, params: Type.Object({ by: By, key: Type.String({ maxLength: 60 }) }) },
    },
    async (request, reply) => {
      const f = await publicFigures(db, request.params.by, request.params.key);
      const ctx = pageContext(request, reply);
      return sendPage(reply, ctx, nameIn(ctx, f.name), <FiguresView ctx={ctx} f={f} />);
    },
  );
};
