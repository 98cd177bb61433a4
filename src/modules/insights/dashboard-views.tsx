import type { MessageKey } from "../../platform/i18n/index.ts";
import { Chart } from "../../web/charts.tsx";
import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { CASE_CHANNELS } from "../cases/tables.ts";
import { WORK } from "../cases/work-kit.tsx";
import type { Region } from "../regions/service.ts";
import type { Dashboard, Figures } from "./dashboard.ts";
import { Bundles, Equity, Voice } from "./dashboard-sections.tsx";
import { decimal, named, percent, whole } from "./format.ts";
import { Places } from "./place-views.tsx";

export const DASHBOARD = `${WORK}/insights`;
export const DASHBOARD_CSV = `${WORK}/insights/figures.csv`;
export const EQUITY = `${WORK}/insights/equity`;
export const OPEN_DATA = "/open-data";
export const OPEN_DATA_CSV = "/open-data/figures.csv";
export const OPEN_DATA_JSON = "/api/v1/public/insights";

/** Where a dashboard lives: the staff's, or the public's open data. */
export interface Place {
  page: string;
  csv: string;
  /** The same figures as JSON, linked on the public page. */
  json?: string;
  root: { label: MessageKey; href: string };
  heading: MessageKey;
}
export const STAFF_PLACE: Place = {
  page: DASHBOARD,
  csv: DASHBOARD_CSV,
  root: { label: "work.title", href: WORK },
  heading: "insights.heading",
};
export const OPEN_PLACE: Place = {
  page: OPEN_DATA,
  csv: OPEN_DATA_CSV,
  json: OPEN_DATA_JSON,
  root: { label: "insights.open.title", href: OPEN_DATA },
  heading: "insights.open.heading",
};

/** What a link keeps of the dashboard it leaves: the period and the channel. */
export function dashboardHref(
  d: Pick<Dashboard, "period" | "filter">,
  region: string,
  path = DASHBOARD,
): string {
  const query = new URLSearchParams({ region, from: d.period.from, to: d.period.to });
  if (d.filter.channel) query.set("channel", d.filter.channel);
  return `${path}?${query.toString()}`;
}

const channelWord = (ctx: PageContext, channel: string) =>
  (CASE_CHANNELS as readonly string[]).includes(channel)
    ? ctx.t(`insights.channel.${channel}` as MessageKey)
    : channel;

type Format = "whole" | "percent" | "decimal";
interface FigureColumn {
  key: MessageKey;
  raw: (f: Figures) => number | null;
  format: Format;
}

const column = (key: MessageKey, raw: FigureColumn["raw"], format: Format): FigureColumn => ({
  key,
  raw,
  format,
});

/** Every figure, in the order the key figures and the CSV list them. */
export const ALL_FIGURES: FigureColumn[] = [
  column("insights.key.received", (f) => f.received, "whole"),
  column("insights.key.accepted", (f) => f.accepted, "whole"),
  column("insights.key.closed", (f) => f.closed, "whole"),
  column("insights.key.onlineRate", (f) => f.onlineRate, "percent"),
  column("insights.key.fullyOnlineRate", (f) => f.fullyOnlineRate, "percent"),
  column("insights.key.zeroVisitRate", (f) => f.zeroVisitRate, "percent"),
  column("insights.key.visitsPerCase", (f) => f.visitsPerCase, "decimal"),
  column("insights.key.daysMean", (f) => f.days.mean, "decimal"),
  column("insights.key.daysMedian", (f) => f.days.median, "decimal"),
  column("insights.key.daysP90", (f) => f.days.p90, "decimal"),
  column("insights.key.promisedMean", (f) => f.days.promisedMean, "decimal"),
  column("insights.key.statutoryMean", (f) => f.days.statutoryMean, "decimal"),
  column("insights.key.speedUp", (f) => f.days.speedUp, "percent"),
  column("insights.key.onTimeRate", (f) => f.onTimeRate, "percent"),
  column("insights.key.supplementRate", (f) => f.supplementRate, "percent"),
  column("insights.key.supplementRounds", (f) => f.supplementRounds, "decimal"),
  column("insights.key.rejectionRate", (f) => f.rejectionRate, "percent"),
  column("insights.key.instantShare", (f) => f.instantShare, "percent"),
  column("insights.key.materialsAvoided", (f) => f.materialsAvoided, "whole"),
  column("insights.key.ratings", (f) => f.ratings.count, "whole"),
  column("insights.key.satisfaction", (f) => f.ratings.satisfaction, "percent"),
];

/** The figures every table shows: the few that compare regions, departments and items at a glance. */
const TABLE_KEYS: MessageKey[] = [
  "insights.key.received",
  "insights.key.closed",
  "insights.key.onlineRate",
  "insights.key.zeroVisitRate",
  "insights.key.daysMean",
  "insights.key.daysP90",
  "insights.key.onTimeRate",
  "insights.key.satisfaction",
];
const COLUMNS = ALL_FIGURES.filter((c) => TABLE_KEYS.includes(c.key));

function shown(ctx: PageContext, c: FigureColumn, f: Figures): string {
  const x = c.raw(f);
  if (x === null) return "—";
  if (c.format === "percent") return percent(ctx, x);
  return c.format === "decimal" ? decimal(ctx, x) : whole(ctx, x);
}

function Crumbs({ ctx, d, place }: { ctx: PageContext; d: Dashboard; place: Place }) {
  const { t } = ctx;
  return (
    <Breadcrumb
      ctx={ctx}
      items={[
        { label: t(place.root.label), href: place.root.href },
        ...d.trail.map((r: Region) => ({ label: r.name, href: dashboardHref(d, r.code, place.page) })),
        { label: d.region.name },
      ]}
    />
  );
}

function PeriodForm({ ctx, d, place }: { ctx: PageContext; d: Dashboard; place: Place }) {
  const { t } = ctx;
  return (
    <form method="get" action={place.page} class="filters">
      <input type="hidden" name="region" value={d.region.code} />
      <fieldset>
        <legend>{t("insights.period")}</legend>
        <label for="from">{t("insights.from")}</label>
        <input
          id="from"
          name="from"
          value={d.period.from}
          inputmode="numeric"
          aria-describedby="month-hint"
        />
        <label for="to">{t("insights.to")}</label>
        <input id="to" name="to" value={d.period.to} inputmode="numeric" aria-describedby="month-hint" />
        <p id="month-hint" class="hint">
          {t("insights.monthHint")}
        </p>
        <label for="channel">{t("insights.channel")}</label>
        <select id="channel" name="channel">
          <option value="">{t("insights.allChannels")}</option>
          {CASE_CHANNELS.map((c) => (
            <option value={c} selected={d.filter.channel === c} key={c}>
              {channelWord(ctx, c)}
            </option>
          ))}
        </select>
        <button type="submit">{t("insights.show")}</button>
      </fieldset>
    </form>
  );
}

function KeyFigures({ ctx, f }: { ctx: PageContext; f: Figures }) {
  return (
    <dl class="key-figures">
      {ALL_FIGURES.map((c) => (
        <div key={c.key}>
          <dt>{ctx.t(c.key)}</dt>
          <dd>{shown(ctx, c, f)}</dd>
        </div>
      ))}
    </dl>
  );
}

function FiguresTable({
  ctx,
  id,
  heading,
  column,
  rows,
  csv,
}: {
  ctx: PageContext;
  id: string;
  heading: string;
  column: string;
  rows: { key: string; label: string; href?: string | undefined; figures: Figures }[];
  csv: string;
}) {
  const { t } = ctx;
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <section class="table-wrap" aria-labelledby={id} tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{column}</th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c.key}>
                  {t(c.key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.href ? <a href={r.href}>{r.label}</a> : r.label}</th>
                {COLUMNS.map((c) => (
                  <td key={c.key}>{shown(ctx, c, r.figures)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p>
        <a href={csv} download>
          {t("insights.csv")}
        </a>
      </p>
    </section>
  );
}

export function DashboardPage({ ctx, d, place }: { ctx: PageContext; d: Dashboard; place: Place }) {
  const { t } = ctx;
  const csv = (by: string) => `${dashboardHref(d, d.region.code, place.csv)}&by=${by}`;
  const monthly = {
    categories: d.byMonth.map((m) => m.month),
    series: [
      { name: t("insights.key.received"), values: d.byMonth.map((m) => m.figures.received) },
      { name: t("insights.key.closed"), values: d.byMonth.map((m) => m.figures.closed) },
    ],
  };
  return (
    <>
      <Crumbs ctx={ctx} d={d} place={place} />
      <h1>{t(place.heading, { region: d.region.name })}</h1>
      <p class="lead">{t("insights.lead")}</p>
      {place.json && (
        <p>
          {t("insights.open.formats")} <a href={dashboardHref(d, d.region.code, place.json)}>JSON</a> ·{" "}
          <a href={csv("month")} download>
            CSV
          </a>
        </p>
      )}
      <PeriodForm ctx={ctx} d={d} place={place} />
      {d.filter.channel && (
        <p>
          {t("insights.filtered", { what: channelWord(ctx, d.filter.channel) })}{" "}
          <a href={`${place.page}?region=${d.region.code}&from=${d.period.from}&to=${d.period.to}`}>
            {t("insights.clearFilter")}
          </a>
        </p>
      )}
      {d.total.received === 0 && d.total.closed === 0 && <p>{t("insights.none")}</p>}
      <KeyFigures ctx={ctx} f={d.total} />
      <Chart
        data={monthly}
        kind="line"
        caption={t("insights.months.caption")}
        categoryHeading={t("insights.months.heading")}
        csvHref={csv("month")}
        csvLabel={t("insights.csv")}
      />
      <Equity
        ctx={ctx}
        equity={d.equity}
        more={place === STAFF_PLACE ? dashboardHref(d, d.region.code, EQUITY) : undefined}
      />
      <FiguresTable
        ctx={ctx}
        id="children"
        heading={t("insights.children.heading")}
        column={t("insights.children.region")}
        rows={d.children.map((c) => ({
          key: c.code,
          label: c.name,
          href: dashboardHref(d, c.code, place.page),
          figures: c.figures,
        }))}
        csv={csv("child")}
      />
      <FiguresTable
        ctx={ctx}
        id="channels"
        heading={t("insights.channels.heading")}
        column={t("insights.channel")}
        rows={d.byChannel.map((c) => ({
          key: c.channel,
          label: channelWord(ctx, c.channel),
          figures: c.figures,
        }))}
        csv={csv("channel")}
      />
      <Voice ctx={ctx} d={d} />
      <Bundles ctx={ctx} bundles={d.bundles} />
      <Places
        ctx={ctx}
        id="sites"
        heading={t("insights.sites.heading")}
        rows={d.bySite.map((site) => ({
          ...site,
          name: named(ctx, { name: site.name, nameEn: site.nameEn }),
        }))}
        empty="insights.sites.none"
      />
      <FiguresTable
        ctx={ctx}
        id="departments"
        heading={t("insights.departments.heading")}
        column={t("insights.departments.name")}
        rows={d.byDepartment.map((r) => ({ key: r.key, label: named(ctx, r), figures: r.figures }))}
        csv={csv("department")}
      />
      <FiguresTable
        ctx={ctx}
        id="items"
        heading={t("insights.items.heading")}
        column={t("insights.items.name")}
        rows={d.byItem.map((r) => ({ key: r.key, label: named(ctx, r), figures: r.figures }))}
        csv={csv("item")}
      />
    </>
  );
}

export const CSV_PARTS = ["month", "child", "channel", "area", "department", "item"] as const;
export type CsvPart = (typeof CSV_PARTS)[number];

/** One part of the dashboard as rows of every figure, labelled in the reader's language. */
export function dashboardRows(
  ctx: PageContext,
  d: Dashboard,
  part: CsvPart,
): { heading: string; rows: { label: string; figures: Figures }[] } {
  const { t } = ctx;
  switch (part) {
    case "month":
      return {
        heading: t("insights.months.heading"),
        rows: d.byMonth.map((m) => ({ label: m.month, figures: m.figures })),
      };
    case "child":
      return {
        heading: t("insights.children.region"),
        rows: d.children.map((c) => ({ label: `${c.code} ${c.name}`, figures: c.figures })),
      };
    case "channel":
      return {
        heading: t("insights.channel"),
        rows: d.byChannel.map((c) => ({ label: channelWord(ctx, c.channel), figures: c.figures })),
      };
    case "area":
      return {
        heading: t("insights.equity.measure"),
        rows: [
          { label: t("insights.equity.rural"), figures: d.equity.rural },
          { label: t("insights.equity.urban"), figures: d.equity.urban },
          { label: t("insights.equity.unknown"), figures: d.equity.unknown },
        ],
      };
    case "department":
      return {
        heading: t("insights.departments.name"),
        rows: d.byDepartment.map((r) => ({ label: named(ctx, r), figures: r.figures })),
      };
    case "item":
      return {
        heading: t("insights.items.name"),
        rows: d.byItem.map((r) => ({ label: `${r.code} ${named(ctx, r)}`, figures: r.figures })),
      };
  }
}
