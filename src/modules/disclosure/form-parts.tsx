import type { AppError } from "../../platform/errors.ts";
import type { MessageKey, Translate } from "../../platform/i18n/index.ts";

/** The pieces of the staff's forms: a refusal's problems by field, and a labelled input tied to its problem. */
export type Values = Record<string, string>;
export type Problems = { id: string; text: string }[];

/** The label of each field a service may name, so a problem says which field in the reader's words. */
const LABELS: Record<string, MessageKey> = {
  departmentId: "disclosure.staff.department",
  category: "disclosure.staff.category",
  title: "disclosure.staff.titleField",
  body: "disclosure.staff.body",
  documentNumber: "disclosure.staff.documentNumber",
  writtenOn: "disclosure.staff.writtenOn",
  effectiveFrom: "disclosure.staff.effectiveFrom",
  expiresOn: "disclosure.staff.expiresOn",
  interpretsId: "disclosure.staff.interpretsId",
  reason: "disclosure.edit.reason",
  legalBasis: "disclosure.answer.legalBasis",
};

/** The services' field messages in the reader's words; anything else keeps the service's text. */
function problemKey(message: string): MessageKey | undefined {
  if (message.startsWith("is required") || message === "must not be empty")
    return "disclosure.problem.required";
  if (message.startsWith("must be a date")) return "disclosure.problem.date";
  if (message.startsWith("must not be before")) return "disclosure.problem.order";
  if (message.startsWith("only an interpretation")) return "disclosure.problem.notInterpretation";
  if (message.startsWith("names no publication") || message.startsWith("must name a"))
    return "disclosure.problem.link";
  return undefined;
}

/** A refusal in the reader's words: each field's problem linked to its input, or one for the form. */
export function problemsOf(error: AppError, t: Translate, first: string): Problems {
  const fields = error.extra.fields ?? [];
  if (fields.length === 0)
    return [{ id: first, text: t(`error.${error.code}` as MessageKey, error.extra.params) }];
  return fields.map((f) => {
    const id = f.field.split("/")[1] || first;
    const label = LABELS[id];
    const field = label ? t(label) : id;
    const key = problemKey(f.message);
    return {
      id,
      text: key ? t(key, { field }) : t("disclosure.problem.invalid", { field, message: f.message }),
    };
  });
}

export function Input({
  id,
  label,
  values,
  problems,
  long,
}: {
  id: string;
  label: string;
  values: Values;
  problems: Problems;
  long?: boolean;
}) {
  const problem = problems.find((p) => p.id === id);
  const props = {
    id,
    name: id,
    "aria-invalid": problem ? ("true" as const) : undefined,
    "aria-describedby": problem ? `${id}-error` : undefined,
  };
  return (
    <div class={problem ? "field-error" : undefined}>
      <label for={id}>{label}</label>
      {problem && (
        <span class="error-message" id={`${id}-error`}>
          {problem.text}
        </span>
      )}
      {long ? (
        <textarea {...props} rows={12}>
          {values[id] ?? ""}
        </textarea>
      ) : (
        <input {...props} value={values[id] ?? ""} />
      )}
    </div>
  );
}
