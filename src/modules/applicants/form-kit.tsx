import type { ComponentChildren } from "preact";
import { type AppError, isAppError } from "../../platform/errors.ts";
import type { MessageKey, Translate } from "../../platform/i18n/index.ts";
import { isFieldsError } from "./errors.ts";

/** What was typed into a form, by field name. */
export type Values = Record<string, string | undefined>;

/** What a form shows after a refused post: each field's problem, and a problem with the whole form. */
export interface FormErrors {
  fields: Record<string, string>;
  form?: string;
}

export const NO_ERRORS: FormErrors = { fields: {} };

/**
 * A refusal from a service, in the reader's words: field problems under their fields (the field
 * "/idNumber" is the input with id `${prefix}idNumber`), anything else for the whole form. Errors that
 * are not the reader's to correct (5xx) are thrown on.
 */
export function formErrors(error: unknown, t: Translate, prefix = ""): FormErrors & { status: number } {
  if (isFieldsError(error)) {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) {
      const id = `${prefix}${issue.field.split("/")[1] ?? ""}`;
      fields[id] ??= t(issue.key, issue.params);
    }
    return { fields, status: 400 };
  }
  if (!isAppError(error) || error.status >= 500) throw error;
  return { fields: {}, form: problemText(error, t), status: error.status };
}

export function problemText(error: AppError, t: Translate): string {
  return t(`error.${error.code}` as MessageKey, error.extra.params);
}

/** The error summary at the top of a form: a linked list of every problem, announced at once. */
export function ErrorSummary({
  t,
  errors,
  firstField,
}: {
  t: Translate;
  errors: FormErrors;
  firstField: string;
}) {
  const problems = [
    ...(errors.form ? [{ href: `#${firstField}`, text: errors.form }] : []),
    ...Object.entries(errors.fields).map(([id, text]) => ({ href: `#${id}`, text })),
  ];
  if (problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{t("account.errorSummary")}</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.href + p.text}>
            <a href={p.href}>{p.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface FieldProps {
  id: string;
  name?: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  value?: string | undefined;
  type?: "text" | "password";
  autocomplete?: string;
  inputmode?: "email" | "tel" | "numeric" | "text";
  required?: boolean;
}

/** A labelled input whose problem and hint are tied to it for screen readers. */
export function Field(props: FieldProps) {
  const { id, error, hint } = props;
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field-error" : undefined}>
      <label for={id}>{props.label}</label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="error-message" id={`${id}-error`}>
          {error}
        </span>
      )}
      <input
        type={props.type ?? "text"}
        id={id}
        name={props.name ?? id}
        value={props.type === "password" ? undefined : props.value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        required={props.required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

export function Submit({ children }: { children: ComponentChildren }) {
  return (
    <div>
      <button class="button" type="submit">
        {children}
      </button>
    </div>
  );
}
