import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { inLocale } from "../catalog/form-render.tsx";
import { zhLang } from "../catalog/public-views.tsx";
import { type Loaded, when } from "./apply-kit.tsx";
import { commitmentText } from "./submit.ts";

/** A refused signature: the materials ticked, and what was missing. */
export interface RefusedCommitment {
  chosen: string[];
  materials?: string;
  sign?: string;
}

/**
 * 告知承诺: the commitment's full text (the signed one, or the one the applicant would sign), which
 * materials it stands in for, and the box "I have read and sign this". The text is the legal one, in
 * Chinese, marked as such on an English page.
 */
export function Commitment({
  ctx,
  loaded,
  refused,
}: {
  ctx: PageContext;
  loaded: Loaded;
  refused: RefusedCommitment | undefined;
}) {
  const { t } = ctx;
  const { view, content } = loaded;
  const signed = view.commitment;
  const chosen = refused?.chosen ?? signed?.materials ?? [];
  const keys = signed?.materials ?? content.materials.map((m) => m.key);
  return (
    <section id="commitment" aria-labelledby="commitment-title">
      <h2 id="commitment-title">{t("apply.commitment.title")}</h2>
      <p>{t("apply.commitment.lead")}</p>
      {signed && (
        <p role="status">
          <strong>{t("apply.commitment.signed", { at: when(signed.signedAt, ctx.locale) })}</strong>
        </p>
      )}
      <h3>{signed ? t("apply.commitment.textSigned") : t("apply.commitment.text")}</h3>
      <blockquote class="commitment-text" lang={zhLang(ctx)}>
        {signed ? signed.text : commitmentText(content, keys)}
      </blockquote>
      <form method="post" action={`/applications/${view.id}/commitment`} class="stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <fieldset
          class={refused?.materials ? "form-field field-error" : "form-field"}
          id="c-materials"
          aria-describedby={refused?.materials ? "c-materials-error" : undefined}
        >
          <legend>{t("apply.commitment.which")}</legend>
          {refused?.materials && (
            <span class="error-message" id="c-materials-error">
              {refused.materials}
            </span>
          )}
          <div class="choices">
            {content.materials.map((m, i) => (
              <div class="choice" key={m.key}>
                <input
                  type="checkbox"
                  id={`c-materials-${i}`}
                  name="materials"
                  value={m.key}
                  checked={chosen.includes(m.key)}
                />
                <label for={`c-materials-${i}`}>{inLocale(m.name, ctx.locale)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <div class={refused?.sign ? "form-field field-error" : "form-field"}>
          {refused?.sign && (
            <span class="error-message" id="c-sign-error">
              {refused.sign}
            </span>
          )}
          <div class="choice">
            <input
              type="checkbox"
              id="c-sign"
              name="sign"
              value="yes"
              aria-invalid={refused?.sign ? "true" : undefined}
              aria-describedby={refused?.sign ? "c-sign-error" : undefined}
            />
            <label for="c-sign">{t("apply.commitment.sign")}</label>
          </div>
        </div>
        <div>
          <button class="button secondary" type="submit">
            {signed ? t("apply.commitment.resign") : t("apply.commitment.submit")}
          </button>
        </div>
      </form>
      {signed && (
        <form method="post" action={`/applications/${view.id}/commitment/withdrawal`} class="inline">
          <CsrfField token={ctx.csrfToken} />
          <button class="text-button" type="submit">
            {t("apply.commitment.withdraw")}
          </button>
        </form>
      )}
    </section>
  );
}
