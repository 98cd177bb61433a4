import type { FieldProblem } from "../../platform/errors.ts";
import type { PublicationInput } from "./publications.ts";

/** The limits and checks of a publication's fields: every problem named at once. */
export const TITLE_MAX = 200;
export const BODY_MAX = 100_000;

export const blank = (v: string | null | undefined) => v === undefined || v === null || v.trim() === "";
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** Every problem of a publication's fields at once, as the form and the API name them. */
export function fieldProblems(input: Partial<PublicationInput>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const need = (field: keyof PublicationInput) =>
    problems.push({ field: `/${field}`, message: "is required" });
  if (blank(input.departmentId)) need("departmentId");
  if (!input.category) need("category");
  if (blank(input.title)) need("title");
  else if ((input.title ?? "").length > TITLE_MAX)
    problems.push({ field: "/title", message: `must NOT have more than ${TITLE_MAX} characters` });
  if (blank(input.body)) need("body");
  else if ((input.body ?? "").length > BODY_MAX)
    problems.push({ field: "/body", message: `must NOT have more than ${BODY_MAX} characters` });
  for (const field of ["writtenOn", "effectiveFrom", "expiresOn"] as const) {
    const v = input[field];
    if (!blank(v) && !isDay(v as string))
      problems.push({ field: `/${field}`, message: "must be a date (YYYY-MM-DD)" });
  }
  if (input.effectiveFrom && input.expiresOn && isDay(input.effectiveFrom) && isDay(input.expiresOn)) {
    if (input.expiresOn < input.effectiveFrom)
      problems.push({ field: "/expiresOn", message: "must not be before the effective date" });
  }
  if (input.category === "interpretation" && blank(input.interpretsId)) need("interpretsId");
  if (input.category && input.category !== "interpretation" && !blank(input.interpretsId))
    problems.push({ field: "/interpretsId", message: "only an interpretation interprets a policy" });
  return problems;
}
