import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { LINES } from "../departments/lines.ts";
import type { BrowseBy, Counts, ItemPage } from "./browse.ts";
import { AUDIENCES, BUSINESS_EVENTS, PERSON_EVENTS } from "./content.ts";
import { countText, ItemList, key, lineName, Pager, queryString, SearchBox } from "./public-views.tsx";

/** The front page of the catalogue and its lists by life event, department and audience. */

export function NotFound({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("services.title"), href: "/services" }, { label: t("services.notFound.title") }]}
      />
      <h1>{t("services.notFound.title")}</h1>
      <p class="lead">{t("services.notFound.text")}</p>
      <SearchBox ctx={ctx} />
      <p>
        <a href="/services">{t("services.title")}</a>
      </p>
    </>
  );
}

function Chips({
  ctx,
  entries,
}: {
  ctx: PageContext;
  entries: { href: string; label: string; count: number }[];
}) {
  return (
    <ul class="chips">
      {entries.map((e) => (
        <li key={e.href}>
          <a href={e.href}>{e.label}</a> <span class="meta">{countText(ctx, e.count)}</span>
        </li>
      ))}
    </ul>
  );
}

export function FrontPage({ ctx, counts }: { ctx: PageContext; counts: Counts }) {
  const { t } = ctx;
  const events = (values: readonly string[]) =>
    values
      .filter((e) => (counts.byEvent.get(e) ?? 0) > 0)
      .map((e) => ({
        href: `/services/events/${e}`,
        label: t(key("services.event", e)),
        count: counts.byEvent.get(e) ?? 0,
      }));
  const groups = [
    { title: t("services.personEvents"), entries: events(PERSON_EVENTS) },
    { title: t("services.businessEvents"), entries: events(BUSINESS_EVENTS) },
    { title: t("services.otherEvents"), entries: events(["information"]) },
  ].filter((g) => g.entries.length > 0);
  const lines = LINES.filter((l) => (counts.byLine.get(l.code) ?? 0) > 0).map((l) => ({
    href: `/services/departments/${l.code}`,
    label: lineName(ctx, l.code),
    count: counts.byLine.get(l.code) ?? 0,
  }));
  const audiences = AUDIENCES.filter((a) => (counts.byAudience.get(a) ?? 0) > 0).map((a) => ({
    href: `/services/audience/${a}`,
    label: t(key("services.audience", a)),
    count: counts.byAudience.get(a) ?? 0,
  }));
  return (
    <>
      <h1>{t("services.title")}</h1>
      <p class="lead">{t("services.lead")}</p>
      <SearchBox ctx={ctx} />
      {counts.total === 0 && <p>{t("services.empty")}</p>}
      {groups.length > 0 && (
        <>
          <h2 id="events">{t("services.byEvent")}</h2>
          {groups.map((g) => (
            <section key={g.title}>
              <h3>{g.title}</h3>
              <Chips ctx={ctx} entries={g.entries} />
            </section>
          ))}
        </>
      )}
      {audiences.length > 0 && (
        <>
          <h2 id="audience">{t("services.byAudience")}</h2>
          <Chips ctx={ctx} entries={audiences} />
        </>
      )}
      {lines.length > 0 && (
        <>
          <h2 id="departments">{t("services.byLine")}</h2>
          <Chips ctx={ctx} entries={lines} />
        </>
      )}
    </>
  );
}

export const BROWSE: Record<
  BrowseBy["kind"],
  { path: string; anchor: string; heading: "services.byEvent" | "services.byLine" | "services.byAudience" }
> = {
  event: { path: "events", anchor: "events", heading: "services.byEvent" },
  line: { path: "departments", anchor: "departments", heading: "services.byLine" },
  audience: { path: "audience", anchor: "audience", heading: "services.byAudience" },
};

export function browseLabel(ctx: PageContext, kind: BrowseBy["kind"], value: string): string {
  if (kind === "line") return lineName(ctx, value);
  return ctx.t(key(kind === "event" ? "services.event" : "services.audience", value));
}

export function ListPage({
  ctx,
  kind,
  value,
  found,
}: {
  ctx: PageContext;
  kind: BrowseBy["kind"];
  value: string;
  found: ItemPage;
}) {
  const { t } = ctx;
  const { path, anchor, heading } = BROWSE[kind];
  const label = browseLabel(ctx, kind, value);
  const here = `/services/${path}/${value}`;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: t("services.title"), href: "/services" },
          { label: t(heading), href: `/services#${anchor}` },
          { label },
        ]}
      />
      <h1>{label}</h1>
      <p class="meta">{countText(ctx, found.total)}</p>
      {found.total === 0 ? (
        <p>{t("services.list.none")}</p>
      ) : found.items.length === 0 ? (
        <p>
          {t("services.list.pageEmpty")} <a href={here}>{t("services.list.first")}</a>
        </p>
      ) : (
        <ItemList ctx={ctx} items={found.items} level={2} />
      )}
      <Pager
        ctx={ctx}
        page={found.page}
        pages={found.pages}
        href={(p) => `${here}${queryString({ page: p > 1 ? p : undefined })}`}
      />
    </>
  );
}
