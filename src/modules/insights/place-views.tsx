import type { MessageKey } from "../../platform/i18n/index.ts";
import type { PageContext } from "../../web/layout.tsx";
import { decimal, percent } from "./format.ts";
import type { Place } from "./place.ts";

/** A table of places — villages, townships, halls, points — with their few figures. */
export function Places({
  ctx,
  id,
  heading,
  rows,
  empty = "insights.eq.noWorst",
}: {
  ctx: PageContext;
  id: string;
  heading: string;
  rows: Place[];
  empty?: MessageKey;
}) {
  const { t } = ctx;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {rows.length === 0 ? (
        <p>{t(empty)}</p>
      ) : (
        <section class="table-wrap" aria-labelledby={id} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("insights.eq.place")}</th>
                <th scope="col">{t("insights.key.closed")}</th>
                <th scope="col">{t("insights.key.daysMean")}</th>
                <th scope="col">{t("insights.key.onlineRate")}</th>
                <th scope="col">{t("insights.key.visitsPerCase")}</th>
                <th scope="col">{t("insights.key.satisfaction")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.code}>
                  <th scope="row">
                    {p.name}
                    {p.urbanRural &&
                      ` (${t(p.urbanRural === "rural" ? "insights.equity.rural" : "insights.equity.urban")})`}
                  </th>
                  <td>{p.closed.toLocaleString(ctx.locale)}</td>
                  <td>{decimal(ctx, p.meanDays)}</td>
                  <td>{percent(ctx, p.onlineRate)}</td>
                  <td>{decimal(ctx, p.visitsPerCase)}</td>
                  <td>{percent(ctx, p.satisfaction)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
