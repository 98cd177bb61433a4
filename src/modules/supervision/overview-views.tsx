import type { MessageKey } from "../../platform/i18n/index.ts";
import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { WORK } from "../cases/work-kit.tsx";
import type { Region } from "../regions/service.ts";
import {
  NO_ITEM,
  OVERDUE_KINDS,
  type OverdueKind,
  type OverdueOverview,
  type OverdueSection,
} from "./overdue.ts";

export const OVERVIEW = `${WORK}/supervision/overview`;
export const OVERDUE_LIST = `${WORK}/supervision/overdue`;
export const LIST_PAGE_SIZE = 20;

export interface ListFilter {
  kind: OverdueKind;
  department?: string | undefined;
  item?: string | undefined;
}

export const overviewHref = (region: string) => `${OVERVIEW}?region=${region}`;
export function listHref(region: string, filter: ListFilter, page = 1): string {
  const query = new URLSearchParams({ region, kind: filter.kind });
  if (filter.department) query.set("department", filter.department);
  if (filter.item !== undefined) query.set("item", filter.item);
  if (page > 1) query.set("page", String(page));
  return `${OVERDUE_LIST}?${query.toString()}`;
}

export const named = (ctx: PageContext, n: { name: string; nameEn: string }) =>
  (ctx.locale === "en" ? n.nameEn || n.name : n.name || n.nameEn) || "—";
export const kindWord = (ctx: PageContext, kind: OverdueKind) =>
  ctx.t(`supervision.kind.${kind}` as MessageKey);

export function Crumbs({
  ctx,
  trail,
  region,
  last,
}: {
  ctx: PageContext;
  trail: Region[];
  region: Region;
  last?: string;
}) {
  const { t } = ctx;
  return (
    <Breadcrumb
      ctx={ctx}
      items={[
        { label: t("work.title"), href: WORK },
        { label: t("work.supervision.title"), href: `${WORK}/supervision` },
        ...trail.map((r) => ({ label: r.name, href: overviewHref(r.code) })),
        { label: region.name, href: overviewHref(region.code) },
        ...(last ? [{ label: last }] : []),
      ]}
    />
  );
}

function Children({ ctx, o }: { ctx: PageContext; o: OverdueOverview }) {
  const { t } = ctx;
  if (o.children.length === 0) return null;
  const cell = (code: string, kind: OverdueKind, count: number) => (
    <td key={kind}>{count === 0 ? "0" : <a href={listHref(code, { kind })}>{count}</a>}</td>
  );
  return (
    <section aria-labelledby="children">
      <h2 id="children">{t("supervision.overview.children")}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("supervision.overview.region")}</th>
              {OVERDUE_KINDS.map((kind) => (
                <th scope="col" key={kind}>
                  {kindWord(ctx, kind)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {o.children.map((c) => (
              <tr key={c.code}>
                <th scope="row">
                  <a href={overviewHref(c.code)}>{c.name}</a>
                </th>
                {OVERDUE_KINDS.map((kind) => cell(c.code, kind, c.counts[kind]))}
              </tr>
            ))}
            {OVERDUE_KINDS.some((kind) => o.here[kind] > 0) && (
              <tr>
                <th scope="row">{t("supervision.overview.here")}</th>
                {OVERDUE_KINDS.map((kind) => (
                  <td key={kind}>{o.here[kind]}</td>
                ))}
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Counts({
  ctx,
  caption,
  column,
  rows,
  href,
}: {
  ctx: PageContext;
  caption: string;
  column: string;
  rows: OverdueSection["byDepartment"];
  href: (key: string) => string;
}) {
  const { t } = ctx;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{column}</th>
          <th scope="col">{t("supervision.overview.count")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">
              {r.key === NO_ITEM && !r.name ? t("supervision.overview.noItem") : named(ctx, r)}
            </th>
            <td>
              <a href={href(r.key)}>{r.count}</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Section({
  ctx,
  region,
  kind,
  s,
}: {
  ctx: PageContext;
  region: string;
  kind: OverdueKind;
  s: OverdueSection;
}) {
  const { t } = ctx;
  const requests = kind === "requests";
  return (
    <section aria-labelledby={`section-${kind}`}>
      <h2 id={`section-${kind}`}>{kindWord(ctx, kind)}</h2>
      {s.total === 0 ? (
        <p>{t("supervision.overview.noneOf", { kind: kindWord(ctx, kind) })}</p>
      ) : (
        <>
          <p>
            <a href={listHref(region, { kind })}>{t("supervision.overview.total", { count: s.total })}</a>
          </p>
          <div class="table-scroll">
            <Counts
              ctx={ctx}
              caption={t("supervision.overview.byDepartment")}
              column={t("supervision.overview.department")}
              rows={s.byDepartment}
              href={(key) => listHref(region, { kind, department: key })}
            />
          </div>
          <div class="table-scroll">
            <Counts
              ctx={ctx}
              caption={t(requests ? "supervision.overview.byCategory" : "supervision.overview.byItem")}
              column={t(requests ? "supervision.overview.category" : "supervision.overview.item")}
              rows={s.byItem}
              href={(key) => listHref(region, { kind, item: key })}
            />
          </div>
        </>
      )}
    </section>
  );
}

export function OverviewPage({ ctx, o }: { ctx: PageContext; o: OverdueOverview }) {
  const { t } = ctx;
  return (
    <>
      <Crumbs ctx={ctx} trail={o.trail} region={o.region} />
      <h1>{t("supervision.overview.heading", { region: o.region.name })}</h1>
      <p class="lead">{t("supervision.overview.lead")}</p>
      {o.jurisdictions.length > 1 && (
        <nav aria-labelledby="jurisdictions">
          <h2 id="jurisdictions">{t("supervision.overview.jurisdictions")}</h2>
          <ul class="list">
            {o.jurisdictions.map((j) => (
              <li key={j.code}>
                <a href={overviewHref(j.code)} aria-current={j.code === o.region.code ? "page" : undefined}>
                  {j.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <Children ctx={ctx} o={o} />
      {OVERDUE_KINDS.map((kind) => (
        <Section key={kind} ctx={ctx} region={o.region.code} kind={kind} s={o.sections[kind]} />
      ))}
    </>
  );
}
