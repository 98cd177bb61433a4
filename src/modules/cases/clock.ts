import type { WorkingCalendar } from "../calendar/service.ts";

/**
 * A case's legal clock, in working days of the handling region's calendar (calendar/clock.ts holds the
 * counting conventions: the day of acceptance does not count; a period ends at 24:00 of its last day).
 *
 * - It starts at acceptance (受理), not at submission.
 * - Days during a supplement after acceptance and during a special procedure (特别程序) are not
 *   counted: a pause from day S to day E adds the working days after S up to E to every deadline.
 * - The promised limit (承诺时限) is the due date handlers work to; the statutory limit (法定时限) is
 *   tracked beside it and is what deemed approval and supervision of legality look at.
 * - Yellow once no more than a fifth of the promised days is left: at the end of working day
 *   ⌊0.8 × promised⌋. Red once the due date has passed.
 */
export interface ClockInput {
  acceptedAt: Date;
  promisedDays: number;
  statutoryDays: number;
  pausedDays: number;
}

export interface Deadlines {
  dueAt: Date;
  statutoryDueAt: Date;
  /** Null for an instant item (0 promised days): it is due the day it is accepted. */
  warnAt: Date | null;
  /** A deadline runs into a year without published holidays: show it as provisional. */
  uncertain: boolean;
}

export function deadlines(calendar: WorkingCalendar, input: ClockInput): Deadlines {
  const due = calendar.addWorkingDays(input.acceptedAt, input.promisedDays + input.pausedDays);
  const statutory = calendar.addWorkingDays(input.acceptedAt, input.statutoryDays + input.pausedDays);
  const warn =
    input.promisedDays > 0
      ? calendar.addWorkingDays(input.acceptedAt, Math.floor(0.8 * input.promisedDays) + input.pausedDays)
      : null;
  return {
    dueAt: due.due,
    statutoryDueAt: statutory.due,
    warnAt: warn?.due ?? null,
    uncertain: due.uncertain || statutory.uncertain,
  };
}

/** The working days a pause took: those after the day it began, up to the day it ended. */
export function pausedWorkingDays(calendar: WorkingCalendar, from: Date, to: Date): number {
  return Math.max(0, calendar.workingDaysBetween(from, to).days);
}

export type ClockColour = "none" | "green" | "yellow" | "red" | "paused" | "stopped";

export interface ClockView {
  colour: ClockColour;
  dueAt: Date | null;
  statutoryDueAt: Date | null;
  /** Working days left to the due date (negative once overdue); null when no clock runs. */
  daysLeft: number | null;
  pausedDays: number;
  uncertain: boolean;
}

export interface ClockState {
  acceptedAt: Date | null;
  closedAt: Date | null;
  pausedSince: Date | null;
  dueAt: Date | null;
  statutoryDueAt: Date | null;
  warnAt: Date | null;
  pausedDays: number;
  uncertain: boolean;
  /** Marks the clock's timer has set: they stand even if the viewer's clock disagrees by a moment. */
  warnedAt?: Date | null;
  overdueAt?: Date | null;
}

export function clockView(calendar: WorkingCalendar, clock: ClockState, now: Date): ClockView {
  const base = {
    dueAt: clock.dueAt,
    statutoryDueAt: clock.statutoryDueAt,
    pausedDays: clock.pausedDays,
    uncertain: clock.uncertain,
  };
  if (!clock.acceptedAt || !clock.dueAt) return { ...base, colour: "none", daysLeft: null };
  if (clock.closedAt) return { ...base, colour: "stopped", daysLeft: null };
  const at = clock.pausedSince ?? now;
  const left = calendar.workingDaysBetween(at, clock.dueAt).days;
  if (clock.pausedSince) return { ...base, colour: "paused", daysLeft: left };
  const colour =
    clock.overdueAt || now > clock.dueAt
      ? "red"
      : clock.warnedAt || (clock.warnAt && now >= clock.warnAt)
        ? "yellow"
        : "green";
  return { ...base, colour, daysLeft: left };
}
