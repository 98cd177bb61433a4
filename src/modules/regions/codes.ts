import type { RegionLevel } from "./tables.ts";

/** Code lengths by level: 省 2, 市 4, 县 6, 乡镇 9, 村 12. Each code starts with its parent's. */
export const CODE_LENGTHS = [2, 4, 6, 9, 12] as const;

/** The same, by level: 1 → 2 digits … 5 → 12 digits. */
export const CODE_LENGTH = Object.fromEntries(CODE_LENGTHS.map((length, i) => [i + 1, length])) as Record<
  RegionLevel,
  number
>;

export function levelOf(code: string): RegionLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  const index = CODE_LENGTHS.indexOf(code.length as (typeof CODE_LENGTHS)[number]);
  return index < 0 ? undefined : ((index + 1) as RegionLevel);
}

export function isRegionCode(code: string): boolean {
  return levelOf(code) !== undefined;
}

/** The codes above `code`, from the province down to its parent. */
export function ancestorCodes(code: string): string[] {
  const level = levelOf(code);
  if (level === undefined) return [];
  return CODE_LENGTHS.slice(0, level - 1).map((length) => code.slice(0, length));
}
