/** The pages of people's second factor: the code at sign-in, enrolling, recovery codes, turning it off. */
import { AuthenticatorSteps, type Scan } from "../../web/authenticator-steps.tsx";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, Field, type FormErrors, NO_ERRORS, Submit } from "./form-kit.tsx";
import type { SecondFactorStatus } from "./second-factor.ts";

export type { Scan };

/** The second step of a password sign-in: a code (or a recovery code), or enrolling first. */
export function SignInCodeForm({
  ctx,
  next,
  scan,
  errors,
}: {
  ctx: PageContext;
  next: string;
  scan: Scan | undefined;
  errors: FormErrors;
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{scan ? t("mfa.enrolTitle") : t("mfa.title")}</h1>
      <ErrorSummary t={t} errors={errors} firstField="code" />
      {scan ? (
        <>
          <p>{t("account.mfa.signinEnrolIntro")}</p>
          <AuthenticatorSteps ctx={ctx} scan={scan} />
        </>
      ) : (
        <p>{t("account.mfa.signinIntro")}</p>
      )}
      <form class="stack" method="post" action="/account/signin/mfa" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={next} />
        <Field
          id="code"
          label={scan ? t("mfa.code") : t("account.mfa.code")}
          hint={scan ? t("mfa.codeHint") : t("account.mfa.codeHint")}
          error={errors.fields.code ?? errors.form}
          autocomplete="one-time-code"
          inputmode={scan ? "numeric" : "text"}
          required
        />
        <Submit>{scan ? t("account.mfa.enrolSubmit") : t("account.mfa.submit")}</Submit>
      </form>
      {!scan && <p class="meta">{t("account.mfa.lostPhone")}</p>}
      <form method="post" action="/account/signin/mfa/cancel">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="link-button">
          {t("mfa.cancel")}
        </button>
      </form>
    </>
  );
}

/** The recovery codes, shown once, right after enrolling. */
export function RecoveryCodes({ ctx, codes, next }: { ctx: PageContext; codes: string[]; next: string }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("account.mfa.codesTitle")}</h1>
      <p role="status">{t("account.mfa.enrolled")}</p>
      <p>{t("account.mfa.codesLead")}</p>
      <ul class="recovery-codes" lang="en">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={next}>
          {t("account.mfa.continue")}
        </a>
      </p>
    </>
  );
}

/** After the password: the secret to scan, and its first code. Without `scan`, a wrong code asked again. */
export function EnrolForm({
  ctx,
  scan,
  minutes,
  errors,
}: {
  ctx: PageContext;
  scan: Scan | undefined;
  minutes: number;
  errors: FormErrors;
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("account.mfa.enrolTitle")}</h1>
      <ErrorSummary t={t} errors={errors} firstField="en-code" />
      {scan && <AuthenticatorSteps ctx={ctx} scan={scan} />}
      <p>{t("account.mfa.confirmLead", { minutes })}</p>
      <form class="stack" method="post" action="/account/security/mfa/confirm" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          id="en-code"
          name="code"
          label={t("mfa.code")}
          hint={t("mfa.codeHint")}
          error={errors.fields["en-code"]}
          autocomplete="one-time-code"
          inputmode="numeric"
          required
        />
        <Submit>{t("account.mfa.confirm")}</Submit>
      </form>
      <p>
        <a href="/account/security">{t("account.mfa.again")}</a>
      </p>
    </>
  );
}

/** The account's two-step verification: turn it on (with the password) or off (password and a code). */
export function SecondFactorStatusView({
  ctx,
  status,
  notice,
  refusedStart,
  refusedRemoval,
}: {
  ctx: PageContext;
  status: SecondFactorStatus;
  notice?: string | undefined;
  refusedStart?: FormErrors | undefined;
  refusedRemoval?: FormErrors | undefined;
}) {
  const { t } = ctx;
  const start = refusedStart ?? NO_ERRORS;
  const removal = refusedRemoval ?? NO_ERRORS;
  return (
    <>
      <h1>{t("account.mfa.title")}</h1>
      {notice && <p role="status">{notice}</p>}
      <p class="lead">{t("account.mfa.lead")}</p>
      {!status.hasPassword ? (
        <p>{t("account.mfa.noPassword")}</p>
      ) : status.enrolled ? (
        <>
          <p>
            {t("account.mfa.on", {
              date: status.enrolledAt?.toISOString().slice(0, 10) ?? "",
              left: status.recoveryCodesLeft,
            })}
          </p>
          <h2>{t("account.mfa.removeTitle")}</h2>
          <p>{t("account.mfa.removeLead")}</p>
          <ErrorSummary t={t} errors={removal} firstField="rm-password" />
          <form class="stack" method="post" action="/account/security/mfa/remove" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Field
              id="rm-password"
              name="password"
              type="password"
              label={t("account.mfa.password")}
              error={removal.fields["rm-password"]}
              autocomplete="current-password"
              required
            />
            <Field
              id="rm-code"
              name="code"
              label={t("account.mfa.code")}
              hint={t("account.mfa.codeHint")}
              error={removal.fields["rm-code"]}
              autocomplete="one-time-code"
              required
            />
            <Submit>{t("account.mfa.remove")}</Submit>
          </form>
        </>
      ) : (
        <>
          <p>{t("account.mfa.off")}</p>
          <p>{t("account.mfa.startLead")}</p>
          <ErrorSummary t={t} errors={start} firstField="st-password" />
          <form class="stack" method="post" action="/account/security/mfa" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Field
              id="st-password"
              name="password"
              type="password"
              label={t("account.mfa.password")}
              error={start.fields["st-password"]}
              autocomplete="current-password"
              required
            />
            <Submit>{t("account.mfa.start")}</Submit>
          </form>
        </>
      )}
      <p>
        <a href="/account">{t("account.title")}</a>
      </p>
    </>
  );
}
