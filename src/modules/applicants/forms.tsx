/** The forms of sign-up, sign-in and password reset; the routes in pages.tsx show them. */
import type { PageContext } from "../../web/layout.tsx";
import { CsrfField } from "../../web/layout.tsx";
import { ErrorSummary, Field, type FormErrors, Submit, type Values } from "./form-kit.tsx";
import { OIDC_START_PATH } from "./oidc-start.ts";

export function SignUpForm({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: Values;
  errors: FormErrors;
}) {
  const { t } = ctx;
  const f = errors.fields;
  return (
    <>
      <h1>{t("account.signup.title")}</h1>
      <p class="lead">{t("account.signup.lead")}</p>
      <ErrorSummary t={t} errors={errors} firstField="name" />
      {errors.form && (
        <p>
          <a href="/account/signin">{t("account.signin.title")}</a> ·{" "}
          <a href="/account/reset">{t("account.signin.forgot")}</a>
        </p>
      )}
      <form class="stack" method="post" action="/account/signup" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          id="name"
          label={t("account.field.name")}
          value={values.name}
          error={f.name}
          autocomplete="name"
          required
        />
        <Field
          id="idNumber"
          label={t("account.field.idNumber")}
          hint={t("account.field.idNumber.hint")}
          value={values.idNumber}
          error={f.idNumber}
          autocomplete="off"
          required
        />
        <Field
          id="email"
          label={t("account.field.email")}
          value={values.email}
          error={f.email}
          autocomplete="email"
          inputmode="email"
          required
        />
        <Field
          id="mobile"
          label={t("account.field.mobile")}
          value={values.mobile}
          error={f.mobile}
          autocomplete="tel"
          inputmode="tel"
        />
        <Field
          id="password"
          type="password"
          label={t("account.field.password")}
          hint={t("account.field.password.hint")}
          error={f.password}
          autocomplete="new-password"
          required
        />
        <Field
          id="addressRegionCode"
          label={t("account.field.addressRegion")}
          hint={t("account.field.addressRegion.hint")}
          value={values.addressRegionCode}
          error={f.addressRegionCode}
          inputmode="numeric"
        />
        <Submit>{t("account.signup.submit")}</Submit>
      </form>
      <p>
        <a href="/account/signin">{t("account.signup.haveAccount")}</a>
      </p>
    </>
  );
}

/** Starts a sign-in through the identity platform: a form, so that only a click does (oidc-start.ts). */
export function OidcStartButton({ ctx, next }: { ctx: PageContext; next: string }) {
  return (
    <form method="post" action={OIDC_START_PATH}>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="next" value={next} />
      <button class="button" type="submit">
        {ctx.t("account.signin.oidc")}
      </button>
    </form>
  );
}

export function SignInForm(props: {
  ctx: PageContext;
  identifier: string;
  next: string;
  errors: FormErrors;
  notice?: string;
  /** The province's identity platform, when one is configured: where its button returns to. */
  oidc?: { next: string } | undefined;
}) {
  const { ctx, errors } = props;
  const { t } = ctx;
  return (
    <>
      <h1>{t("account.signin.title")}</h1>
      {props.notice && <p role="status">{props.notice}</p>}
      <ErrorSummary t={t} errors={errors} firstField="identifier" />
      {props.oidc && (
        <>
          <p>{t("account.signin.oidcLead")}</p>
          <OidcStartButton ctx={ctx} next={props.oidc.next} />
          <p>{t("account.signin.withPassword")}</p>
        </>
      )}
      <form class="stack" method="post" action="/account/signin" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={props.next} />
        <Field
          id="identifier"
          label={t("account.field.identifier")}
          value={props.identifier}
          error={errors.fields.identifier}
          autocomplete="username"
          required
        />
        <Field
          id="password"
          type="password"
          label={t("account.field.password")}
          error={errors.fields.password}
          autocomplete="current-password"
          required
        />
        <Submit>{t("account.signin.submit")}</Submit>
      </form>
      <p>
        <a href="/account/reset">{t("account.signin.forgot")}</a> ·{" "}
        <a href="/account/signup">{t("account.signin.signup")}</a>
      </p>
    </>
  );
}

export function ResetRequestForm({
  ctx,
  email,
  errors,
}: {
  ctx: PageContext;
  email: string;
  errors: FormErrors;
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("account.reset.title")}</h1>
      <p class="lead">{t("account.reset.lead")}</p>
      <ErrorSummary t={t} errors={errors} firstField="email" />
      <form class="stack" method="post" action="/account/reset" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          id="email"
          label={t("account.field.email")}
          value={email}
          error={errors.fields.email}
          autocomplete="email"
          inputmode="email"
          required
        />
        <Submit>{t("account.reset.submit")}</Submit>
      </form>
    </>
  );
}

export function ResetChooseForm({
  ctx,
  token,
  errors,
}: {
  ctx: PageContext;
  token: string;
  errors: FormErrors;
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("account.reset.choose")}</h1>
      <ErrorSummary t={t} errors={errors} firstField="password" />
      {errors.form && (
        <p>
          <a href="/account/reset">{t("account.reset.again")}</a>
        </p>
      )}
      <form class="stack" method="post" action="/account/reset/complete" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <Field
          id="password"
          type="password"
          label={t("account.field.newPassword")}
          hint={t("account.field.password.hint")}
          error={errors.fields.password}
          autocomplete="new-password"
          required
        />
        <Submit>{t("account.reset.chooseSubmit")}</Submit>
      </form>
    </>
  );
}

/** A page that only says something, with links onwards. */
export function Message({
  title,
  text,
  links,
}: {
  title: string;
  text: string;
  links: { href: string; label: string }[];
}) {
  return (
    <>
      <h1>{title}</h1>
      <p class="lead" role="status">
        {text}
      </p>
      <ul>
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href}>{l.label}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
