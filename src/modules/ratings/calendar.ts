import type { Executor } from "../../platform/db/database.ts";
import { processCache } from "../../platform/process-cache.ts";
import { loadCalendar, type WorkingCalendar } from "../calendar/service.ts";

/**
 * Working calendars by region, kept for a minute: loading one reads the whole holiday table, and every
 * bad rating and every swept rectification asks for one. A holiday entered by an administrator reaches
 * deadlines set a minute later at most; deadlines already set do not move.
 */
const TTL_MS = 60_000;
const cache = processCache<string, { calendar: WorkingCalendar; at: number }>();

export async function regionCalendar(db: Executor, regionCode: string): Promise<WorkingCalendar> {
  const hit = cache.get(regionCode);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.calendar;
  const calendar = await loadCalendar(db, regionCode);
  cache.set(regionCode, { calendar, at: Date.now() });
  return calendar;
}
