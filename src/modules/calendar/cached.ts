import type { Executor } from "../../platform/db/database.ts";
import { processCache } from "../../platform/process-cache.ts";
import { loadCalendar, type WorkingCalendar } from "./service.ts";

/**
 * Working calendars by region, kept for a minute, for the deadlines set many times a second (a case's
 * every transition, a bad rating's rectification, the sweeps): loading one reads the whole holiday
 * table. A holiday entered by an administrator reaches deadlines computed a minute later at most;
 * deadlines already stored are not moved by it (a notice of changed holidays does not change periods
 * already running).
 */
const TTL_MS = 60_000;
const cache = processCache<string, { calendar: WorkingCalendar; at: number }>();

export async function calendarFor(db: Executor, regionCode: string): Promise<WorkingCalendar> {
  const hit = cache.get(regionCode);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.calendar;
  const calendar = await loadCalendar(db, regionCode);
  cache.set(regionCode, { calendar, at: Date.now() });
  return calendar;
}
