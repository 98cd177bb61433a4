import { type Actor, holds } from "./actors.ts";

/**
 * Insight (issue 9): the measures of every level, equity, process mining and what-if. Staff who answer
 * for how services are delivered read them within their jurisdiction; a region outside it is, to them,
 * one that does not exist (404, decided by the service from the grants these roles hold).
 */
export const INSIGHT_ROLES = ["supervisor", "administrator", "catalog_manager"] as const;

export const insightRules = {
  /** Dashboards, equity, process maps and the event log of a region: the roles above. */
  "insights.read": (actor: Actor) => holds(actor, INSIGHT_ROLES),
  /** Saving a what-if proposal as a draft process version: who maintains the catalogue. */
  "insights.propose": (actor: Actor) => holds(actor, ["catalog_manager"]),
  /** Aggregated, non-personal statistics (open data): everyone. */
  "insights.open": () => true,
} satisfies Record<string, (actor: Actor, resource: never) => boolean>;
