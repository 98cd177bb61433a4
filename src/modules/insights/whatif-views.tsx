import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ProblemSummary } from "../../web/problems.tsx";
import { textOf } from "../cases/work-kit.tsx";
import type { MiningQuery } from "./mining.ts";
import { PROCESS_PAGE, ScopeForm, scopeQuery, WHAT_IF_PAGE } from "./mining-views.tsx";
import type { Change, WhatIfResult } from "./whatif.ts";
import type { Figure } from "./whatif-sampling.ts";

export const WHAT_IF_DRAFTS = `${WHAT_IF_PAGE}/drafts`;

/** The changes as a form sends them: every field optional text, so an empty field means no change. */
export interface ChangeFields {
  parallel?: string | undefined;
  remove?: string | undefined;
  budgetStep?: string | undefined;
  budgetDays?: string | undefined;
}

/** The form's fields as changes; a budget without its days (or days that are no number) is named. */
export function changesOf(f: ChangeFields): { changes: Change[]; problems: ("parallel" | "budgetDays")[] } {
  const changes: Change[] = [];
  const problems: ("parallel" | "budgetDays")[] = [];
  const parallel = (f.parallel ?? "").split(/[,，\s]+/).filter(Boolean);
  if (parallel.length > 0) {
    if (parallel.length === 2) changes.push({ kind: "parallel", stages: parallel as [string, string] });
    else problems.push("parallel");
  }
  if (f.remove?.trim()) changes.push({ kind: "remove", step: f.remove.trim() });
  if (f.budgetStep?.trim()) {
    const days = Number(f.budgetDays);
    if (f.budgetDays?.trim() && Number.isInteger(days) && days >= 0 && days <= 365) {
      changes.push({ kind: "budget", step: f.budgetStep.trim(), days });
    } else problems.push("budgetDays");
  }
  return { changes, problems };
}

function ChangeInputs({ ctx, f }: { ctx: PageContext; f: ChangeFields }) {
  const { t } = ctx;
  return (
    <>
      <label for="parallel">{t("insights.whatif.parallel")}</label>
      <input id="parallel" name="parallel" value={f.parallel ?? ""} />
      <label for="remove">{t("insights.whatif.remove")}</label>
      <input id="remove" name="remove" value={f.remove ?? ""} />
      <label for="budgetStep">{t("insights.whatif.budgetStep")}</label>
      <input id="budgetStep" name="budgetStep" value={f.budgetStep ?? ""} />
      <label for="budgetDays">{t("insights.whatif.budgetDays")}</label>
      <input id="budgetDays" name="budgetDays" value={f.budgetDays ?? ""} inputmode="numeric" />
    </>
  );
}

function Hidden({ values }: { values: Record<string, string | number | undefined> }) {
  return (
    <>
      {Object.entries(values).map(([name, value]) =>
        value === undefined || value === "" ? null : (
          <input type="hidden" name={name} value={String(value)} key={name} />
        ),
      )}
    </>
  );
}

const shown = (ctx: PageContext, f: Figure) =>
  ctx.t("insights.whatif.interval", { value: f.value, low: f.low, high: f.high });

function Estimate({ ctx, r }: { ctx: PageContext; r: WhatIfResult }) {
  const { t } = ctx;
  const e = r.estimate;
  return (
    <section aria-labelledby="estimate">
      <h2 id="estimate">{t("insights.whatif.estimate")}</h2>
      {e && (
        <section class="table-scroll" aria-labelledby="estimate" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("insights.whatif.figure")}</th>
                <th scope="col">{t("insights.whatif.baseline")}</th>
                <th scope="col">{t("insights.whatif.proposal")}</th>
                <th scope="col">{t("insights.whatif.saving")}</th>
              </tr>
            </thead>
            <tbody>
              {(["mean", "median", "p90"] as const).map((k) => (
                <tr key={k}>
                  <th scope="row">{t(`insights.whatif.${k}`)}</th>
                  <td>{shown(ctx, e.baseline[k])}</td>
                  <td>{shown(ctx, e.proposal[k])}</td>
                  <td>{shown(ctx, e.saving[k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p role="status">{ctx.locale === "en" ? r.explanation.en : r.explanation.zh}</p>
      {r.budgets.length > 0 && (
        <>
          <h3>{t("insights.whatif.budgets")}</h3>
          <ul>
            {r.budgets.map((b) => (
              <li key={b.step}>
                {t("insights.whatif.budgetLine", {
                  step: b.step,
                  previous: b.previousDays,
                  days: b.days,
                  over: b.shareOver === null ? "—" : `${Math.round(b.shareOver * 100)}%`,
                  overBefore:
                    b.shareOverPrevious === null ? "—" : `${Math.round(b.shareOverPrevious * 100)}%`,
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export interface WhatIfView {
  q: MiningQuery;
  fields: ChangeFields;
  itemName: { zh: string; en: string } | null;
  steps: string[];
  result: WhatIfResult | null;
  problems: { id: string; text: string }[];
  saved: number | undefined;
  mayPropose: boolean;
}

export function WhatIfPage({ ctx, v }: { ctx: PageContext; v: WhatIfView }) {
  const { t } = ctx;
  const scope = { item: v.q.item, version: v.q.version, region: v.q.region, from: v.q.from, to: v.q.to };
  return (
    <>
      <h1>
        {v.itemName
          ? `${textOf(ctx, v.itemName)} · ${t("insights.whatif.title")}`
          : t("insights.whatif.title")}
      </h1>
      <ProblemSummary title={t("insights.whatif.changes")} problems={v.problems} />
      <p class="lead">{t("insights.whatif.lead")}</p>
      {v.saved !== undefined && <p role="status">{t("insights.whatif.saved", { version: v.saved })}</p>}
      {!v.itemName && <ScopeForm ctx={ctx} q={v.q} action={WHAT_IF_PAGE} />}
      {v.itemName && (
        <>
          <p>
            <a href={`${PROCESS_PAGE}?${scopeQuery(scope)}`}>{t("insights.process.title")}</a>
          </p>
          <p>{t("insights.whatif.steps", { steps: v.steps.join(", ") })}</p>
          <form method="get" action={WHAT_IF_PAGE} class="filters">
            <Hidden values={scope} />
            <fieldset>
              <legend>{t("insights.whatif.changes")}</legend>
              <ChangeInputs ctx={ctx} f={v.fields} />
              <button type="submit">{t("insights.whatif.calculate")}</button>
            </fieldset>
          </form>
        </>
      )}
      {v.result && <Estimate ctx={ctx} r={v.result} />}
      {v.result && v.mayPropose && (
        <form method="post" action={WHAT_IF_DRAFTS}>
          <CsrfField token={ctx.csrfToken} />
          <Hidden values={{ ...scope, ...v.fields }} />
          <button type="submit">{t("insights.whatif.save")}</button>
        </form>
      )}
    </>
  );
}
