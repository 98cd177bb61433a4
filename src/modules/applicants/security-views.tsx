/** The account page's forms that change how the account is reached: the password and the mobile number. */
import type { PageContext } from "../../web/layout.tsx";
import { CsrfField } from "../../web/layout.tsx";
import type { Refused } from "./account-views.tsx";
import { RECENT_SIGNIN_MINUTES } from "./credentials.ts";
import { ErrorSummary, Field, NO_ERRORS, Submit } from "./form-kit.tsx";
import type { MobileCodeSent } from "./mobile.ts";

// Field ids are prefixed, so that each form's error summary links to its own fields on the one page.

export function PasswordForm({
  ctx,
  hasPassword,
  refused,
}: {
  ctx: PageContext;
  hasPassword: boolean;
  refused: Refused | undefined;
}) {
  const { t } = ctx;
  const errors = refused?.errors ?? NO_ERRORS;
  return (
    <>
      <h2 id="password">{t("account.password.title")}</h2>
      {hasPassword ? (
        <>
          <ErrorSummary t={t} errors={errors} firstField="pw-currentPassword" />
          <form class="stack" method="post" action="/account/password" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Field
              id="pw-currentPassword"
              name="currentPassword"
              type="password"
              label={t("account.password.current")}
              error={errors.fields["pw-currentPassword"]}
              autocomplete="current-password"
              required
            />
            <Field
              id="pw-newPassword"
              name="newPassword"
              type="password"
              label={t("account.password.new")}
              hint={t("account.field.password.hint")}
              error={errors.fields["pw-newPassword"]}
              autocomplete="new-password"
              required
            />
            <Submit>{t("account.password.submit")}</Submit>
          </form>
        </>
      ) : (
        <p>{t("account.password.none")}</p>
      )}
    </>
  );
}

/** Asks for the new number (and the password); once a code is on its way, also for the code. */
export function MobileForms({
  ctx,
  hasPassword,
  hasMobile,
  pending,
  refused,
  refusedCode,
  refusedRemoval,
  now,
}: {
  ctx: PageContext;
  hasPassword: boolean;
  hasMobile: boolean;
  pending: MobileCodeSent | undefined;
  refused: Refused | undefined;
  refusedCode: Refused | undefined;
  refusedRemoval: Refused | undefined;
  now: Date;
}) {
  const { t } = ctx;
  const errors = refused?.errors ?? NO_ERRORS;
  const codeErrors = refusedCode?.errors ?? NO_ERRORS;
  const removalErrors = refusedRemoval?.errors ?? NO_ERRORS;
  return (
    <>
      <h2 id="mobile">{t("account.mobile.title")}</h2>
      {(pending || refusedCode) && (
        <>
          <h3>{t("account.mobile.codeTitle")}</h3>
          {pending && (
            <p>
              {t("account.mobile.codeLead", {
                sentTo: pending.sentTo,
                minutes: Math.max(1, Math.ceil((pending.expiresAt.getTime() - now.getTime()) / 60_000)),
              })}
            </p>
          )}
          <ErrorSummary t={t} errors={codeErrors} firstField="mc-code" />
          <form class="stack" method="post" action="/account/mobile/confirm" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Field
              id="mc-code"
              name="code"
              label={t("account.mobile.code")}
              error={codeErrors.fields["mc-code"]}
              autocomplete="one-time-code"
              inputmode="numeric"
              required
            />
            <Submit>{t("account.mobile.confirm")}</Submit>
          </form>
          <p>{t("account.mobile.again")}</p>
        </>
      )}
      <p>{t("account.mobile.lead")}</p>
      {!hasPassword && <p>{t("account.mobile.recentSignIn", { minutes: RECENT_SIGNIN_MINUTES })}</p>}
      <ErrorSummary t={t} errors={errors} firstField="mn-mobile" />
      <form class="stack" method="post" action="/account/mobile" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          id="mn-mobile"
          name="mobile"
          label={t("account.mobile.new")}
          value={refused?.values.mobile}
          error={errors.fields["mn-mobile"]}
          autocomplete="tel"
          inputmode="tel"
          required
        />
        {hasPassword && (
          <Field
            id="mn-password"
            name="password"
            type="password"
            label={t("account.mobile.password")}
            error={errors.fields["mn-password"]}
            autocomplete="current-password"
            required
          />
        )}
        <Submit>{t("account.mobile.send")}</Submit>
      </form>
      {hasMobile && (
        <>
          <h3>{t("account.mobile.removeTitle")}</h3>
          <p>{t("account.mobile.removeLead")}</p>
          <ErrorSummary t={t} errors={removalErrors} firstField="mr-password" />
          <form class="stack" method="post" action="/account/mobile/remove" novalidate>
            <CsrfField token={ctx.csrfToken} />
            {hasPassword && (
              <Field
                id="mr-password"
                name="password"
                type="password"
                label={t("account.mobile.password")}
                error={removalErrors.fields["mr-password"]}
                autocomplete="current-password"
                required
              />
            )}
            <Submit>{t("account.mobile.remove")}</Submit>
          </form>
        </>
      )}
    </>
  );
}
