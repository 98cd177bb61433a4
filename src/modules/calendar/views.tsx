/** What the calendar's pages show to everyone: where the data ends, the years, a year's holidays, a region's changes. */
import type { Locale } from "../../platform/config.ts";
import { type Actor, can } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { type Day, dayNumber, dayNumberOf, dayText, yearOf } from "./days.ts";
import type * as service from "./service.ts";

export const HOME = "/calendar";
export const yearPath = (year: number) => `${HOME}/years/${year}`;
export const editPath = (year: number) => `${yearPath(year)}/edit`;

/** National years are kept by administrators of a province or the country, as the API's rule says. */
export const managesYears = (actor: Actor) => can(actor, "calendar.manage", { regionCode: null });

/** "10月1日" / "October 1": a day of the year in the reader's language, without the year. */
export function dayLabel(locale: Locale, day: Day): string {
  return new Intl.DateTimeFormat(locale, { month: "long", day: "numeric", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** Consecutive days as runs, "10月1日–10月8日", each a <time>. */
export function Days({ ctx, days }: { ctx: PageContext; days: Day[] }) {
  const runs: [Day, Day][] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && dayNumber(day) === dayNumber(last[1]) + 1) last[1] = day;
    else runs.push([day, day]);
  }
  return (
    <>
      {runs.map(([from, to], i) => (
        <span key={from}>
          {i > 0 && ctx.t("calendar.separator")}
          <time datetime={from}>{dayLabel(ctx.locale, from)}</time>
          {to !== from && (
            <>
              –<time datetime={to}>{dayLabel(ctx.locale, to)}</time>
            </>
          )}
        </span>
      ))}
    </>
  );
}

/**
 * Where the holiday data ends, and when it ends within COVERAGE_WARNING_DAYS or has ended, what that
 * means for every deadline and what to do: only administrators can enter a year, so others are told
 * whom to ask.
 */
export function CoverageNotice({ ctx, coverage }: { ctx: PageContext; coverage: service.Coverage }) {
  const { t } = ctx;
  if (!coverage.warning && coverage.endsOn)
    return <p>{t("calendar.coverage.ok", { day: coverage.endsOn })}</p>;
  const next = coverage.lastYear === null ? yearOf(dayNumberOf(new Date())) : coverage.lastYear + 1;
  const state = coverage.lastYear === null ? "none" : coverage.ended ? "ended" : "soon";
  const days = Math.abs(coverage.daysLeft ?? 0);
  return (
    <section class="notice" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{t(`calendar.coverage.${state}.title`)}</h2>
      <p>{t(`calendar.coverage.${state}`, { day: coverage.endsOn ?? "", days })}</p>
      <p>{t(managesYears(ctx.actor) ? "calendar.coverage.todo" : "calendar.coverage.ask", { year: next })}</p>
    </section>
  );
}

export function YearsTable({ ctx, years }: { ctx: PageContext; years: service.YearRecord[] }) {
  const { t } = ctx;
  if (years.length === 0) return <p>{t("calendar.years.none")}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>{t("calendar.years.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("calendar.col.year")}</th>
            <th scope="col">{t("calendar.col.source")}</th>
            <th scope="col">{t("calendar.col.holidays")}</th>
            <th scope="col">{t("calendar.col.workdays")}</th>
            <th scope="col">{t("calendar.col.enteredAt")}</th>
          </tr>
        </thead>
        <tbody>
          {[...years].reverse().map((y) => (
            <tr key={y.year}>
              <th scope="row">
                <a href={yearPath(y.year)}>{t("calendar.year", { year: y.year })}</a>
              </th>
              <td>{t(`calendar.source.${y.source}`)}</td>
              <td>{y.holidays}</td>
              <td>{y.workdays}</td>
              <td>{dayText(dayNumberOf(y.enteredAt))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One row per holiday: its days off as runs, how many, and its make-up working days. */
export function HolidayTable({ ctx, days }: { ctx: PageContext; days: service.DayRecord[] }) {
  const { t } = ctx;
  const groups = new Map<string, { holiday: Day[]; workday: Day[] }>();
  for (const d of days) {
    const group = groups.get(d.name) ?? { holiday: [], workday: [] };
    group[d.kind].push(d.day);
    groups.set(d.name, group);
  }
  // In the order the holidays come, not their make-up days: 国庆节's September Sunday is not before 中秋.
  const first = (g: { holiday: Day[]; workday: Day[] }) => g.holiday[0] ?? g.workday[0] ?? "";
  const ordered = [...groups].sort(([, a], [, b]) => first(a).localeCompare(first(b)));
  return (
    <div class="table-wrap">
      <table>
        <caption>{t("calendar.table.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("calendar.col.name")}</th>
            <th scope="col">{t("calendar.col.off")}</th>
            <th scope="col">{t("calendar.col.count")}</th>
            <th scope="col">{t("calendar.col.work")}</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map(([name, group]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>
                <Days ctx={ctx} days={group.holiday} />
              </td>
              <td>{group.holiday.length}</td>
              <td>
                {group.workday.length > 0 ? <Days ctx={ctx} days={group.workday} /> : t("calendar.none")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type RegionView =
  | { code: string; name: string; overrides: service.OverrideRecord[] }
  | { code: string; problem: true }
  | undefined;

export function Overrides({ ctx, year, view }: { ctx: PageContext; year: number; view: RegionView }) {
  const { t } = ctx;
  const problem = view && "problem" in view;
  return (
    <section aria-labelledby="overrides-title">
      <h2 id="overrides-title">{t("calendar.overrides")}</h2>
      <p>{t("calendar.overrides.lead")}</p>
      <form class="inline" method="get" action={yearPath(year)}>
        <div class={problem ? "field-error" : undefined}>
          <label for="region">{t("calendar.overrides.region")}</label>
          {problem && (
            <span class="error-message" id="region-error">
              {t("calendar.overrides.unknown")}
            </span>
          )}
          <input
            type="search"
            id="region"
            name="region"
            value={view?.code ?? ""}
            inputmode="numeric"
            maxLength={12}
            aria-invalid={problem ? "true" : undefined}
            aria-describedby={problem ? "region-error" : undefined}
          />
        </div>
        <div>
          <button class="button" type="submit">
            {t("calendar.overrides.show")}
          </button>
        </div>
      </form>
      {view && "overrides" in view && view.overrides.length === 0 && (
        <p>{t("calendar.overrides.none", { region: view.name, year })}</p>
      )}
      {view && "overrides" in view && view.overrides.length > 0 && (
        <table>
          <caption>{t("calendar.overrides.caption", { region: view.name, year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("calendar.col.day")}</th>
              <th scope="col">{t("calendar.col.region")}</th>
              <th scope="col">{t("calendar.col.change")}</th>
              <th scope="col">{t("calendar.col.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {view.overrides.map((o) => (
              <tr key={o.id}>
                <td>
                  <time datetime={o.day}>{dayLabel(ctx.locale, o.day)}</time>
                </td>
                <td>{o.regionName}</td>
                <td>{t(`calendar.override.${o.kind}`)}</td>
                <td>{o.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
