import { Chart } from "../../web/charts.tsx";
import type { PageContext } from "../../web/layout.tsx";
import { textOf } from "../cases/work-kit.tsx";
import type { MiningQuery, ProcessMap } from "./mining.ts";
import { labelOf, ProcessMapSvg } from "./mining-map.tsx";

export const PROCESS_PAGE = "/work/insights/process";
export const WHAT_IF_PAGE = "/work/insights/what-if";

const percent = (share: number | null) => (share === null ? "—" : `${Math.round(share * 1000) / 10}%`);
const num = (value: number | null) => (value === null ? "—" : String(value));

/** The query string of a page about the same item, version, region and period. */
export function scopeQuery(q: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q))
    if (value !== undefined && value !== "") params.set(key, String(value));
  return params.toString();
}

/** The item, version, region and period to look at: a GET form, so it works without script. */
export function ScopeForm({ ctx, q, action }: { ctx: PageContext; q: MiningQuery; action: string }) {
  const { t } = ctx;
  return (
    <form method="get" action={action} class="filters">
      <fieldset>
        <legend>{t("insights.process.form")}</legend>
        <label for="item">{t("insights.process.item")}</label>
        <input id="item" name="item" value={q.item} required />
        <label for="version">{t("insights.process.version")}</label>
        <input id="version" name="version" value={q.version ?? ""} inputmode="numeric" />
        <label for="region">{t("insights.process.region")}</label>
        <input id="region" name="region" value={q.region ?? ""} inputmode="numeric" />
        <label for="from">{t("insights.process.from")}</label>
        <input id="from" name="from" type="date" value={q.from ?? ""} />
        <label for="to">{t("insights.process.to")}</label>
        <input id="to" name="to" type="date" value={q.to ?? ""} />
        <button type="submit">{t("insights.process.show")}</button>
      </fieldset>
    </form>
  );
}

function StepsTable({ ctx, map }: { ctx: PageContext; map: ProcessMap }) {
  const { t } = ctx;
  const tasks = map.stages.flatMap((s) => s.tasks.map((task) => ({ stage: s, task })));
  const chart = {
    categories: tasks.map(({ task }) => task.step),
    series: [
      { name: t("insights.process.waitSeries"), values: tasks.map(({ task }) => task.wait.median) },
      { name: t("insights.process.workSeries"), values: tasks.map(({ task }) => task.work.median) },
    ],
  };
  return (
    <section aria-labelledby="steps">
      <h2 id="steps">{t("insights.process.steps")}</h2>
      <section class="table-scroll" aria-labelledby="steps" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("insights.process.step")}</th>
              <th scope="col">{t("insights.process.budget")}</th>
              <th scope="col">{t("insights.process.cases")}</th>
              <th scope="col">{t("insights.process.visits")}</th>
              <th scope="col">{t("insights.process.open")}</th>
              <th scope="col">{t("insights.process.wait")}</th>
              <th scope="col">{t("insights.process.work")}</th>
              <th scope="col">{t("insights.process.total")}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map(({ stage, task }) => (
              <tr key={task.step}>
                <th scope="row">
                  {textOf(ctx, stage.name)}
                  {stage.parallel ? ` · ${textOf(ctx, task.name)}` : ""} <code>{task.step}</code>
                </th>
                <td>{task.days}</td>
                <td>{task.cases}</td>
                <td>{task.visits}</td>
                <td>{task.open}</td>
                <td>
                  {num(task.wait.median)} / {num(task.wait.p90)}
                </td>
                <td>
                  {num(task.work.median)} / {num(task.work.p90)}
                </td>
                <td>
                  {num(task.total.min)} / {num(task.total.median)} / {num(task.total.p90)} /{" "}
                  {num(task.total.max)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {map.cases > 0 && (
        <Chart
          data={chart}
          kind="bar"
          caption={t("insights.process.medianChart")}
          categoryHeading={t("insights.process.step")}
        />
      )}
    </section>
  );
}

function Variants({ ctx, map }: { ctx: PageContext; map: ProcessMap }) {
  const { t } = ctx;
  if (map.variants.length === 0) return null;
  const names = map.variants.map((_, i) => `#${i + 1}`);
  return (
    <section aria-labelledby="variants">
      <h2 id="variants">{t("insights.process.variants")}</h2>
      <section class="table-scroll" aria-labelledby="variants" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("insights.process.path")}</th>
              <th scope="col">{t("insights.process.cases")}</th>
              <th scope="col">{t("insights.process.share")}</th>
              <th scope="col">{t("insights.process.meanDays")}</th>
            </tr>
          </thead>
          <tbody>
            {map.variants.map((v, i) => (
              <tr key={v.steps.join(">")}>
                <th scope="row">{names[i]}</th>
                <td>{v.steps.map((s) => labelOf(ctx, map, s)).join(" → ")}</td>
                <td>{v.cases}</td>
                <td>{percent(v.share)}</td>
                <td>{num(v.meanDays)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {map.otherVariantCases > 0 && (
        <p>{t("insights.process.others", { count: map.otherVariantCases, variants: map.variants.length })}</p>
      )}
      <Chart
        data={{
          categories: names,
          series: [{ name: t("insights.process.cases"), values: map.variants.map((v) => v.cases) }],
        }}
        kind="bar"
        caption={t("insights.process.variantChart")}
        categoryHeading="#"
      />
    </section>
  );
}

function Rework({ ctx, map }: { ctx: PageContext; map: ProcessMap }) {
  const { t } = ctx;
  const r = map.rework;
  return (
    <section aria-labelledby="rework">
      <h2 id="rework">{t("insights.process.rework")}</h2>
      <dl class="key-figures">
        <div>
          <dt>{t("insights.process.supplementShare")}</dt>
          <dd>{percent(r.supplementShare)}</dd>
        </div>
        <div>
          <dt>{t("insights.process.meanRounds")}</dt>
          <dd>{num(r.meanSupplementRounds)}</dd>
        </div>
        <div>
          <dt>{t("insights.process.returnShare")}</dt>
          <dd>{percent(r.returnShare)}</dd>
        </div>
        <div>
          <dt>{t("insights.process.meanReturns")}</dt>
          <dd>{num(r.meanReturns)}</dd>
        </div>
      </dl>
    </section>
  );
}

function Slowest({ ctx, map }: { ctx: PageContext; map: ProcessMap }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="slowest">
      <h2 id="slowest">{t("insights.process.slowest")}</h2>
      {map.slowest.length === 0 && <p>{t("insights.process.noParallel")}</p>}
      {map.slowest.map((s) => (
        <section class="table-scroll" key={s.stage} aria-labelledby={`slowest-${s.stage}`} tabindex={0}>
          <table>
            <caption>
              {t("insights.process.slowestStage", { stage: labelOf(ctx, map, s.stage), rounds: s.rounds })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("insights.process.department")}</th>
                <th scope="col">{t("insights.process.timesLast")}</th>
                <th scope="col">{t("insights.process.share")}</th>
                <th scope="col">{t("insights.process.margin")}</th>
              </tr>
            </thead>
            <tbody>
              {s.departments.map((d) => (
                <tr key={d.departmentId}>
                  <th scope="row">{ctx.locale === "en" ? d.nameEn || d.name : d.name}</th>
                  <td>{d.timesLast}</td>
                  <td>{percent(d.share)}</td>
                  <td>{num(d.meanMarginDays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </section>
  );
}

export function ProcessPage({ ctx, q, map }: { ctx: PageContext; q: MiningQuery; map: ProcessMap | null }) {
  const { t } = ctx;
  return (
    <>
      <h1>
        {map
          ? t("insights.process.heading", { item: textOf(ctx, map.item.name), version: map.item.version })
          : t("insights.process.title")}
      </h1>
      <p class="lead">{t("insights.process.lead")}</p>
      <ScopeForm ctx={ctx} q={q} action={PROCESS_PAGE} />
      {map && (
        <>
          <p>
            {t("insights.process.scope", {
              region: map.region.name,
              from: map.period.from,
              to: map.period.to,
              cases: map.cases,
              closed: map.closed,
            })}
          </p>
          {map.item.status === "draft" && <p role="status">{t("insights.process.draft")}</p>}
          {map.uncertain && <p class="hint">{t("insights.process.uncertain")}</p>}
          <p>
            <a
              href={`${WHAT_IF_PAGE}?${scopeQuery({ ...q, item: map.item.code, version: map.item.version })}`}
            >
              {t("insights.process.whatIf")}
            </a>
          </p>
          <section aria-labelledby="map">
            <h2 id="map">{t("insights.process.map")}</h2>
            <p class="hint">{t("insights.process.mapText")}</p>
            <div class="chart-picture">
              <ProcessMapSvg ctx={ctx} map={map} />
            </div>
            <section class="table-scroll" aria-labelledby="map" tabindex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("insights.process.step")}</th>
                    <th scope="col">→</th>
                    <th scope="col">{t("insights.process.cases")}</th>
                  </tr>
                </thead>
                <tbody>
                  {map.edges.map((e) => (
                    <tr key={`${e.source}>${e.target}`}>
                      <th scope="row">{labelOf(ctx, map, e.source)}</th>
                      <td>{labelOf(ctx, map, e.target)}</td>
                      <td>{e.cases}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </section>
          <StepsTable ctx={ctx} map={map} />
          <Variants ctx={ctx} map={map} />
          <Rework ctx={ctx} map={map} />
          <Slowest ctx={ctx} map={map} />
        </>
      )}
    </>
  );
}
