import { chinaDateTime } from "../../platform/documents/dates.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { ProblemSummary } from "../../web/problems.tsx";
import type { ItemContent } from "../catalog/content.ts";
import { FormPage, formPages, inLocale } from "../catalog/form-render.tsx";
import type { PlaceOffering } from "../catalog/offerings-store.ts";
import type { Site } from "../halls/sites.ts";
import type { PointCase } from "./store.ts";

const siteName = (ctx: PageContext, site: Site) =>
  ctx.locale === "en" && site.nameEn ? site.nameEn : site.name;

export const pointPath = (code: string) => `/points/${encodeURIComponent(code)}`;

/** The points where the agent serves; most agents serve at one, and go straight there. */
export function MyPoints({ ctx, points }: { ctx: PageContext; points: Site[] }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("point.mine.title")}</h1>
      {points.length === 0 ? (
        <p>{t("point.mine.none")}</p>
      ) : (
        <ul>
          {points.map((p) => (
            <li key={p.code}>
              <a href={pointPath(p.code)}>{siteName(ctx, p)}</a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Where a case stands, in the agent's words: what the villager is waiting for. */
function stateText(ctx: PageContext, c: PointCase): string {
  if (c.state === "closed") return ctx.t(c.outcome === "granted" ? "point.state.done" : "point.state.closed");
  return ctx.t(
    `point.state.${c.state === "delivery" ? "delivery" : c.state === "supplement" ? "supplement" : "open"}`,
  );
}

/**
 * The agent's page at a point: what they took in, newest first, the results to bring to the village
 * (送证上门), and the outbox of intakes made while offline (filled by the enhancement script).
 */
export function PointHome({
  ctx,
  point,
  cases,
  taken,
}: {
  ctx: PageContext;
  point: Site;
  cases: PointCase[];
  taken: string | undefined;
}) {
  const { t, locale } = ctx;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("point.mine.title"), href: "/points" }, { label: siteName(ctx, point) }]}
      />
      <h1>{siteName(ctx, point)}</h1>
      {taken && (
        <p class="notice" role="status">
          {t("point.taken", { number: taken })}{" "}
          <a href={`/cases/${encodeURIComponent(taken)}`}>{t("point.taken.follow")}</a>
        </p>
      )}
      <p>
        <a class="button" href={`${pointPath(point.code)}/intake`}>
          {t("point.intake.new")}
        </a>
      </p>
      <section id="outbox" aria-labelledby="outbox-title" aria-live="polite" hidden>
        <h2 id="outbox-title">{t("point.outbox.title")}</h2>
        <ul />
      </section>
      <h2>{t("point.work.title")}</h2>
      {cases.length === 0 ? (
        <p>{t("point.work.none")}</p>
      ) : (
        <table class="worklist">
          <thead>
            <tr>
              <th scope="col">{t("point.work.number")}</th>
              <th scope="col">{t("point.work.item")}</th>
              <th scope="col">{t("point.work.villager")}</th>
              <th scope="col">{t("point.work.state")}</th>
              <th scope="col">{t("point.work.submitted")}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={`/cases/${encodeURIComponent(c.number)}`}>{c.number}</a>
                </td>
                <td>{inLocale(c.itemName, locale)}</td>
                <td lang="zh-CN">{c.applicantName}</td>
                <td>
                  {stateText(ctx, c)}
                  {c.state === "delivery" && c.deliveryMethod === "pickup" && (
                    <form method="post" action={`${pointPath(point.code)}/cases/${c.id}/handover`}>
                      <CsrfField token={ctx.csrfToken} />
                      <button class="button secondary" type="submit">
                        {t("point.handover")}
                      </button>
                    </form>
                  )}
                </td>
                <td>{chinaDateTime(c.submittedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** What the point's villagers can apply for: the agent picks the item, then fills its one page. */
export function ChooseItem({
  ctx,
  point,
  offerings,
}: {
  ctx: PageContext;
  point: Site;
  offerings: PlaceOffering[];
}) {
  const { t, locale } = ctx;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: siteName(ctx, point), href: pointPath(point.code) },
          { label: t("point.intake.choose") },
        ]}
      />
      <h1>{t("point.intake.choose")}</h1>
      {offerings.length === 0 ? (
        <p>{t("point.intake.noItems")}</p>
      ) : (
        <ul class="items">
          {offerings.map((o) => (
            <li key={o.offeringId}>
              <a href={`${pointPath(point.code)}/intake/${o.offeringId}`}>
                {locale === "en" && o.nameEn ? o.nameEn : o.name}
              </a>{" "}
              <span class="hint">
                {locale === "en" && o.departmentNameEn ? o.departmentNameEn : o.departmentName}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface IntakeState {
  values: Record<string, unknown>;
  /** Each field's problem, by the input's id. */
  errors: Record<string, string>;
  /** Problems not of one field (consent, the point's area, a material). */
  others: { id: string; text: string }[];
  token: string;
}

/**
 * The agent's one-page intake for a villager (收件): who they are, their consent — signed on the tablet
 * where JavaScript runs, otherwise a mandate given before — the item's form and materials. It posts as
 * one multipart form without JavaScript; with it, the outbox keeps it on the device until it is sent.
 */
export function IntakeForm({
  ctx,
  point,
  offeringId,
  itemName,
  content,
  state,
}: {
  ctx: PageContext;
  point: Site;
  offeringId: string;
  itemName: string;
  content: ItemContent;
  state: IntakeState;
}) {
  const { t, locale } = ctx;
  const problems = [...Object.entries(state.errors).map(([id, text]) => ({ id, text })), ...state.others];
  const action = `${pointPath(point.code)}/intake/${offeringId}?_csrf=${encodeURIComponent(ctx.csrfToken ?? "")}`;
  const value = (name: string) =>
    typeof state.values[name] === "string" ? (state.values[name] as string) : "";
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: siteName(ctx, point), href: pointPath(point.code) },
          { label: t("point.intake.choose"), href: `${pointPath(point.code)}/intake` },
          { label: itemName },
        ]}
      />
      <h1>{t("point.intake.title", { item: itemName })}</h1>
      <ProblemSummary title={t("account.errorSummary")} problems={problems} />
      <form
        id="intake"
        method="post"
        action={action}
        enctype="multipart/form-data"
        novalidate
        data-outbox={pointPath(point.code)}
      >
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="_token" value={state.token} />
        <fieldset>
          <legend>{t("point.intake.villager")}</legend>
          {(["principalIdNumber", "principalName"] as const).map((name) => (
            <div key={name} class={state.errors[name] ? "field-error" : undefined}>
              <label for={name}>{t(`point.intake.${name}`)}</label>
              {state.errors[name] && (
                <span class="error-message" id={`${name}-error`}>
                  {state.errors[name]}
                </span>
              )}
              <input
                id={name}
                name={name}
                value={value(name)}
                autocomplete="off"
                required
                inputmode={name === "principalIdNumber" ? "text" : undefined}
                aria-invalid={state.errors[name] ? "true" : undefined}
                aria-describedby={state.errors[name] ? `${name}-error` : undefined}
              />
            </div>
          ))}
        </fieldset>
        <fieldset id="consent">
          <legend>{t("point.consent.title")}</legend>
          <p class="hint">{t("point.consent.lead")}</p>
          <div class="signature" hidden>
            <canvas id="signature-pad" width={600} height={200} aria-label={t("point.consent.pad")} />
            <button type="button" class="link-button" id="signature-clear">
              {t("point.consent.clear")}
            </button>
          </div>
          <input type="hidden" name="signature" id="signature" value={value("signature")} />
          <p class="no-js-only">
            {t("point.consent.noScript")} <a href="/account/mandates/held">{t("point.consent.byCode")}</a>
          </p>
        </fieldset>
        <fieldset>
          <legend>{t("point.intake.form")}</legend>
          {formPages(content.form).map((_page, i) => (
            <FormPage
              key={String(i)}
              form={content.form}
              page={i}
              values={state.values}
              errors={Object.fromEntries(
                Object.entries(state.errors)
                  .filter(([id]) => id.startsWith("f-"))
                  .map(([id, text]) => [id.slice(2), text]),
              )}
              t={t}
              locale={locale}
              idPrefix="f-"
            />
          ))}
        </fieldset>
        {content.materials.length > 0 && (
          <fieldset>
            <legend>{t("point.intake.materials")}</legend>
            {content.materials.map((m) => (
              <div key={m.key}>
                <label for={`m-${m.key}`}>
                  {inLocale(m.name, locale)}
                  {m.required ? null : ` ${t("point.intake.optional")}`}
                </label>
                <input
                  id={`m-${m.key}`}
                  type="file"
                  name={`m_${m.key}`}
                  accept=".pdf,.jpg,.jpeg,.png"
                  capture="environment"
                />
              </div>
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend>{t("point.intake.delivery")}</legend>
          {(["pickup", "download"] as const).map((method) => (
            <div key={method}>
              <input
                type="radio"
                id={`delivery-${method}`}
                name="delivery"
                value={method}
                checked={(value("delivery") || "pickup") === method}
              />
              <label for={`delivery-${method}`}>{t(`point.intake.delivery.${method}`)}</label>
            </div>
          ))}
        </fieldset>
        <p class="outbox-state" id="intake-state" role="status" aria-live="polite" />
        <button class="button" type="submit">
          {t("point.intake.submit")}
        </button>
      </form>
    </>
  );
}
