import type { MessageKey } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, Field, type FormErrors, Submit, type Values } from "../applicants/form-kit.tsx";
import { When } from "../cases/work-kit.tsx";
import { TEXT_MAX, TEXT_MIN } from "./filing.ts";
import type { PlaceStep } from "./places.ts";
import { CONTACT_PREFERENCES, SATISFACTIONS } from "./tables.ts";
import type { Category, PublicReply, RequestView } from "./views.ts";

export const NEW = "/requests/new";
const k = (key: string) => key as MessageKey;
const dayText = (ctx: PageContext, at: Date) =>
  new Intl.DateTimeFormat(ctx.locale === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
  }).format(at);
const catName = (ctx: PageContext, c: { name: string; nameEn: string }) =>
  ctx.locale === "en" ? c.nameEn : c.name;

function TextArea(props: {
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
      <form class="stack" method="post" action="/requests" novalidate>
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
        <Submit>{t("requests.submit")}</Submit>
      </form>
    </>
  );
}

export function LookupPage({ ctx, notFound }: { ctx: PageContext; notFound: boolean }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("requests.follow.lookup")}</h1>
      <p class="lead">{t("requests.follow.lookupLead")}</p>
      {notFound && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>
            <a href="#number">{t("requests.follow.notFound")}</a>
          </p>
        </div>
      )}
      <form class="stack" method="get" action="/requests/follow">
        <Field id="number" label={t("requests.follow.number")} inputmode="numeric" autocomplete="off" />
        <Field id="token" label={t("requests.filed.token")} autocomplete="off" />
        <Submit>{t("requests.follow.go")}</Submit>
      </form>
    </>
  );
}

/** The request as its requester follows it; the token rides along in the forms, never in a cookie. */
export function FollowPage(props: {
  ctx: PageContext;
  view: RequestView;
  token?: string | undefined;
  filed: boolean;
  errors: FormErrors;
}) {
  const { ctx, view, token, filed, errors } = props;
  const { t } = ctx;
  const path = `/requests/${view.number}`;
  return (
    <>
      <h1>{t("requests.follow.title", { number: view.number })}</h1>
      {filed && (
        <div class="notice" role="status">
          <h2>{t("requests.filed.title")}</h2>
          <p>{t("requests.filed.keep")}</p>
          <dl class="facts">
            <dt>{t("requests.follow.number")}</dt>
            <dd>{view.number}</dd>
            {token && (
              <>
                <dt>{t("requests.filed.token")}</dt>
                <dd>
                  <code>{token}</code>
                </dd>
              </>
            )}
          </dl>
        </div>
      )}
      <ErrorSummary t={t} errors={errors} firstField="reason" />
      <dl class="facts">
        <dt>{t("requests.field.category")}</dt>
        <dd>{catName(ctx, view.category)}</dd>
        <dt>{t("requests.view.state")}</dt>
        <dd>{t(k(`requests.state.${view.state}`))}</dd>
        <dt>{t("requests.view.received")}</dt>
        <dd>
          <When ctx={ctx} at={view.receivedAt} />
        </dd>
        <dt>{t("requests.view.due")}</dt>
        <dd>
          <When ctx={ctx} at={view.dueAt} day /> {view.overdue && t("requests.view.dueOver")}
        </dd>
        {view.holder && (
          <>
            <dt>{t("requests.view.holder")}</dt>
            <dd>{catName(ctx, view.holder)}</dd>
          </>
        )}
      </dl>
      <h2>{t("requests.field.text")}</h2>
      <p class="pre">{view.text}</p>
      <h2>{t("requests.view.reply")}</h2>
      {view.reply ? <p class="pre">{view.reply.text}</p> : <p>{t("requests.view.noReply")}</p>}
      {view.satisfaction && (
        <p>
          {t("requests.view.satisfaction", { value: t(k(`requests.satisfaction.${view.satisfaction}`)) })}
        </p>
      )}
      {view.actions.includes("rate") && (
        <form class="stack" method="post" action={`${path}/rate`}>
          <CsrfField token={ctx.csrfToken} />
          {token && <input type="hidden" name="token" value={token} />}
          <fieldset>
            <legend>{t("requests.rate.title")}</legend>
            {SATISFACTIONS.map((s, i) => (
              <div key={s}>
                <input
                  type="radio"
                  id={`satisfaction-${s}`}
                  name="satisfaction"
                  value={s}
                  checked={i === 0}
                />
                <label for={`satisfaction-${s}`}>{t(k(`requests.satisfaction.${s}`))}</label>
              </div>
            ))}
          </fieldset>
          <Submit>{t("requests.rate.submit")}</Submit>
        </form>
      )}
      {view.actions.includes("reopen") && view.reopenUntil && (
        <form class="stack" method="post" action={`${path}/reopen`}>
          <CsrfField token={ctx.csrfToken} />
          {token && <input type="hidden" name="token" value={token} />}
          <h2>{t("requests.reopen.title")}</h2>
          <p class="hint">{t("requests.reopen.until", { date: dayText(ctx, view.reopenUntil) })}</p>
          <TextArea id="reason" label={t("requests.reopen.reason")} error={errors.fields.reason} rows={3} />
          <Submit>{t("requests.reopen.submit")}</Submit>
        </form>
      )}
      <h2>{t("requests.view.history")}</h2>
      <ol>
        {view.events.map((e) => (
          <li key={`${e.at.toISOString()}${e.action}`}>
            <When ctx={ctx} at={e.at} /> {t(k(`requests.action.${e.action}`))}
            {e.department ? ` · ${catName(ctx, e.department)}` : ""}
            {e.reason ? ` · ${e.reason}` : ""}
          </li>
        ))}
      </ol>
    </>
  );
}

export function RepliesPage({
  ctx,
  replies,
  next,
}: {
  ctx: PageContext;
  replies: PublicReply[];
  next: string | undefined;
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("requests.replies.title")}</h1>
      <p class="lead">{t("requests.replies.lead")}</p>
      {replies.length === 0 && <p>{t("requests.replies.none")}</p>}
      {replies.map((r) => (
        <article key={r.number} class="reply">
          <h2>
            {t(k(`requests.kind.${r.kind}`))} · {r.number}
          </h2>
          <p class="meta">
            <When ctx={ctx} at={r.replied_at} />
          </p>
          <p class="pre">{r.reply_public_text}</p>
        </article>
      ))}
      {next && (
        <p>
          <a href={next}>{t("requests.replies.more")}</a>
        </p>
      )}
    </>
  );
}
