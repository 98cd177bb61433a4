import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { INSIGHT_ROLES } from "../../platform/policy/insights.ts";
import { type Actor, authorize, withinRegion } from "../../platform/policy.ts";
import { isRegionCode } from "../regions/codes.ts";
import { getRegion, listAncestors, type Region } from "../regions/service.ts";

/** The regions whose insight the actor may read: their grants of the insight roles, widest first. */
export function insightJurisdictions(actor: Actor): string[] {
  authorize(actor, "insights.read");
  if (actor.kind !== "staff") throw errors.forbidden();
  return actor.grants
    .filter((g) => (INSIGHT_ROLES as readonly string[]).includes(g.role))
    .map((g) => g.jurisdictionCode)
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/**
 * The region asked for, or the actor's widest jurisdiction. One outside every jurisdiction is to them
 * as one that does not exist: 404 either way, so the answer tells nothing of what lies beyond.
 */
export async function insightRegion(db: Executor, actor: Actor, code: string | undefined): Promise<Region> {
  const jurisdictions = insightJurisdictions(actor);
  const wanted = code ?? jurisdictions[0];
  if (!wanted || !isRegionCode(wanted) || !jurisdictions.some((j) => withinRegion(wanted, j))) {
    throw errors.notFound("region");
  }
  return getRegion(db, actor, wanted);
}

/** The regions above one, as far up as the actor's insight reaches: the drill-down's way back. */
export async function insightTrail(db: Executor, actor: Actor, region: Region): Promise<Region[]> {
  const jurisdictions = insightJurisdictions(actor);
  return (await listAncestors(db, actor, region.code)).filter((a) =>
    jurisdictions.some((j) => withinRegion(a.code, j)),
  );
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** The longest span a dashboard sums over: ten years of months. */
export const MAX_MONTHS = 120;

export interface MonthSpan {
  /** YYYY-MM, inclusive. */
  from: string;
  to: string;
  /** The first days of those months, as the roll-ups key them. */
  fromDay: string;
  toDay: string;
  months: string[];
}

/** The month `at` falls in, in China. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

function shift(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const n = y * 12 + (m - 1) + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")}`;
}

/**
 * The months from `from` to `to` inclusive, by default the twelve ending with this month. A month that is
 * not YYYY-MM, an end before the start, or a span over ten years is refused with every problem at once.
 */
export function monthSpan(from: string | undefined, to: string | undefined, now = new Date()): MonthSpan {
  const problems = [];
  if (from !== undefined && !MONTH.test(from))
    problems.push({ field: "/query/from", message: "must be YYYY-MM" });
  if (to !== undefined && !MONTH.test(to)) problems.push({ field: "/query/to", message: "must be YYYY-MM" });
  if (problems.length > 0) throw errors.validation(problems);
  const last = to ?? (from && from > monthOf(now) ? from : monthOf(now));
  const first = from ?? shift(last, -11);
  if (last < first) throw errors.validation([{ field: "/query/to", message: "must not be before from" }]);
  const months: string[] = [];
  for (let m = first; m <= last && months.length <= MAX_MONTHS; m = shift(m, 1)) months.push(m);
  if (months.length > MAX_MONTHS) {
    throw errors.validation([{ field: "/query/from", message: `a span of at most ${MAX_MONTHS} months` }]);
  }
  return { from: first, to: last, fromDay: `${first}-01`, toDay: `${last}-01`, months };
}
