/**
 * Calendar days in China Standard Time (Asia/Shanghai: UTC+8 all year, no daylight saving since 1991),
 * as whole day numbers since 1970-01-01 so the clock can step through them cheaply.
 */

/** A calendar day, "YYYY-MM-DD". */
export type Day = string;

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The number of the China day this instant falls on. */
export function dayNumberOf(instant: Date): number {
  return Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS);
}

export function dayNumber(day: Day): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

export function dayText(n: number): Day {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function yearOf(n: number): number {
  return new Date(n * DAY_MS).getUTCFullYear();
}

/** 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export function isWeekend(n: number): boolean {
  const weekday = weekdayOf(n);
  return weekday === 0 || weekday === 6;
}

/** 00:00 China Standard Time on that day. */
export function startOfDay(n: number): Date {
  return new Date(n * DAY_MS - OFFSET_MS);
}

/** The last instant of that day in China: 23:59:59.999 CST. */
export function endOfDay(n: number): Date {
  return new Date((n + 1) * DAY_MS - OFFSET_MS - 1);
}

/** The day as written, when it is a real one ("2026-02-30" is not). */
export function parseDay(raw: string): Day | undefined {
  const match = DAY.exec(raw);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? raw
    : undefined;
}
