import type { FieldProblem } from "../../platform/errors.ts";
import type { ItemForm } from "../catalog/content.ts";
import { formValidator } from "../catalog/form-schema.ts";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function fieldsOf(form: ItemForm): Record<string, Json> {
  const props = isObject(form.schema.properties) ? form.schema.properties : {};
  return Object.fromEntries(Object.entries(props).filter(([, v]) => isObject(v))) as Record<string, Json>;
}

/**
 * Every problem of a set of answers against the item's form, at once, each at its field
 * (`/answers/<field>`). With `only`, the problems of those fields alone: a page checks its own.
 */
export function answerProblems(form: ItemForm, answers: Json, only?: readonly string[]): FieldProblem[] {
  const validate = formValidator(form.schema);
  if (validate(answers)) return [];
  const problems: FieldProblem[] = [];
  for (const error of validate.errors ?? []) {
    const field =
      error.keyword === "required"
        ? String((error.params as { missingProperty?: string }).missingProperty ?? "")
        : (error.instancePath.split("/")[1] ?? "");
    if (only && !only.includes(field)) continue;
    if (problems.some((p) => p.field === `/answers/${field}`)) continue;
    problems.push({
      field: `/answers/${field}`,
      message: error.keyword === "required" ? "is required" : (error.message ?? "is not valid"),
    });
  }
  return problems;
}

/** Answers of fields the form does not have: refused rather than kept silently. */
export function unknownFields(form: ItemForm, answers: Json): FieldProblem[] {
  const known = fieldsOf(form);
  return Object.keys(answers)
    .filter((key) => !(key in known))
    .map((key) => ({ field: `/answers/${key}`, message: "is not a field of this form" }));
}

/** What a person's profile can answer, by the field names forms use for it. */
const PROFILE_FIELDS: Record<string, "name" | "mobile" | "idNumberMasked" | "email"> = {
  name: "name",
  applicantName: "name",
  fullName: "name",
  mobile: "mobile",
  phone: "mobile",
  contactPhone: "mobile",
  email: "email",
};

export interface Known {
  profile: Partial<Record<"name" | "mobile" | "idNumberMasked" | "email", string | null>>;
  /** The answers of the applicant's latest case, and its number. */
  earlier?: { number: string; data: Json } | undefined;
}

/**
 * 不再重复填报: what Tongban knows already fills the form — the profile first, then the answers of
 * the applicant's latest case for fields of the same name whose answer still fits this form. Each
 * prefilled field says where its answer came from, so the page can show it; the applicant may change
 * any of them unless the form marks the field `readOnly` (the law fixes it, e.g. the applicant's name).
 */
export function prefill(form: ItemForm, known: Known): { data: Json; sources: Record<string, string> } {
  const fields = fieldsOf(form);
  const validate = formValidator(form.schema);
  const data: Json = {};
  const sources: Record<string, string> = {};
  const fits = (name: string, value: unknown) => {
    validate({ [name]: value });
    return !(validate.errors ?? []).some(
      (e) => e.keyword !== "required" && e.instancePath.split("/")[1] === name,
    );
  };
  for (const name of Object.keys(fields)) {
    const fact = PROFILE_FIELDS[name];
    const fromProfile = fact ? known.profile[fact] : undefined;
    if (typeof fromProfile === "string" && fromProfile !== "" && fits(name, fromProfile)) {
      data[name] = fromProfile;
      sources[name] = "profile";
      continue;
    }
    const earlier = known.earlier?.data[name];
    if (earlier !== undefined && earlier !== null && earlier !== "" && fits(name, earlier)) {
      data[name] = earlier;
      sources[name] = `case:${known.earlier?.number}`;
    }
  }
  return { data, sources };
}

/** Fields the form fixes once prefilled. */
export function readOnlyFields(form: ItemForm): string[] {
  return Object.entries(fieldsOf(form))
    .filter(([, schema]) => schema.readOnly === true)
    .map(([name]) => name);
}

/** What changed between two sets of answers, field by field. */
export function changedAnswers(before: Json, after: Json): Record<string, { from: unknown; to: unknown }> {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changed[key] = { from: before[key] ?? null, to: after[key] ?? null };
    }
  }
  return changed;
}
