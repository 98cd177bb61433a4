import { type Day, dayNumber, dayNumberOf, endOfDay, isWeekend, yearOf } from "./days.ts";
import type { DayKind, OverrideKind } from "./tables.ts";

/**
 * The clock every legal time limit runs on (期限), pure once loaded.
 *
 * Conventions, after the Civil Code art. 201 and the Administrative Licensing Law art. 82 (期间开始的
 * 当日不计入，自下一日开始计算; 期限以工作日计算，不含法定节假日):
 * - Days are calendar days in China Standard Time; an instant belongs to the day it falls on there.
 * - A period started at any time on day D begins counting on the next day: working day 1 is the first
 *   working day after D, whatever the hour of receipt and whether or not D itself was a working day.
 * - A period of N working days is due at the end of its Nth working day, 23:59:59.999 CST (期间的最后一日
 *   的截止时间为二十四时). N = 0 is due at the end of D itself.
 * - A working day is, in order: what the nearest regional override of the region says (a closed hall or
 *   local holiday; a hall open on a day off); else a statutory holiday is not one and a make-up working
 *   day (调休, often a Saturday or Sunday) is one; else Monday to Friday are.
 * - A day in a year without published data is counted as Monday to Friday only as a provisional guess,
 *   and every answer that touches such a day says `uncertain: true`: the caller must flag the deadline,
 *   never present it as settled.
 */
export interface WorkingCalendar {
  /** Whether the China day of this instant is a working day (provisional when `isCertain` is false). */
  isWorkingDay(date: Date): boolean;
  /** Whether the year of this instant's China day has published holiday data. */
  isCertain(date: Date): boolean;
  /** The end of the nth working day after the day of `start`. */
  addWorkingDays(start: Date, n: number): { due: Date; uncertain: boolean };
  /**
   * The working days after the day of `a` up to and including the day of `b` (negative when `b`'s day
   * is before `a`'s): so `workingDaysBetween(a, addWorkingDays(a, n).due).days === n`, and a day counts
   * as soon as it has begun.
   */
  workingDaysBetween(a: Date, b: Date): { days: number; uncertain: boolean };
}

export interface CalendarData {
  /** Years with published data (from the package or entered by an administrator). */
  years: Iterable<number>;
  days: Iterable<{ day: Day; kind: DayKind }>;
  /** The overrides of the region and of every region above it, each with its region's code. */
  overrides: Iterable<{ regionCode: string; day: Day; kind: OverrideKind }>;
}

/** The longest a single period may run, so a wrong argument cannot loop for ever (about 27 years). */
export const MAX_WORKING_DAYS = 10_000;

export function buildCalendar(data: CalendarData): WorkingCalendar {
  const years = new Set(data.years);
  const national = new Map<number, DayKind>();
  for (const { day, kind } of data.days) national.set(dayNumber(day), kind);
  // Nearest region wins: the override of the region with the longest code.
  const local = new Map<number, { kind: OverrideKind; depth: number }>();
  for (const { regionCode, day, kind } of data.overrides) {
    const n = dayNumber(day);
    const existing = local.get(n);
    if (!existing || existing.depth < regionCode.length) local.set(n, { kind, depth: regionCode.length });
  }

  const certain = (n: number) => years.has(yearOf(n));
  const working = (n: number): boolean => {
    const override = local.get(n);
    if (override) return override.kind === "open";
    const kind = certain(n) ? national.get(n) : undefined;
    if (kind) return kind === "workday";
    return !isWeekend(n);
  };

  return {
    isWorkingDay: (date) => working(dayNumberOf(date)),
    isCertain: (date) => certain(dayNumberOf(date)),
    addWorkingDays(start, n) {
      if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
        throw new RangeError(`A period is 0 to ${MAX_WORKING_DAYS} whole working days, not ${n}`);
      }
      let day = dayNumberOf(start);
      let uncertain = false;
      for (let counted = 0; counted < n; ) {
        day += 1;
        if (!certain(day)) uncertain = true;
        if (working(day)) counted += 1;
      }
      return { due: endOfDay(day), uncertain };
    },
    workingDaysBetween(a, b) {
      const from = dayNumberOf(a);
      const to = dayNumberOf(b);
      const [low, high, sign] = from <= to ? [from, to, 1] : [to, from, -1];
      let days = 0;
      let uncertain = false;
      for (let day = low + 1; day <= high; day += 1) {
        if (!certain(day)) uncertain = true;
        if (working(day)) days += 1;
      }
      return { days: sign * days || 0, uncertain }; // never -0
    },
  };
}
