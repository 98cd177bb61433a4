import type { Category } from "./tables.ts";

/**
 * Index numbers (索引号). The common scheme is the organisation's code, the category, the year and a
 * sequence (e.g. 11330523002000000X/2026-00012). Departments here have no unified social credit code
 * of their own, so the organisation part is the department's region code and line — unique, since a
 * region has one department per line — and the category gets a two-letter code:
 *
 *   330523-general_office/ZC-2026-00012
 *
 * The sequence runs per department and year across categories, from a counter row that only ever
 * grows, so a number once given (even to a publication later withdrawn) is never given again.
 */
export const CATEGORY_CODES: Record<Category, string> = {
  policy: "ZC",
  notice: "TZ",
  interpretation: "JD",
  plan: "GH",
  budget: "YJ",
  statistics: "TJ",
};

export function indexNumber(
  department: { regionCode: string; line: string },
  category: Category,
  year: number,
  sequence: number,
): string {
  return `${department.regionCode}-${department.line}/${CATEGORY_CODES[category]}-${year}-${String(sequence).padStart(5, "0")}`;
}

/** The calendar year in China (UTC+8, no daylight saving) of an instant: the year a document is of. */
export function chinaYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}
