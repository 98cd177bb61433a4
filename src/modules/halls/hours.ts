import type { WorkingCalendar } from "../calendar/clock.ts";
import type { SiteHours, Span } from "./tables.ts";

const START = /^([01]\d|2[0-3]):[0-5]\d$/;
/** An end may also be "24:00", so a 24-hour self-service area keeps the whole day, its last minute too. */
const END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
/** China keeps one time, UTC+8, with no summer time. */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** "HH:MM" of an instant in China's time. */
export function chinaClock(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(11, 16);
}

/** The spans of the day `at` falls on: its working-day spans or its rest-day ones. */
export function spansOn(hours: SiteHours, calendar: WorkingCalendar, at: Date): Span[] {
  return calendar.isWorkingDay(at) ? hours.working : hours.rest;
}

/** Whether a site keeping these hours is open at `at`: within a span of that day, start included. */
export function openAt(hours: SiteHours, calendar: WorkingCalendar, at: Date): boolean {
  const now = chinaClock(at);
  return spansOn(hours, calendar, at).some(([from, to]) => from <= now && now < to);
}

/** The problems of hours as given: each span "HH:MM"–"HH:MM" (or "24:00"), ending after it starts, none overlapping. */
export function hoursProblems(hours: SiteHours): string[] {
  const problems: string[] = [];
  for (const kind of ["working", "rest"] as const) {
    const spans = [...hours[kind]].sort((a, b) => a[0].localeCompare(b[0]));
    spans.forEach(([from, to], i) => {
      if (!START.test(from) || !END.test(to)) problems.push(`${kind}[${i}]: times are HH:MM`);
      else if (to <= from) problems.push(`${kind}[${i}]: ${to} is not after ${from}`);
      const next = spans[i + 1];
      if (next && next[0] < to) problems.push(`${kind}: ${from}–${to} overlaps ${next[0]}–${next[1]}`);
    });
  }
  return problems;
}

/** What most halls keep: 8:30 to 12:00 and 13:30 to 17:00 on working days, closed on rest days. */
export const USUAL_HOURS: SiteHours = {
  working: [
    ["08:30", "12:00"],
    ["13:30", "17:00"],
  ],
  rest: [],
};
