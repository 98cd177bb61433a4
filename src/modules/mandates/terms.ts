/** Checks of what a grant or a request names: the other person, the services, the period. */
import type { Executor } from "../../platform/db/database.ts";
import { checkIdNumber } from "../../platform/personal-data.ts";
import type { FieldIssue } from "../applicants/errors.ts";
import { findPersonByIdentifier } from "../applicants/service.ts";
import { addDays, addYears, type Day, dayOf, parseDay, startOf } from "./dates.ts";

export type Issues = FieldIssue[];

/**
 * The longest a mandate may run: one year, its last day at most the same date a year after its first
 * ("2026-03-10 until 2027-03-10"). A mandate is a standing power over someone's affairs: a person
 * renews it once a year rather than forgetting, for five years, that someone can act for them. The
 * start may be chosen up to a year ahead.
 */
export const MAX_YEARS = 1;

/** A service item's code, as the catalogue will name it. */
const SERVICE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface TermsInput {
  services?: string[] | null | undefined;
  validFrom?: string | null | undefined;
  validUntil?: string | undefined;
}

export interface Terms {
  /** Null: every service. */
  services: string[] | null;
  firstDay: Day;
  lastDay: Day;
  validFrom: Date;
  validUntil: Date;
}

/** The services and the period, or issues pushed for each problem. */
export function checkTerms(issues: Issues, input: TermsInput, now: Date): Terms | undefined {
  const before = issues.length;
  const services =
    input.services === undefined || input.services === null
      ? null
      : [...new Set(input.services.map((s) => s.trim()))];
  if (services && services.length === 0)
    issues.push({ field: "/services", key: "mandate.problem.servicesEmpty" });
  for (const [i, code] of (services ?? []).entries()) {
    if (!SERVICE_CODE.test(code))
      issues.push({ field: `/services/${i}`, key: "mandate.problem.serviceCode" });
  }

  const today = dayOf(now);
  const latestStart = addYears(today, MAX_YEARS);
  let firstDay: Day | undefined = today;
  if (input.validFrom?.trim()) {
    firstDay = parseDay(input.validFrom);
    if (!firstDay) issues.push({ field: "/validFrom", key: "mandate.problem.date" });
    else if (firstDay < today) issues.push({ field: "/validFrom", key: "mandate.problem.fromPast" });
    else if (firstDay > latestStart)
      issues.push({ field: "/validFrom", key: "mandate.problem.fromTooLate", params: { last: latestStart } });
  }

  let lastDay: Day | undefined;
  if (!input.validUntil?.trim()) issues.push({ field: "/validUntil", key: "mandate.problem.required" });
  else {
    lastDay = parseDay(input.validUntil);
    if (!lastDay) issues.push({ field: "/validUntil", key: "mandate.problem.date" });
    else if (firstDay && lastDay < firstDay)
      issues.push({ field: "/validUntil", key: "mandate.problem.untilBeforeFrom" });
    else if (firstDay && lastDay > addYears(firstDay, MAX_YEARS))
      issues.push({
        field: "/validUntil",
        key: "mandate.problem.tooLong",
        params: { last: addYears(firstDay, MAX_YEARS) },
      });
  }
  if (issues.length > before || !firstDay || !lastDay) return undefined;
  return {
    services,
    firstDay,
    lastDay,
    validFrom: startOf(firstDay),
    validUntil: startOf(addDays(lastDay, 1)),
  };
}

/** Names compare without spaces, case or the kind of middle dot (阿依古丽·买买提 may be typed with •). */
function sameName(a: string, b: string): boolean {
  const norm = (name: string) =>
    name
      .replace(/\s+/g, "")
      .replace(/[•・.．]/g, "·")
      .toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The account that both the identifier (an ID number, or an e-mail when `idNumberOnly` is false) and
 * the full name match. A missing account and a name that does not match answer the same issue, so the
 * form cannot be used to learn whose ID number has an account or what name goes with it: the person
 * asking must already know both.
 */
export async function findParty(
  db: Executor,
  key: Buffer,
  issues: Issues,
  fields: { identifier: string; name: string },
  input: { identifier?: string | undefined; name?: string | undefined },
  idNumberOnly: boolean,
) {
  const before = issues.length;
  const name = input.name?.trim() ?? "";
  const identifier = input.identifier?.trim() ?? "";
  if (!name) issues.push({ field: fields.name, key: "mandate.problem.required" });
  if (!identifier) issues.push({ field: fields.identifier, key: "mandate.problem.required" });
  else if ((idNumberOnly || !identifier.includes("@")) && !checkIdNumber(identifier).ok)
    issues.push({ field: fields.identifier, key: "mandate.problem.idNumber" });
  if (issues.length > before) return undefined;
  const person = await findPersonByIdentifier(db, key, identifier);
  if (!person || !sameName(person.name, name)) {
    issues.push({ field: fields.identifier, key: "mandate.problem.personUnknown" });
    return undefined;
  }
  return person;
}
