import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { WORK } from "../cases/work-kit.tsx";
import { Equity } from "./dashboard-sections.tsx";
import { DASHBOARD, dashboardHref, EQUITY } from "./dashboard-views.tsx";
import type { EquityView } from "./equity.ts";
import { percent } from "./format.ts";
import { Places } from "./place-views.tsx";

export function EquityPage({ ctx, v }: { ctx: PageContext; v: EquityView }) {
  const { t } = ctx;
  const filter = { department: null, item: null, channel: null };
  const d = { period: v.period, filter };
  const ofVillages = (n: number) => percent(ctx, v.reach.villages > 0 ? n / v.reach.villages : null);
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: t("work.title"), href: WORK },
          ...v.trail.map((r) => ({ label: r.name, href: dashboardHref(d, r.code, EQUITY) })),
          { label: v.region.name, href: dashboardHref(d, v.region.code, DASHBOARD) },
          { label: t("insights.eq.title") },
        ]}
      />
      <h1>{t("insights.eq.heading", { region: v.region.name })}</h1>
      <p class="lead">{t("insights.eq.lead")}</p>
      <p>
        {t("insights.period")}: {v.period.from} – {v.period.to}
      </p>
      <Equity ctx={ctx} equity={v.equity} />
      <p class="hint">{t("insights.eq.worstNote", { min: v.minimumDecided })}</p>
      {v.region.level < 4 && (
        <Places ctx={ctx} id="townships" heading={t("insights.eq.worstTownships")} rows={v.worstTownships} />
      )}
      {v.region.level < 5 && (
        <Places ctx={ctx} id="villages" heading={t("insights.eq.worstVillages")} rows={v.worstVillages} />
      )}
      <section aria-labelledby="reach">
        <h2 id="reach">{t("insights.eq.reach")}</h2>
        <ul>
          <li>{t("insights.eq.villages", { n: v.reach.villages })}</li>
          <li>
            {t("insights.eq.withPoint", { n: v.reach.withPoint, share: ofVillages(v.reach.withPoint) })}
          </li>
          <li>
            {t("insights.eq.withAgent", { n: v.reach.withAgent, share: ofVillages(v.reach.withAgent) })}
          </li>
          <li>
            {t("insights.eq.items", {
              atPoints: v.items.atPoints,
              offered: v.items.offered,
              share: percent(ctx, v.items.share),
            })}
          </li>
        </ul>
        <h3>{t("insights.eq.unreached", { n: v.reach.unreached })}</h3>
        {v.reach.unreachedVillages.length > 0 && (
          <ul class="columns">
            {v.reach.unreachedVillages.map((village) => (
              <li key={village.code}>
                {village.name} <span class="hint">{village.code}</span>
              </li>
            ))}
          </ul>
        )}
        {v.reach.unreached > v.reach.unreachedVillages.length && (
          <p class="hint">
            {t("insights.eq.unreachedMore", {
              shown: v.reach.unreachedVillages.length,
              n: v.reach.unreached,
            })}
          </p>
        )}
      </section>
    </>
  );
}
