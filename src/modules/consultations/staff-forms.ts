/** The staff forms' values: posted fields to a draft and back, and refusals in the reader's words. */
import { isAppError } from "../../platform/errors.ts";
import type { Translate } from "../../platform/i18n/index.ts";
import { type FormErrors, problemText } from "../applicants/form-kit.tsx";
import { splitDraft } from "./articles.ts";
import type * as consultations from "./consultations.ts";
import { isFieldsError } from "./errors.ts";
import { type DraftValues, localValue, parseLocal } from "./staff-views.tsx";

/** A refusal in the staff member's words; article fields ("/articles/2/body") become their inputs (b3). */
export function refusal(error: unknown, t: Translate): FormErrors & { status: number } {
  if (isFieldsError(error)) {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) {
      const article = /^\/articles\/(\d+)\/(number|body)$/.exec(issue.field);
      const id = article
        ? `${article[2] === "number" ? "n" : "b"}${Number(article[1]) + 1}`
        : issue.field.slice(1);
      fields[id] ??= t(issue.key, issue.params);
    }
    return { fields, status: 400 };
  }
  if (!isAppError(error) || error.status >= 500) throw error;
  return { fields: {}, form: problemText(error, t), status: error.status };
}

export const text = (body: Record<string, unknown>, name: string) =>
  typeof body[name] === "string" ? (body[name] as string) : "";

export function draftFrom(body: Record<string, unknown>): consultations.DraftInput {
  const articles = [];
  if (body.text !== undefined) articles.push(...splitDraft(text(body, "text")).articles);
  for (let n = 1; body[`n${n}`] !== undefined || body[`b${n}`] !== undefined; n++) {
    articles.push({ number: text(body, `n${n}`), heading: text(body, `h${n}`), body: text(body, `b${n}`) });
  }
  return {
    title: text(body, "title"),
    purpose: text(body, "purpose"),
    contact: text(body, "contact"),
    opensAt: parseLocal(text(body, "opensAt")),
    closesAt: parseLocal(text(body, "closesAt")),
    shortPeriodReason: text(body, "shortPeriodReason"),
    articles,
  };
}

export function valuesOf(
  c: consultations.ConsultationRecord,
  articles: { number: string; heading: string | null; text: string }[],
): DraftValues {
  const values: DraftValues = {
    title: c.title,
    purpose: c.purpose,
    contact: c.contact,
    opensAt: localValue(c.opensAt),
    closesAt: localValue(c.closesAt),
    shortPeriodReason: c.shortPeriodReason ?? "",
  };
  articles.forEach((a, i) => {
    values[`n${i + 1}`] = a.number;
    values[`h${i + 1}`] = a.heading ?? "";
    values[`b${i + 1}`] = a.text;
  });
  return values;
}
