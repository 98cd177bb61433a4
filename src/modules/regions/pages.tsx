import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type Department, listDepartments } from "../departments/service.ts";
import { CodeParams } from "./schemas.ts";
import * as service from "./service.ts";

function RegionItem({ ctx, region }: { ctx: PageContext; region: service.Region }) {
  return (
    <li>
      <span>
        <a href={`/regions/${region.code}`}>{region.name}</a> <span class="meta">{region.code}</span>
      </span>
      <span class="meta">
        {region.urbanRural ? (
          <span class={`tag ${region.urbanRural}`}>
            {ctx.t(`urbanRural.${region.urbanRural}` as MessageKey)}
          </span>
        ) : (
          ctx.t(`level.${region.level}` as MessageKey)
        )}
        {region.childCount ? ` · ${region.childCount}` : ""}
      </span>
    </li>
  );
}

function SearchForm({ ctx, q, within }: { ctx: PageContext; q: string; within?: string }) {
  return (
    <form class="inline" method="get" action="/regions">
      <div>
        <label for="region-q">{ctx.t("regions.search")}</label>
        <input type="search" id="region-q" name="q" value={q} maxLength={50} />
      </div>
      {within && <input type="hidden" name="within" value={within} />}
      <button class="button" type="submit">
        {ctx.t("regions.searchButton")}
      </button>
    </form>
  );
}

function Departments({ ctx, departments }: { ctx: PageContext; departments: Department[] }) {
  if (departments.length === 0) return null;
  return (
    <>
      <h2>{ctx.t("regions.departments")}</h2>
      <ul class="list">
        {departments.map((d) => (
          <li key={d.id}>{ctx.locale === "en" ? d.nameEn : d.name}</li>
        ))}
      </ul>
    </>
  );
}

export const regionsPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/regions",
    {
      config: { policy: "region.read" },
      schema: {
        hide: true,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 50 })),
          within: Type.Optional(CodeParams.properties.code),
        }),
      },
    },
    async (request, reply) => {
      const ctx = pageContext(request, reply);
      const { t } = ctx;
      const q = request.query.q?.trim() ?? "";
      const within = request.query.within;
      if (q !== "") {
        const found = await service.searchRegions(db, request.actor, {
          text: q,
          limit: 50,
          ...(within ? { within } : {}),
        });
        return sendPage(
          reply,
          ctx,
          t("regions.title"),
          <>
            <Breadcrumb ctx={ctx} items={[{ label: t("regions.title"), href: "/regions" }, { label: q }]} />
            <h1>{t("regions.results", { q, count: found.length })}</h1>
            <SearchForm ctx={ctx} q={q} {...(within ? { within } : {})} />
            {found.length === 0 ? (
              <p>{t("regions.noResults")}</p>
            ) : (
              <ul class="list">
                {found.map((region) => (
                  <RegionItem key={region.code} ctx={ctx} region={region} />
                ))}
              </ul>
            )}
          </>,
        );
      }
      const provinces = await service.listChildren(db, request.actor, null);
      return sendPage(
        reply,
        ctx,
        t("regions.title"),
        <>
          <h1>{t("regions.title")}</h1>
          <SearchForm ctx={ctx} q="" />
          <h2>{t("regions.provinces")}</h2>
          {provinces.length === 0 ? (
            <p>{t("regions.notImported")}</p>
          ) : (
            <ul class="list">
              {provinces.map((region) => (
                <RegionItem key={region.code} ctx={ctx} region={region} />
              ))}
            </ul>
          )}
        </>,
      );
    },
  );

  app.get(
    "/regions/:code",
    { config: { policy: "region.read" }, schema: { hide: true, params: CodeParams } },
    async (request, reply) => {
      const { code } = request.params;
      const region = await service.getRegion(db, request.actor, code);
      const [ancestors, children, departments] = await Promise.all([
        service.listAncestors(db, request.actor, code),
        service.listChildren(db, request.actor, code),
        listDepartments(db, code),
      ]);
      const ctx = pageContext(request, reply);
      const { t } = ctx;
      return sendPage(
        reply,
        ctx,
        region.name,
        <>
          <Breadcrumb
            ctx={ctx}
            items={[
              { label: t("regions.title"), href: "/regions" },
              ...ancestors.map((a) => ({ label: a.name, href: `/regions/${a.code}` })),
              { label: region.name },
            ]}
          />
          <h1>{region.name}</h1>
          <dl class="facts">
            <dt>{t("regions.code")}</dt>
            <dd>{region.code}</dd>
            <dt>{t("regions.level")}</dt>
            <dd>{t(`level.${region.level}` as MessageKey)}</dd>
            {region.urbanRural && (
              <>
                <dt>{t("regions.kind")}</dt>
                <dd>{t(`urbanRural.${region.urbanRural}` as MessageKey)}</dd>
              </>
            )}
          </dl>
          {region.level < 5 && <SearchForm ctx={ctx} q="" within={region.code} />}
          <Departments ctx={ctx} departments={departments} />
          {region.level < 5 && (
            <>
              <h2>{t("regions.children", { count: children.length })}</h2>
              {children.length === 0 ? (
                <p>{t("regions.none")}</p>
              ) : (
                <ul class="list">
                  {children.map((child) => (
                    <RegionItem key={child.code} ctx={ctx} region={child} />
                  ))}
                </ul>
              )}
            </>
          )}
        </>,
      );
    },
  );
};
