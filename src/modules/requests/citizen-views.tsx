import type { MessageKey } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, Field, type FormErrors, Submit, type Values } from "../applicants/form-kit.tsx";
import { AttachmentField } from "./attachment-views.tsx";
import { TEXT_MAX, TEXT_MIN } from "./filing.ts";
import type { PlaceStep } from "./places.ts";
import { CONTACT_PREFERENCES } from "./tables.ts";
import type { Category } from "./views.ts";

export const NEW = "/requests/new";
const k = (key: string) => key as MessageKey;
const _dayText = (ctx: PageContext, at: Date) =>
  new Intl.DateTimeFormat(ctx.locale === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
  }).format(at);
const catName = (ctx: PageContext, c: { name: string; nameEn: string }) =>
  ctx.locale === "en" ? c.nameEn : c.name;

export function TextArea(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  rows?: number;
}) {
  const described = [props.hint ? `${props.id}-hint` : "", props.error ? `${props.id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={props.error ? "field-error" : undefined}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span class="error-message" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
      <textarea
        id={props.id}
        name={props.id}
        rows={props.rows ?? 6}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described || undefined}
      >
        {props.value ?? ""}
      </textarea>
    </div>
  );
}

/** The place chooser: a GET form of its own, one level at a time, so it needs no script. */
function PlaceChooser({
  ctx,
  place,
  error,
}: {
  ctx: PageContext;
  place: PlaceStep;
  error?: string | undefined;
}) {
  const { t } = ctx;
  const chosen = place.path.at(-1);
  return (
    <form method="get" action={NEW} class={`stack${error ? " field-error" : ""}`}>
      {chosen && (
        <p>{t("requests.field.placeChosen", { name: place.path.map((r) => r.name).join(" › ") })}</p>
      )}
      {error && (
        <p class="error-message" id="near-error">
          {error}
        </p>
      )}
      {place.options.length > 0 && (
        <>
          <label for="near">{t("requests.field.place")}</label>
          <select id="near" name="near" aria-describedby={error ? "near-error" : undefined}>
            {chosen && <option value={chosen.code}>{chosen.name}</option>}
            {place.options.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
          <div>
            <button class="button secondary" type="submit">
              {t("requests.field.placeChoose")}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

export function NewRequestPage(props: {
  ctx: PageContext;
  categories: Category[];
  place: PlaceStep;
  values: Values;
  errors: FormErrors;
}) {
  const { ctx, categories, place, values, errors } = props;
  const { t } = ctx;
  const chosen = place.path.at(-1);
  const signedIn = ctx.actor.kind === "person";
  const preference = values.contactPreference ?? (signedIn ? "sms" : "sms");
  return (
    <>
      <h1>{t("requests.new.title")}</h1>
      <p class="lead">{t("requests.new.lead")}</p>
      <ErrorSummary t={t} errors={errors} firstField="category" />
      <PlaceChooser ctx={ctx} place={place} error={errors.fields.near} />
      <form
        class="stack"
        method="post"
        action={`/requests?_csrf=${encodeURIComponent(ctx.csrfToken ?? "")}`}
        enctype="multipart/form-data"
        novalidate
      >
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="regionCode" value={chosen?.code ?? ""} />
        <div class={errors.fields.category ? "field-error" : undefined}>
          <label for="category">{t("requests.field.category")}</label>
          {errors.fields.category && (
            <span class="error-message" id="category-error">
              {errors.fields.category}
            </span>
          )}
          <select
            id="category"
            name="category"
            aria-describedby={errors.fields.category ? "category-error" : undefined}
          >
            <option value="">—</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code} selected={values.category === c.code}>
                {t(k(`requests.kind.${c.kind}`))} · {catName(ctx, c)} (
                {t("requests.field.dueDays", { days: c.dueWorkingDays })}
                {c.anonymousAllowed ? `, ${t("requests.field.anonymousAllowed")}` : ""})
              </option>
            ))}
          </select>
        </div>
        <TextArea
          id="text"
          label={t("requests.field.text")}
          hint={t("requests.field.textHint", { min: TEXT_MIN, max: TEXT_MAX })}
          error={errors.fields.text}
          value={values.text}
        />
        <Field
          id="address"
          label={t("requests.field.address")}
          value={values.address}
          error={errors.fields.address}
        />
        <Field
          id="lat"
          label={t("requests.field.lat")}
          value={values.lat}
          error={errors.fields.lat}
          inputmode="text"
        />
        <Field
          id="long"
          label={t("requests.field.long")}
          value={values.long}
          error={errors.fields.long}
          inputmode="text"
        />
        <fieldset id="contactPreference" class={errors.fields.contactPreference ? "field-error" : undefined}>
          <legend>{t("requests.field.contactPreference")}</legend>
          {errors.fields.contactPreference && (
            <span class="error-message">{errors.fields.contactPreference}</span>
          )}
          {CONTACT_PREFERENCES.map((p) => (
            <div key={p}>
              <input
                type="radio"
                id={`pref-${p}`}
                name="contactPreference"
                value={p}
                checked={preference === p}
              />
              <label for={`pref-${p}`}>{t(k(`requests.contact.${p}`))}</label>
            </div>
          ))}
        </fieldset>
        {!signedIn && (
          <>
            <p class="hint">{t("requests.field.contactHint")}</p>
            <Field
              id="name"
              label={t("requests.field.name")}
              value={values.name}
              error={errors.fields.name}
              autocomplete="name"
            />
            <Field
              id="phone"
              label={t("requests.field.phone")}
              value={values.phone}
              error={errors.fields.phone}
              inputmode="tel"
              autocomplete="tel"
            />
            <Field
              id="email"
              label={t("requests.field.email")}
              value={values.email}
              error={errors.fields.email}
              inputmode="email"
              autocomplete="email"
            />
          </>
        )}
        <div>
          <input
            type="checkbox"
            id="anonymous"
            name="anonymous"
            value="true"
            checked={values.anonymous === "true"}
          />
          <label for="anonymous">{t("requests.field.anonymous")}</label>
        </div>
        <AttachmentField ctx={ctx} error={errors.fields.attachments} />
        <Submit>{t("requests.submit")}</Submit>
      </form>
    </>
  );
}
