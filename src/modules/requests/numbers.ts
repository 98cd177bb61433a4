import { randomBytes, randomInt } from "node:crypto";
import { dayNumberOf, dayText } from "../calendar/days.ts";

/**
 * A request's number and follow token name its province (docs/scale-out.md, section 5), so that a
 * look-up by either — a follow link, an Open311 call — goes to one province.
 *
 * The number keeps its 16 digits: the province, the China day as yymmdd and eight random digits
 * (3326112712345678). Numbers made before began with the year instead (2026112712345678), and 20 is no
 * province's code (GB/T 2260): such a number names no province and is looked for in every one.
 */
export function newNumber(province: string, now: Date): string {
  const day = dayText(dayNumberOf(now)).replaceAll("-", "").slice(2);
  return `${province}${day}${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
}

export function provinceOfNumber(number: string): string | undefined {
  return /^\d{16}$/.test(number) && !number.startsWith("20") ? number.slice(0, 2) : undefined;
}

/**
 * The follow token: the province's two digits before 24 random URL-safe characters (144 bits). One
 * made before is the 24 characters alone, so only a token of 26 names its province.
 */
export function newFollowToken(province: string): string {
  return `${province}${randomBytes(18).toString("base64url")}`;
}

export function provinceOfToken(token: string): string | undefined {
  return /^\d{2}[A-Za-z0-9_-]{24}$/.test(token) ? token.slice(0, 2) : undefined;
}
