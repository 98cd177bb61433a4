import type { PageContext } from "../../web/layout.tsx";
import { LINES } from "../departments/lines.ts";
import type { PlaceChoice } from "./browse.ts";
import { AUDIENCES, BUSINESS_EVENTS, CHANNELS, LEVELS, PERSON_EVENTS } from "./content.ts";
import {
  hasPlaces,
  ItemList,
  key,
  lineName,
  MAX_QUERY,
  Pager,
  PlacePicker,
  queryString,
  SearchBox,
  Zh,
} from "./public-views.tsx";
import type { SearchHit, SearchQuery, SearchResult } from "./search.ts";

/** The filters a search page was asked for, each already known to be valid. */
export type Filters = Pick<SearchQuery, "line" | "event" | "audience" | "level" | "channel" | "zeroVisit"> & {
  near?: string;
};

export interface SearchView {
  q: string;
  /** The length of a query refused as too long. */
  tooLong?: number;
  filters: Filters;
  /** Some filter in the address was not one we know, and was left out. */
  ignored: boolean;
  result?: SearchResult;
  page: number;
  pages: number;
  choice: PlaceChoice;
}

export function searchQuery(q: string, filters: Filters, page?: number): string {
  return queryString({
    q,
    line: filters.line,
    event: filters.event,
    audience: filters.audience,
    level: filters.level,
    channel: filters.channel,
    zeroVisit: filters.zeroVisit ? "1" : undefined,
    near: filters.near,
    page: page && page > 1 ? page : undefined,
  });
}

function Select({
  ctx,
  name,
  label,
  value,
  options,
}: {
  ctx: PageContext;
  name: string;
  label: string;
  value: string | undefined;
  options: { group?: string; items: { value: string; label: string }[] }[];
}) {
  const render = (items: { value: string; label: string }[]) =>
    items.map((o) => (
      <option key={o.value} value={o.value} selected={o.value === value}>
        {o.label}
      </option>
    ));
  return (
    <div>
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">{ctx.t("services.filter.any")}</option>
        {options.map((g) =>
          g.group ? (
            <optgroup key={g.group} label={g.group}>
              {render(g.items)}
            </optgroup>
          ) : (
            render(g.items)
          ),
        )}
      </select>
    </div>
  );
}

function FilterFields({ ctx, view }: { ctx: PageContext; view: SearchView }) {
  const { t } = ctx;
  const f = view.filters;
  const labelled = (prefix: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: t(key(prefix, v)) }));
  return (
    <div class="filters">
      <Select
        ctx={ctx}
        name="event"
        label={t("services.filter.event")}
        value={f.event}
        options={[
          { group: t("services.personEvents"), items: labelled("services.event", PERSON_EVENTS) },
          { group: t("services.businessEvents"), items: labelled("services.event", BUSINESS_EVENTS) },
          { group: t("services.otherEvents"), items: labelled("services.event", ["information"]) },
        ]}
      />
      <Select
        ctx={ctx}
        name="line"
        label={t("services.filter.line")}
        value={f.line}
        options={[{ items: LINES.map((l) => ({ value: l.code, label: lineName(ctx, l.code) })) }]}
      />
      <Select
        ctx={ctx}
        name="audience"
        label={t("services.filter.audience")}
        value={f.audience}
        options={[{ items: labelled("services.audience", AUDIENCES) }]}
      />
      <Select
        ctx={ctx}
        name="level"
        label={t("services.filter.level")}
        value={f.level}
        options={[{ items: labelled("services.level", LEVELS) }]}
      />
      <Select
        ctx={ctx}
        name="channel"
        label={t("services.filter.channel")}
        value={f.channel}
        options={[{ items: labelled("services.channel", CHANNELS) }]}
      />
      <div class="check">
        <input type="checkbox" id="f-zeroVisit" name="zeroVisit" value="1" checked={f.zeroVisit === true} />
        <label for="f-zeroVisit">{t("services.filter.zeroVisit")}</label>
      </div>
    </div>
  );
}

/** "Near me" stays in sight, outside the folded filters: it is what a villager most often changes. */
function Place({ ctx, view }: { ctx: PageContext; view: SearchView }) {
  if (!hasPlaces(view.choice)) return null;
  const href = (near: string) => `/services/search${searchQuery(view.q, { ...view.filters, near })}`;
  return (
    <div class="near">
      <PlacePicker ctx={ctx} choice={view.choice} href={href} />
      <button class="button secondary" type="submit">
        {ctx.t("services.place.find")}
      </button>
    </div>
  );
}

function Nearby({ ctx, hit }: { ctx: PageContext; hit: SearchHit }) {
  if (!hit.nearby || hit.nearby.length === 0) return null;
  return (
    <p class="meta">
      {ctx.t("services.nearby")}{" "}
      <Zh ctx={ctx}>
        {hit.nearby
          .slice(0, 2)
          .map((n) => n.hallName ?? n.departmentName)
          .join("；")}
      </Zh>
    </p>
  );
}

function NoResults({ ctx, view }: { ctx: PageContext; view: SearchView }) {
  const { t } = ctx;
  const filtered = Object.values(view.filters).some((v) => v !== undefined && v !== false);
  return (
    <>
      <h2>{t("services.search.none")}</h2>
      <p>{t("services.search.advice")}</p>
      <ul>
        <li>{t("services.search.advice.words")}</li>
        <li>{t("services.search.advice.shorter")}</li>
        {filtered && (
          <li>
            <a href={`/services/search${queryString({ q: view.q })}`}>{t("services.search.advice.clear")}</a>
          </li>
        )}
        <li>
          <a href="/services">{t("services.search.advice.browse")}</a>
        </li>
        <li>{t("services.search.advice.call")}</li>
      </ul>
    </>
  );
}

function Results({ ctx, view, result }: { ctx: PageContext; view: SearchView; result: SearchResult }) {
  const { t } = ctx;
  if (result.total === 0 || result.hits.length === 0) return <NoResults ctx={ctx} view={view} />;
  const typed = view.q.trim();
  const also = result.terms.filter((term) => term !== typed);
  return (
    <>
      <h2>{t("services.search.found", { count: result.total })}</h2>
      {also.length > 0 && (
        <p class="meta">
          {t("services.search.also")} {also.join(ctx.locale === "en" ? ", " : "、")}
        </p>
      )}
      <ItemList
        ctx={ctx}
        items={result.hits}
        level={3}
        query={queryString({ near: view.filters.near })}
        extra={(hit) => <Nearby ctx={ctx} hit={hit} />}
      />
      <Pager
        ctx={ctx}
        page={view.page}
        pages={view.pages}
        href={(page) => `/services/search${searchQuery(view.q, view.filters, page)}`}
      />
    </>
  );
}

/** The page's title: what was searched for, or that filters alone were used. */
export function searchTitle(ctx: PageContext, view: Pick<SearchView, "q" | "tooLong" | "result">): string {
  if (view.tooLong !== undefined || !view.result) return ctx.t("services.search.title");
  return view.q ? ctx.t("services.search.results", { q: view.q }) : ctx.t("services.search.filtered");
}

export function SearchPage({ ctx, view }: { ctx: PageContext; view: SearchView }) {
  const { t } = ctx;
  const error =
    view.tooLong === undefined
      ? undefined
      : t("services.search.tooLong", { length: view.tooLong, max: MAX_QUERY });
  // The place is chosen outside the folded filters; these are the rest.
  const { near: _near, ...others } = view.filters;
  const chosen = Object.values(others).filter((v) => v !== undefined && v !== false).length;
  const nothingFound = view.result !== undefined && view.result.total === 0;
  return (
    <>
      <h1>{searchTitle(ctx, view)}</h1>
      {error && (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
          <h2 id="error-summary-title">{t("services.search.problem")}</h2>
          <ul>
            <li>
              <a href="#q">{error}</a>
            </li>
          </ul>
        </div>
      )}
      {view.ignored && <p class="notice">{t("services.filter.ignored")}</p>}
      <SearchBox ctx={ctx} q={view.q} error={error}>
        <Place ctx={ctx} view={view} />
        {/* Folded unless they may be why nothing was found, so results come first on a phone. */}
        <details open={chosen > 0 && nothingFound}>
          <summary>
            {t("services.filters")}
            {chosen > 0 && ` ${t("services.filters.chosen", { count: chosen })}`}
          </summary>
          <FilterFields ctx={ctx} view={view} />
          <button class="button secondary" type="submit">
            {t("services.filter.apply")}
          </button>
        </details>
      </SearchBox>
      {view.result && <Results ctx={ctx} view={view} result={view.result} />}
    </>
  );
}
