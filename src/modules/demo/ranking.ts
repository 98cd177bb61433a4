import type { Platform } from "../../platform/platform.ts";
import { computeRanking, dayOf } from "../supervision/ranking.ts";

/**
 * The demo's first ranking of departments, made at once rather than at the night's run, over a window
 * that ends today so that the cases closed and rated while the demo loaded are in it (the page states
 * the window). The nightly job replaces it with the usual window, ending the day before. Runs after the
 * parts that close and rate cases.
 */
export async function seedDemoRanking(
  platform: Pick<Platform, "database">,
  now = new Date(),
): Promise<number> {
  return (await computeRanking(platform.database.db, now, { windowTo: dayOf(now) })).rows;
}
