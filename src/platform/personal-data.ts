/**
 * Identifiers of people and organisations: validated by their check characters, masked wherever
 * they are listed.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

export type IdNumberProblem = "format" | "date" | "check_digit";

/**
 * GB 11643-1999 resident ID number: 6-digit region, 8-digit birth date, 3-digit sequence, and a check
 * character from ISO 7064 MOD 11-2 over the first 17 digits (X stands for 10). A lower-case x is
 * accepted and normalised; the birth date must be a real day, not in the future.
 */
export function checkIdNumber(
  raw: string,
  today = new Date(),
): { ok: true; value: string } | { ok: false; problem: IdNumberProblem } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: "format" };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const born = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    born.getUTCMonth() !== month - 1 ||
    born.getUTCDate() !== day ||
    born.getTime() > today.getTime()
  ) {
    return { ok: false, problem: "date" };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * (ID_WEIGHTS[i] as number);
  if (ID_CHECK[sum % 11] !== value[17]) return { ok: false, problem: "check_digit" };
  return { ok: true, value };
}

/** 3301**********1234: the region's first four digits and the last four, never the birth date. */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 4)}${"*".repeat(Math.max(0, value.length - 8))}${value.slice(-4)}`;
}

// GB 32100-2015 uses the digits and the capital letters but I, O, Z, S and V (easily misread).
const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = "format" | "check_digit";

/**
 * GB 32100-2015 unified social credit code: registering authority, kind of organisation, 6-digit
 * region, 9-character organisation code, and a check character: 31 − (Σ value × weight mod 31).
 */
export function checkCreditCode(
  raw: string,
): { ok: true; value: string } | { ok: false; problem: CreditCodeProblem } {
  const value = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value))
    return { ok: false, problem: "format" };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(value[i] as string) * (USCC_WEIGHTS[i] as number);
  const check = USCC_CHARS[(31 - (sum % 31)) % 31];
  if (check !== value[17]) return { ok: false, problem: "check_digit" };
  return { ok: true, value };
}

/** 138****5678. */
export function maskMobile(value: string): string {
  return value.length === 11 ? `${value.slice(0, 3)}****${value.slice(7)}` : value;
}

/** A mainland mobile number: 11 digits starting 1[3-9]; spaces, dashes and a +86 prefix are dropped. */
export function normaliseMobile(raw: string): string | undefined {
  const digits = raw.replace(/[\s-]/g, "").replace(/^(\+?86)/, "");
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}
