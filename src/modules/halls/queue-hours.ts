import type { WorkingCalendar } from "../calendar/clock.ts";
import { chinaClock, spansOn } from "./hours.ts";
import type { SiteHours } from "./tables.ts";

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** How far ahead the next opening is looked for: past a month, "closed" says enough. */
const LOOKAHEAD_DAYS = 31;

/** The China calendar day of an instant, "YYYY-MM-DD". */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of "HH:MM" on a China day. */
export function chinaInstant(day: string, clock: string): Date {
  return new Date(`${day}T${clock}:00+08:00`);
}

export type Closure =
  | { open: true }
  | { open: false; reason: "rest_day" | "outside_hours"; next: Date | null };

/**
 * Whether hours are kept at `at` and, when not, why and when they next are: the first span start after
 * `at`, today's or a later day's, on the calendar's working and rest days.
 */
export function closureAt(hours: SiteHours, calendar: WorkingCalendar, at: Date): Closure {
  const now = chinaClock(at);
  const today = spansOn(hours, calendar, at);
  if (today.some(([from, to]) => from <= now && now < to)) return { open: true };
  const reason = today.length === 0 ? "rest_day" : "outside_hours";
  const later = today.map(([from]) => from).filter((from) => from > now);
  if (later.length > 0)
    return { open: false, reason, next: chinaInstant(chinaDay(at), later.sort()[0] as string) };
  for (let n = 1; n <= LOOKAHEAD_DAYS; n++) {
    const noon = chinaInstant(chinaDay(new Date(at.getTime() + n * DAY_MS)), "12:00");
    const first = spansOn(hours, calendar, noon)
      .map(([from]) => from)
      .sort()[0];
    if (first) return { open: false, reason, next: chinaInstant(chinaDay(noon), first) };
  }
  return { open: false, reason, next: null };
}

/** A moment as the queue's messages name it in either language: "2026-07-06 08:30", China time. */
export function chinaMinute(at: Date): string {
  return `${chinaDay(at)} ${chinaClock(at)}`;
}
