/**
 * The legal clock as the case engine's property test models it (engine.property.test.ts; the process
 * model is engine-model.ts), used by nothing else. It counts the slow way, day by day from the
 * calendar's raw holiday rows: a working day counts when it falls after the day of acceptance and
 * inside no pause. The engine instead shifts its deadlines by the paused days; the two must meet.
 */
import type { CaseModel } from "./engine-model.ts";

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

export const dayOf = (at: Date): number => Math.floor((at.getTime() + CST_MS) / DAY_MS);
/** 24:00 China time of a day, less a millisecond: when a period ending that day runs out. */
export const endOf = (day: number): Date => new Date((day + 1) * DAY_MS - CST_MS - 1);

export class ModelCalendar {
  constructor(
    /** "holiday" or "workday" for the days the State Council's notices name, by day number. */
    private readonly named: ReadonlyMap<number, "holiday" | "workday">,
    private readonly years: ReadonlySet<number>,
  ) {}

  working(day: number): boolean {
    const kind = this.named.get(day);
    if (kind) return kind === "workday";
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    return weekday !== 0 && weekday !== 6;
  }

  published(day: number): boolean {
    return this.years.has(new Date(day * DAY_MS).getUTCFullYear());
  }

  /** The end of the nth working day after the day of `from`. */
  after(from: Date, n: number): Date {
    let day = dayOf(from);
    for (let counted = 0; counted < n; ) if (this.working(++day)) counted += 1;
    return endOf(day);
  }
}

/**
 * A stop of the clock after acceptance: the working days after `from`'s day up to `to`'s don't count.
 * One the case closed during (withdrawn, lapsed) is ended with none counted: no clock runs any more.
 */
export interface Pause {
  kind: "supplement" | "procedure";
  from: Date;
  to: Date | null;
  counts: boolean;
}

export const openPause = (m: CaseModel): Pause | undefined => m.pauses.find((p) => !p.to);

/** The working days after `from`'s day up to `to`'s that count: inside no pause. */
export function countedDays(m: CaseModel, cal: ModelCalendar, from: Date, to: Date): number {
  const stops = m.pauses
    .filter((p) => p.counts)
    .map((p) => [dayOf(p.from), p.to ? dayOf(p.to) : Number.POSITIVE_INFINITY]);
  let days = 0;
  for (let day = dayOf(from) + 1; day <= dayOf(to); day += 1) {
    if (cal.working(day) && !stops.some(([a = 0, b = 0]) => day > a && day <= b)) days += 1;
  }
  return days;
}

/** The working days a finished pause keeps out of the count: those after its first day up to its last. */
export function pauseDays(p: Pause, cal: ModelCalendar): number {
  if (!p.to || !p.counts) return 0;
  let days = 0;
  for (let day = dayOf(p.from) + 1; day <= dayOf(p.to); day += 1) if (cal.working(day)) days += 1;
  return days;
}

export interface Clock {
  pausedDays: number;
  dueAt: Date | null;
  statutoryDueAt: Date | null;
  warnAt: Date | null;
  uncertain: boolean;
}

/**
 * The deadlines: as clock.ts has it, a finished pause adds its working days to every deadline — even
 * one whose day had come before the pause began (the days left, which `shown` counts, agree either way).
 */
export function clockOf(m: CaseModel, cal: ModelCalendar): Clock {
  const pausedDays = m.pauses.reduce((sum, p) => sum + pauseDays(p, cal), 0);
  const at = m.acceptedAt;
  if (!at) return { pausedDays, dueAt: null, statutoryDueAt: null, warnAt: null, uncertain: false };
  const { promisedDays, statutoryDays } = m.plan;
  const statutoryDueAt = cal.after(at, statutoryDays + pausedDays);
  let uncertain = false;
  for (let day = dayOf(at) + 1; day <= dayOf(statutoryDueAt); day += 1) uncertain ||= !cal.published(day);
  return {
    pausedDays,
    dueAt: cal.after(at, promisedDays + pausedDays),
    statutoryDueAt,
    warnAt: promisedDays > 0 ? cal.after(at, Math.floor(0.8 * promisedDays) + pausedDays) : null,
    uncertain,
  };
}

export type Colour = "none" | "green" | "yellow" | "red" | "paused" | "stopped";

/** What the clock shows: the colour, and the working days left — the promised ones less those counted. */
export function shown(
  m: CaseModel,
  cal: ModelCalendar,
  now: Date,
): { colour: Colour; daysLeft: number | null } {
  if (!m.acceptedAt) return { colour: "none", daysLeft: null };
  if (m.state === "closed") return { colour: "stopped", daysLeft: null };
  const daysLeft = m.plan.promisedDays - countedDays(m, cal, m.acceptedAt, now);
  if (openPause(m)) return { colour: "paused", daysLeft };
  const clock = clockOf(m, cal);
  if (m.overdueAt || (clock.dueAt && now > clock.dueAt)) return { colour: "red", daysLeft };
  if (m.warnedAt || (clock.warnAt && now >= clock.warnAt)) return { colour: "yellow", daysLeft };
  return { colour: "green", daysLeft };
}
