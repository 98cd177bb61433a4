import { passwordProblem, placeWords } from "../../platform/auth/password-policy.ts";
import type { Executor } from "../../platform/db/database.ts";
import { isAppError } from "../../platform/errors.ts";
import { checkCreditCode, checkIdNumber, normaliseMobile } from "../../platform/personal-data.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { getRegion, listAncestors } from "../regions/service.ts";
import type { FieldIssue } from "./errors.ts";

/**
 * Checks of what applicants type in. Each returns the clean value or pushes an issue, so a form gets
 * every problem at once.
 */
export type Issues = FieldIssue[];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requiredText(issues: Issues, field: string, raw: string | undefined, max: number): string {
  const value = raw?.trim() ?? "";
  if (value === "") issues.push({ field, key: "account.problem.required" });
  else if (value.length > max) issues.push({ field, key: "account.problem.tooLong", params: { max } });
  return value;
}

export function idNumber(issues: Issues, field: string, raw: string | undefined, now: Date): string {
  if (!raw?.trim()) {
    issues.push({ field, key: "account.problem.required" });
    return "";
  }
  const checked = checkIdNumber(raw, now);
  if (checked.ok) return checked.value;
  issues.push({ field, key: `account.problem.idNumber.${checked.problem}` });
  return "";
}

export function email(issues: Issues, field: string, raw: string | undefined): string {
  const value = raw?.trim() ?? "";
  if (value === "") issues.push({ field, key: "account.problem.required" });
  else if (value.length > 254 || !EMAIL.test(value)) issues.push({ field, key: "account.problem.email" });
  return value;
}

/** Absent or blank: no mobile number. */
export function mobile(issues: Issues, field: string, raw: string | null | undefined): string | null {
  if (!raw?.trim()) return null;
  const value = normaliseMobile(raw);
  if (!value) issues.push({ field, key: "account.problem.mobile" });
  return value ?? null;
}

/** `places`: the words of the person's region a password must not be built on (`placeWordsOf`). */
export function password(
  issues: Issues,
  field: string,
  raw: string | undefined,
  identity: string[],
  places: string[] = [],
): string {
  const value = raw ?? "";
  if (value === "") {
    issues.push({ field, key: "account.problem.required" });
    return value;
  }
  const problem = passwordProblem(value, identity, places);
  if (problem) issues.push({ field, key: `account.problem.password.${problem}` });
  return value;
}

/**
 * The words of a person's address region, and the regions above it, in characters and pinyin: a
 * password must not be built on them (G6). None without a region, or for one that does not exist.
 */
export async function placeWordsOf(db: Executor, regionCode: string | null): Promise<string[]> {
  if (!regionCode) return [];
  try {
    const region = await getRegion(db, ANONYMOUS, regionCode);
    const above = await listAncestors(db, ANONYMOUS, regionCode);
    return placeWords([region.name, ...above.map((r) => r.name)]);
  } catch (error) {
    if (!isAppError(error) || error.code !== "not_found") throw error;
    return [];
  }
}

/** Parts of a person's identity a password must not be built on. */
export function identityParts(person: { idNumber: string; email: string | null; mobile: string | null }) {
  return [
    person.idNumber,
    person.idNumber.slice(6, 14),
    person.email?.split("@")[0] ?? "",
    person.mobile ?? "",
  ].filter((part) => part !== "");
}

export function creditCode(issues: Issues, field: string, raw: string | undefined): string {
  if (!raw?.trim()) {
    issues.push({ field, key: "account.problem.required" });
    return "";
  }
  const checked = checkCreditCode(raw);
  if (checked.ok) return checked.value;
  issues.push({ field, key: `account.problem.creditCode.${checked.problem}` });
  return "";
}

/** A region code that exists, any level down to a village or community; blank is none when optional. */
export async function region(
  db: Executor,
  issues: Issues,
  field: string,
  raw: string | null | undefined,
  required: boolean,
): Promise<string | null> {
  const value = raw?.trim() ?? "";
  if (value === "") {
    if (required) issues.push({ field, key: "account.problem.required" });
    return null;
  }
  try {
    return (await getRegion(db, ANONYMOUS, value)).code;
  } catch (error) {
    if (!isAppError(error) || error.code !== "not_found") throw error;
    issues.push({ field, key: "account.problem.region", params: { code: value } });
    return null;
  }
}
