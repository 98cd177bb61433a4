import type { Executor } from "../../platform/db/database.ts";
import type { Actor } from "../../platform/policy.ts";
import { type Dashboard, type DashboardQuery, dashboard } from "./dashboard.ts";
import * as store from "./equity-store.ts";
import { type Place, place } from "./place.ts";
import { monthSpan } from "./scope.ts";

/** Fewer decided cases than this, and a place is not ranked: one slow case is not a pattern. */
export const MINIMUM_DECIDED = 5;
/** How many of the worst places, and of the villages out of reach, a view lists. */
export const LISTED = 10;
export const UNREACHED_LISTED = 50;

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export type { Place };

export interface EquityView extends Pick<Dashboard, "region" | "trail" | "period" | "equity"> {
  minimumDecided: number;
  /** By where applicants live, slowest first, among places with enough decided cases. */
  worstTownships: Place[];
  worstVillages: Place[];
  reach: store.Reach & {
    unreached: number;
    unreachedVillages: { code: string; name: string; urbanRural: string | null }[];
  };
  items: { offered: number; atPoints: number; share: number | null };
}

/**
 * 统筹城乡: how far the last mile still is in a region — villagers' figures against townspeople's, the
 * townships and villages whose people wait longest, the villages with no service point or agent, and
 * the share of items a villager can hand in at a service point. Same jurisdiction rules as the dashboard.
 */
export async function equityView(
  db: Executor,
  actor: Actor,
  query: Pick<DashboardQuery, "region" | "from" | "to">,
  now = new Date(),
): Promise<EquityView> {
  const d = await dashboard(db, actor, query, now);
  const span = monthSpan(d.period.from, d.period.to, now);
  const worst = async (length: number) =>
    d.region.code.length < length
      ? (
          await store.worstPlaces(db, {
            regionCode: d.region.code,
            length,
            from: span.fromDay,
            to: span.toDay,
            minimum: MINIMUM_DECIDED,
            limit: LISTED,
          })
        ).map(place)
      : [];
  const [worstTownships, worstVillages, reach, unreached, items] = await Promise.all([
    worst(9),
    worst(12),
    store.reach(db, d.region.code),
    store.unreached(db, d.region.code, UNREACHED_LISTED),
    store.itemsAtPoints(db, d.region.code),
  ]);
  return {
    region: d.region,
    trail: d.trail,
    period: d.period,
    equity: d.equity,
    minimumDecided: MINIMUM_DECIDED,
    worstTownships,
    worstVillages,
    reach: {
      ...reach,
      unreached: unreached.total,
      unreachedVillages: unreached.villages.map((v) => ({
        code: v.code,
        name: v.name,
        urbanRural: v.urban_rural,
      })),
    },
    items: { ...items, share: share(items.atPoints, items.offered) },
  };
}
