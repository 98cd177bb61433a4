import type { MessageKey } from "../../platform/i18n/index.ts";
import type { PageContext } from "../../web/layout.tsx";
import type { BundleFigures } from "./beside.ts";
import type { Dashboard, Figures } from "./dashboard.ts";
import { decimal, named, percent, whole } from "./format.ts";

/**
 * The dashboard's sections beside the cases' figures: the rural–urban gap, the public's voice and the
 * one-thing bundles.
 */

/** Villagers' figures beside townspeople's, with the ratio; `more` links the fuller equity view. */
export function Equity({
  ctx,
  equity,
  more,
}: {
  ctx: PageContext;
  equity: Dashboard["equity"];
  more?: string;
}) {
  const { t } = ctx;
  const { rural, urban, unknown, ratios } = equity;
  const rows: { key: MessageKey; value: (f: Figures) => string; ratio: number | null }[] = [
    { key: "insights.key.received", value: (f) => whole(ctx, f.received), ratio: null },
    { key: "insights.key.daysMean", value: (f) => decimal(ctx, f.days.mean), ratio: ratios.days },
    { key: "insights.key.onlineRate", value: (f) => percent(ctx, f.onlineRate), ratio: ratios.onlineRate },
    { key: "insights.key.visitsPerCase", value: (f) => decimal(ctx, f.visitsPerCase), ratio: ratios.visits },
    {
      key: "insights.key.satisfaction",
      value: (f) => percent(ctx, f.ratings.satisfaction),
      ratio: ratios.satisfaction,
    },
  ];
  return (
    <section aria-labelledby="equity">
      <h2 id="equity">{t("insights.equity.heading")}</h2>
      <p>{t("insights.equity.lead")}</p>
      {more && (
        <p>
          <a href={more}>{t("insights.eq.link")}</a>
        </p>
      )}
      <section class="table-wrap" aria-labelledby="equity" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("insights.equity.measure")}</th>
              <th scope="col">{t("insights.equity.rural")}</th>
              <th scope="col">{t("insights.equity.urban")}</th>
              <th scope="col">{t("insights.equity.ratio")}</th>
              <th scope="col">{t("insights.equity.unknown")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{t(r.key)}</th>
                <td>{r.value(rural)}</td>
                <td>{r.value(urban)}</td>
                <td>{r.ratio === null ? "—" : decimal(ctx, r.ratio)}</td>
                <td>{r.value(unknown)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

/** 12345 requests and rectifications: how many, how soon, how many on time, what is still open. */
export function Voice({ ctx, d }: { ctx: PageContext; d: Dashboard }) {
  const { t } = ctx;
  const rows = [
    { key: "insights.voice.requests", f: d.voice.requests },
    { key: "insights.voice.rectifications", f: d.voice.rectifications },
  ] as const;
  return (
    <section aria-labelledby="voice">
      <h2 id="voice">{t("insights.voice.heading")}</h2>
      <section class="table-wrap" aria-labelledby="voice" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("insights.voice.kind")}</th>
              <th scope="col">{t("insights.voice.received")}</th>
              <th scope="col">{t("insights.voice.answered")}</th>
              <th scope="col">{t("insights.voice.meanDays")}</th>
              <th scope="col">{t("insights.voice.onTime")}</th>
              <th scope="col">{t("insights.voice.backlog")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ key, f }) => (
              <tr key={key}>
                <th scope="row">{t(key)}</th>
                <td>{whole(ctx, f.received)}</td>
                <td>{whole(ctx, f.answered)}</td>
                <td>{decimal(ctx, f.meanDays)}</td>
                <td>{percent(ctx, f.onTimeRate)}</td>
                <td>{whole(ctx, f.backlog)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

/** 一件事一次办: each bundle's time against the sum of its parts, and all bundles together. */
export function Bundles({ ctx, bundles }: { ctx: PageContext; bundles: Dashboard["bundles"] }) {
  const { t } = ctx;
  const rows: { key: string; label: string; f: BundleFigures }[] = [
    ...bundles.byBundle.map((b) => ({ key: b.code, label: named(ctx, b), f: b.figures })),
    ...(bundles.byBundle.length > 1 ? [{ key: "", label: t("insights.bundles.all"), f: bundles.total }] : []),
  ];
  return (
    <section aria-labelledby="bundles">
      <h2 id="bundles">{t("insights.bundles.heading")}</h2>
      <p>{t("insights.bundles.lead")}</p>
      {rows.length === 0 ? (
        <p>{t("insights.bundles.none")}</p>
      ) : (
        <section class="table-wrap" aria-labelledby="bundles" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("insights.bundles.name")}</th>
                <th scope="col">{t("insights.bundles.received")}</th>
                <th scope="col">{t("insights.bundles.settled")}</th>
                <th scope="col">{t("insights.bundles.meanDays")}</th>
                <th scope="col">{t("insights.bundles.meanPartsDays")}</th>
                <th scope="col">{t("insights.bundles.ratio")}</th>
                <th scope="col">{t("insights.bundles.backlog")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ key, label, f }) => (
                <tr key={key}>
                  <th scope="row">{label}</th>
                  <td>{whole(ctx, f.received)}</td>
                  <td>{whole(ctx, f.settled)}</td>
                  <td>{decimal(ctx, f.meanDays)}</td>
                  <td>{decimal(ctx, f.meanPartsDays)}</td>
                  <td>{decimal(ctx, f.ratio)}</td>
                  <td>{whole(ctx, f.backlog)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
