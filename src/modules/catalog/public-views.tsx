import type { ComponentChildren } from "preact";
import type { MessageKey } from "../../platform/i18n/index.ts";
import type { PageContext } from "../../web/layout.tsx";
import { lineByCode } from "../departments/lines.ts";
import type { PlaceChoice } from "./browse.ts";
import type { Text } from "./content.ts";

/** The search box's limit: longer text is refused with a message rather than searched. */
export const MAX_QUERY = 100;

/**
 * Words of the catalogue in the reader's language. An English page shows the Chinese where the item
 * has no English, marked as Chinese so a screen reader pronounces it as Chinese.
 */
export function Txt({ ctx, text }: { ctx: PageContext; text: Text }) {
  if (ctx.locale === "zh-CN") return text.zh;
  return text.en.trim() ? text.en : <span lang="zh-CN">{text.zh}</span>;
}

/** Data that exists only in Chinese (place names, addresses), marked as such on an English page. */
export function Zh({ ctx, children }: { ctx: PageContext; children: ComponentChildren }) {
  return ctx.locale === "zh-CN" ? children : <span lang="zh-CN">{children}</span>;
}

/** `lang` for an element holding only Chinese data: needed on English pages alone. */
export const zhLang = (ctx: PageContext) => (ctx.locale === "zh-CN" ? undefined : "zh-CN");

export const textOf = (ctx: PageContext, text: Text) =>
  ctx.locale === "en" && text.en.trim() ? text.en : text.zh;

/** A sentence of the interface naming a place: the name marked as Chinese on an English page. */
export function WithName({
  ctx,
  name,
  message,
}: {
  ctx: PageContext;
  name: string;
  message: (name: string) => string;
}) {
  const slot = "\u0000";
  const [before = "", after = ""] = message(slot).split(slot);
  return (
    <>
      {before}
      <Zh ctx={ctx}>{name}</Zh>
      {after}
    </>
  );
}

export const guidePath = (code: string) => `/services/${encodeURIComponent(code)}`;

/** A day as China reads its calendar, whatever the server's time zone: 2026-03-02. */
export const dateOf = (date: Date | null) =>
  date ? new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(date) : "";

/** The line department's usual name: 市场监督管理局, "Administration for Market Regulation". */
export function lineName(ctx: PageContext, code: string): string {
  const line = lineByCode(code);
  if (!line) return code;
  return ctx.locale === "en" ? line.en : line.county;
}

export const daysText = (ctx: PageContext, days: number) =>
  days === 0 ? ctx.t("services.guide.onTheSpot") : ctx.t("services.guide.workingDays", { days });

export const feeText = (ctx: PageContext, fen: number) =>
  fen === 0 ? ctx.t("services.guide.free") : ctx.t("services.guide.yuan", { amount: yuan(fen) });

/** An aside in brackets as each language writes them: （当日） or " (Same day)". */
export const inParens = (ctx: PageContext, text: string) =>
  ctx.locale === "en" ? ` (${text})` : `（${text}）`;

/** Integer fen as yuan with two decimals, without floating point. */
export function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

export const countText = (ctx: PageContext, count: number) =>
  count === 1 ? ctx.t("services.countOne") : ctx.t("services.count", { count });

export const key = (prefix: string, value: string) => `${prefix}.${value}` as MessageKey;

/** The search form; `children` adds to it (the filters of the search page). */
export function SearchBox({
  ctx,
  q = "",
  error,
  children,
}: {
  ctx: PageContext;
  q?: string;
  error?: string | undefined;
  children?: ComponentChildren;
}) {
  const { t } = ctx;
  return (
    <search>
      <form class="search-box" method="get" action="/services/search">
        <label for="q">{t("services.search.label")}</label>
        <span class="hint" id="q-hint">
          {t("services.search.hint")}
        </span>
        {error && (
          <span class="error-message" id="q-error">
            {error}
          </span>
        )}
        <span class={error ? "search-row field-error" : "search-row"}>
          <input
            type="search"
            id="q"
            name="q"
            value={q}
            maxLength={MAX_QUERY}
            aria-describedby={error ? "q-hint q-error" : "q-hint"}
            aria-invalid={error ? "true" : undefined}
          />
          <button class="button" type="submit">
            {t("services.search.button")}
          </button>
        </span>
        {children}
      </form>
    </search>
  );
}

/** What every line of a list says about an item, in words (never colour alone). */
export interface ItemLine {
  code: string;
  name: Text;
  summary: Text;
  promisedDays: number;
  visits: number;
  fullyOnline: boolean;
}

/** A summary cut to one line's worth, so a long one does not weigh down a list. */
function oneLine(text: string): string {
  return text.length > 90 ? `${text.slice(0, 88)}…` : text;
}

export function ItemFacts({
  ctx,
  item,
}: {
  ctx: PageContext;
  item: Omit<ItemLine, "code" | "name" | "summary">;
}) {
  const { t } = ctx;
  return (
    <ul class="facts-line">
      <li>
        {item.promisedDays === 0
          ? t("services.instant")
          : t("services.promised", { days: item.promisedDays })}
      </li>
      <li class={item.visits === 0 ? "tag ok" : "tag"}>
        {t(key("services.visits", String(Math.min(item.visits, 2))))}
      </li>
      {item.fullyOnline && <li class="tag ok">{t("services.fullyOnline")}</li>}
    </ul>
  );
}

export function ItemList<T extends ItemLine>({
  ctx,
  items,
  level,
  query = "",
  extra,
}: {
  ctx: PageContext;
  items: T[];
  /** The heading level of each item's name under the page's headings. */
  level: 2 | 3;
  /** Carried to the guide (the place chosen). */
  query?: string;
  extra?: (item: T) => ComponentChildren;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <ol class="items">
      {items.map((item) => (
        <li key={item.code}>
          <Heading>
            <a href={`/services/${encodeURIComponent(item.code)}${query}`}>
              <Txt ctx={ctx} text={item.name} />
            </a>
          </Heading>
          {item.summary.zh && (
            <p>
              <Txt
                ctx={ctx}
                text={{ zh: oneLine(item.summary.zh), en: item.summary.en && oneLine(item.summary.en) }}
              />
            </p>
          )}
          <ItemFacts ctx={ctx} item={item} />
          {extra?.(item)}
        </li>
      ))}
    </ol>
  );
}

export function Pager({
  ctx,
  page,
  pages,
  href,
}: {
  ctx: PageContext;
  page: number;
  pages: number;
  href: (page: number) => string;
}) {
  if (pages <= 1) return null;
  const { t } = ctx;
  return (
    <nav class="pager" aria-label={t("services.pager")}>
      <ul>
        {page > 1 && (
          <li>
            <a href={href(Math.min(page - 1, pages))} rel="prev">
              {t("services.pager.prev")}
            </a>
          </li>
        )}
        <li aria-current="page">{t("services.pager.of", { page, pages })}</li>
        {page < pages && (
          <li>
            <a href={href(page + 1)} rel="next">
              {t("services.pager.next")}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** A query string from the values given, leaving out empty ones; "" when none. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Whether there is any place to choose from (none before anything is offered in a county). */
export const hasPlaces = (choice: PlaceChoice) => choice.groups.some((g) => g.options.length > 0);

/**
 * The "near me" choice as a select inside a GET form: one level at a time (township, then village), so
 * it works without JavaScript and a villager never types a code. `href` makes the "choose again" links
 * with the form's other values kept.
 */
export function PlacePicker({
  ctx,
  choice,
  href,
}: {
  ctx: PageContext;
  choice: PlaceChoice;
  href: (near: string) => string;
}) {
  const { t } = ctx;
  if (!hasPlaces(choice)) return null;
  const [first] = choice.groups;
  const listsCounties = first?.region === null;
  const listsVillages = choice.chosen !== undefined && choice.path.length >= 2;
  const hint = listsVillages
    ? t("services.place.hintVillage")
    : listsCounties
      ? t("services.place.hintCounty")
      : t("services.place.hintTownship");
  return (
    <div class="place">
      {choice.unknown && (
        <p class="error-message" id="near-error">
          {t("services.place.unknown")}
        </p>
      )}
      <label for="near">{t("services.place.label")}</label>
      <span class="hint" id="near-hint">
        {hint}
      </span>
      <select id="near" name="near" aria-describedby={choice.unknown ? "near-hint near-error" : "near-hint"}>
        {choice.chosen === undefined && <option value="">{t("services.place.anywhere")}</option>}
        {choice.groups.map((group) =>
          group.region === null ? (
            group.options.map((o) => (
              <option key={o.code} value={o.code} lang={zhLang(ctx)}>
                {o.name}
              </option>
            ))
          ) : (
            <optgroup key={group.region.code} label={group.region.name} lang={zhLang(ctx)}>
              <option
                value={group.region.code}
                selected={choice.chosen === group.region.code}
                lang={ctx.locale === "en" ? "en" : undefined}
              >
                {t("services.place.all", { name: group.region.name })}
              </option>
              {group.options.map((o) => (
                <option key={o.code} value={o.code} selected={choice.chosen === o.code} lang={zhLang(ctx)}>
                  {o.name}
                </option>
              ))}
            </optgroup>
          ),
        )}
      </select>
      {choice.path.length > 0 && (
        <p class="meta">
          {t("services.place.chosen")} <Zh ctx={ctx}>{choice.path.map((p) => p.name).join(" › ")}</Zh>{" "}
          {choice.up !== undefined && choice.up !== "" && (
            <>
              · <a href={href(choice.up)}>{t("services.place.up")}</a>{" "}
            </>
          )}
          · <a href={href("")}>{t("services.place.clear")}</a>
        </p>
      )}
    </div>
  );
}
