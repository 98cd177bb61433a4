import { chinaDateTime } from "../../platform/documents/dates.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ProblemSummary } from "../../web/problems.tsx";
import { FormPage, formPages, inLocale } from "../catalog/form-render.tsx";
import { applyAloneUrl, certificateUrl } from "./present.ts";
import type { BundleApplicationView, BundleOffer } from "./service.ts";
import { childProgress, nextStep } from "./status.ts";

/** The views of the bundle pages: the list, the one form, the combined status and the result package. */

export function BundleList({ ctx, offers }: { ctx: PageContext; offers: BundleOffer[] }) {
  const { t, locale } = ctx;
  return (
    <>
      <h1>{t("bundle.list.title")}</h1>
      <p>{t("bundle.list.intro")}</p>
      {ctx.actor.kind === "person" ? (
        <p>
          <a href="/bundles/applications">{t("bundle.list.mine")}</a>
        </p>
      ) : null}
      {offers.length === 0 ? <p>{t("bundle.list.none")}</p> : null}
      <ul class="bundle-list">
        {offers.map(({ bundle }) => (
          <li key={bundle.code}>
            <h2>
              <a href={`/bundles/${bundle.code}`}>{inLocale(bundle.definition.name, locale)}</a>
            </h2>
            <p>{inLocale(bundle.definition.summary, locale)}</p>
            <p>{t("bundle.list.children", { count: bundle.definition.children.length })}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

export interface FormState {
  values: Record<string, unknown>;
  /** Each field's problem in the reader's words, by combined field name. */
  errors: Record<string, string>;
  /** Problems not of one field of the form (a material, a child's own requirement). */
  others: { id: string; text: string }[];
  token: string;
}

export function BundleForm({
  ctx,
  offer,
  itemNames,
  state,
}: {
  ctx: PageContext;
  offer: BundleOffer;
  itemNames: string[];
  state: FormState;
}) {
  const { t, locale } = ctx;
  const { bundle } = offer;
  const definition = bundle.definition;
  const problems = [
    ...Object.entries(state.errors).map(([name, text]) => ({ id: `f-${name}`, text })),
    ...state.others,
  ];
  const action = `/bundles/${bundle.code}/apply?_csrf=${encodeURIComponent(ctx.csrfToken ?? "")}`;
  return (
    <>
      <h1>{t("bundle.apply.title", { name: inLocale(definition.name, locale) })}</h1>
      <p>{inLocale(definition.summary, locale)}</p>
      <ProblemSummary title={t("bundle.problem.summary")} problems={problems} />
      <h2>{t("bundle.apply.items")}</h2>
      <ol>
        {itemNames.map((name, i) => (
          <li key={definition.children[i]?.itemCode}>
            {name}
            {offer.offerings?.[i]
              ? ` — ${offer.offerings[i]?.departmentName}`
              : ` ${t("bundle.apply.notOffered")}`}
          </li>
        ))}
      </ol>
      {offer.offered === false ? (
        <p class="notice">{t("bundle.apply.notHere")}</p>
      ) : ctx.actor.kind !== "person" ? (
        <p>
          <a class="button" href={`/account/signin?next=${encodeURIComponent(`/bundles/${bundle.code}`)}`}>
            {t("bundle.apply.signIn")}
          </a>
        </p>
      ) : (
        <form method="post" action={action} enctype="multipart/form-data" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="_token" value={state.token} />
          <fieldset>
            <legend>{t("bundle.apply.form")}</legend>
            {formPages(definition.form).map((_page, i) => (
              <FormPage
                key={String(i)}
                form={definition.form}
                page={i}
                values={state.values}
                errors={state.errors}
                t={t}
                locale={locale}
                idPrefix="f-"
              />
            ))}
          </fieldset>
          {definition.materials.length > 0 ? (
            <fieldset>
              <legend>{t("bundle.apply.materials")}</legend>
              {definition.materials.map((m) => (
                <div class="form-field" key={m.key}>
                  <label for={`m-${m.key}`}>
                    {inLocale(m.name, locale)}
                    {m.required ? null : ` ${t("bundle.apply.optional")}`}
                  </label>
                  {m.notes ? <p class="hint">{inLocale(m.notes, locale)}</p> : null}
                  <input id={`m-${m.key}`} type="file" name={`m_${m.key}`} accept=".pdf,.jpg,.jpeg,.png" />
                </div>
              ))}
            </fieldset>
          ) : null}
          <button type="submit">{t("bundle.apply.submit")}</button>
        </form>
      )}
    </>
  );
}

/** Seconds as days, hours and minutes, the largest two that are not zero. */
function duration(seconds: number, locale: PageContext["locale"]): string {
  const units: [number, string, string][] = [
    [86_400, "天", " d"],
    [3_600, "小时", " h"],
    [60, "分钟", " min"],
    [1, "秒", " s"],
  ];
  const parts: string[] = [];
  let left = Math.round(seconds);
  for (const [size, zh, en] of units) {
    const n = Math.floor(left / size);
    left -= n * size;
    if (n > 0 && parts.length < 2) parts.push(`${n}${locale === "en" ? en : zh}`);
  }
  return parts.length > 0 ? parts.join(locale === "en" ? " " : "") : locale === "en" ? "0 s" : "0秒";
}

export function BundleStatusView({ ctx, view }: { ctx: PageContext; view: BundleApplicationView }) {
  const { t, locale } = ctx;
  const { application, children, status } = view;
  const licences = children.filter((c) => c.licenceId !== null);
  return (
    <>
      <h1>{inLocale(application.bundleName, locale)}</h1>
      <p class={`bundle-status bundle-${status}`}>
        <strong>{t(`bundle.status.${status}`)}</strong>
      </p>
      <p>{t("bundle.status.submitted", { when: chinaDateTime(application.submittedAt, locale) })}</p>
      <h2>{t("bundle.status.children")}</h2>
      <ol class="bundle-children">
        {children.map((c) => {
          const next = nextStep(c);
          const department = c.departmentName ? inLocale(c.departmentName, locale) : "";
          return (
            <li key={c.caseId}>
              <h3>{inLocale(c.itemName, locale)}</h3>
              <p>
                {department ? `${department} · ` : ""}
                {t(`bundle.child.${childProgress(c)}`)}
              </p>
              <p>
                <a href={`/cases/${c.number}`}>{t("bundle.child.progress", { number: c.number })}</a>
              </p>
              {next ? (
                <div class="notice">
                  <p>{t(`bundle.next.${next}`, { department })}</p>
                  <p>
                    <a href={applyAloneUrl(c.offeringId)}>{t("bundle.next.apply")}</a>
                  </p>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      <h2>{t("bundle.result.title")}</h2>
      {licences.length === 0 ? (
        <p>{t("bundle.result.none")}</p>
      ) : (
        <ul>
          {licences.map((c) => (
            <li key={c.licenceId}>
              <a href={certificateUrl(c.licenceId as string)}>
                {t("bundle.result.certificate", { item: inLocale(c.itemName, locale) })}
              </a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("bundle.times.title")}</h2>
      <p>
        {application.bundleSeconds !== null && application.childrenSeconds !== null
          ? t("bundle.times.text", {
              bundle: duration(application.bundleSeconds, locale),
              sum: duration(application.childrenSeconds, locale),
            })
          : t("bundle.times.pending")}
      </p>
    </>
  );
}

export function MyBundles({ ctx, views }: { ctx: PageContext; views: BundleApplicationView[] }) {
  const { t, locale } = ctx;
  return (
    <>
      <h1>{t("bundle.mine.title")}</h1>
      {views.length === 0 ? <p>{t("bundle.mine.none")}</p> : null}
      <ul>
        {views.map(({ application, status }) => (
          <li key={application.id}>
            <a href={`/bundles/applications/${application.id}`}>{inLocale(application.bundleName, locale)}</a>
            {` · ${t(`bundle.status.${status}`)} · ${chinaDateTime(application.submittedAt, locale)}`}
          </li>
        ))}
      </ul>
    </>
  );
}
