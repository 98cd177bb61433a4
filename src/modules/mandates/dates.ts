/**
 * Mandates run in whole calendar days of China Standard Time (UTC+8 all year: no daylight saving since
 * 1991). A mandate "from 2026-07-01 until 2026-12-31" is in force from 00:00 on the first day to the end
 * of the last, stored as the instants [start of the first day, start of the day after the last).
 */

/** A calendar day, "YYYY-MM-DD". */
export type Day = string;

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function format(utc: Date): Day {
  return utc.toISOString().slice(0, 10);
}

/** The day as written, when it is a real one ("2026-02-30" is not). */
export function parseDay(raw: string): Day | undefined {
  const match = DAY.exec(raw.trim());
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? format(date)
    : undefined;
}

/** The day in China at this instant. */
export function dayOf(instant: Date): Day {
  return format(new Date(instant.getTime() + OFFSET_MS));
}

/** 00:00 China Standard Time on that day. */
export function startOf(day: Day): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

export function addDays(day: Day, days: number): Day {
  return format(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** The same day some years on; 29 February becomes 28 February in a common year. */
export function addYears(day: Day, years: number): Day {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return format(date);
}

/** The last day of a period stored as [start, end). */
export function lastDayBefore(end: Date): Day {
  return dayOf(new Date(end.getTime() - 1));
}

/** "2026-07-01 14:03", China Standard Time: when something happened, as the person reads it. */
export function minuteOf(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}
