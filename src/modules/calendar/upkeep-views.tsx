/** What administrators see: the upkeep forms, a year's entry as text with its problems, an import's result. */
import type { Translate } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { type LineProblem, sortProblems } from "./entry-text.ts";
import type * as service from "./service.ts";
import { editPath, HOME, yearPath } from "./views.tsx";

/** "2004–2020、2022" */
function yearRuns(t: Translate, years: number[]): string {
  const runs: [number, number][] = [];
  for (const year of [...years].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && year === last[1] + 1) last[1] = year;
    else runs.push([year, year]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(t("calendar.separator"));
}

/** Entering a year (the next one without data offered) and importing the package's years. */
export function Upkeep({ ctx, next }: { ctx: PageContext; next: number }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="upkeep-title">
      <h2 id="upkeep-title">{t("calendar.upkeep")}</h2>
      <form class="inline" method="get" action={`${HOME}/enter`}>
        <div>
          <label for="enter-year">{t("calendar.enter.year")}</label>
          <input type="text" id="enter-year" name="year" value={String(next)} inputmode="numeric" />
        </div>
        <div>
          <button class="button" type="submit">
            {t("calendar.enter.submit")}
          </button>
        </div>
      </form>
      <form method="post" action={`${HOME}/import`}>
        <CsrfField token={ctx.csrfToken} />
        <p>{t("calendar.import.lead")}</p>
        <button class="button secondary" type="submit">
          {t("calendar.import.submit")}
        </button>
      </form>
    </section>
  );
}

export interface EditState {
  year: number;
  text: string;
  problems: LineProblem[];
  source: service.YearRecord["source"] | undefined;
}

export function EditForm({ ctx, state }: { ctx: PageContext; state: EditState }) {
  const { t } = ctx;
  const lines = state.text.split(/\r\n|\r|\n/u);
  const problems = sortProblems(state.problems);
  const numbered = [...new Set(problems.flatMap((p) => (p.line ? [p.line] : [])))];
  const invalid = problems.length > 0;
  return (
    <>
      {invalid && (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
          <h2 id="error-summary-title">{t("calendar.edit.errorSummary")}</h2>
          <ul>
            {problems.map((p) => (
              <li key={`${p.line}-${p.key}-${JSON.stringify(p.params)}`}>
                <a href="#days">
                  {p.line
                    ? t("calendar.edit.onLine", { line: p.line, problem: t(p.key, p.params) })
                    : t(p.key, p.params)}
                </a>
                {p.line && (
                  <>
                    {" "}
                    <code>{lines[p.line - 1]?.trim()}</code>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form class="stack" method="post" action={editPath(state.year)}>
        <CsrfField token={ctx.csrfToken} />
        <div class={invalid ? "field-error" : undefined}>
          <label for="days">{t("calendar.edit.label", { year: state.year })}</label>
          <div class="hint" id="days-hint">
            <p>{t("calendar.edit.hint")}</p>
            <ul>
              <li>
                <code>{state.year}-10-01 休 国庆节</code> {t("calendar.edit.example.off")}
              </li>
              <li>
                <code>
                  {state.year}-10-01~{state.year}-10-07 休 国庆节
                </code>{" "}
                {t("calendar.edit.example.run")}
              </li>
              <li>
                <code>{state.year}-09-26 班 国庆节</code> {t("calendar.edit.example.work")}
              </li>
            </ul>
          </div>
          {invalid && (
            <span class="error-message" id="days-error">
              {numbered.length > 0
                ? t("calendar.edit.fixLines", { lines: numbered.join(t("calendar.separator")) })
                : t("calendar.edit.fix")}
            </span>
          )}
          <textarea
            id="days"
            name="days"
            rows={24}
            cols={40}
            spellcheck={false}
            autocomplete="off"
            aria-invalid={invalid ? "true" : undefined}
            aria-describedby={invalid ? "days-hint days-error" : "days-hint"}
            value={state.text}
          />
        </div>
        <div>
          <button class="button" type="submit">
            {t("calendar.edit.submit")}
          </button>{" "}
          <a href={state.source ? yearPath(state.year) : HOME}>{t("calendar.edit.cancel")}</a>
        </div>
      </form>
    </>
  );
}

export const ImportResult = ({ ctx, result }: { ctx: PageContext; result: service.ImportResult }) => {
  const { t } = ctx;
  return (
    <dl class="facts">
      <dt>{t("calendar.import.imported")}</dt>
      <dd>
        {result.imported.length === 0
          ? t("calendar.import.nothing")
          : result.imported.map((year, i) => (
              <span key={year}>
                {i > 0 && t("calendar.separator")}
                <a href={yearPath(year)}>{year}</a>
              </span>
            ))}
      </dd>
      <dt>{t("calendar.import.unchanged")}</dt>
      <dd>{result.unchanged.length === 0 ? t("calendar.none") : yearRuns(t, result.unchanged)}</dd>
      <dt>{t("calendar.import.kept")}</dt>
      <dd>
        {result.kept.length === 0 ? (
          t("calendar.none")
        ) : (
          <>
            {yearRuns(t, result.kept)}
            <span class="hint">{t("calendar.import.keptHint")}</span>
          </>
        )}
      </dd>
    </dl>
  );
};
