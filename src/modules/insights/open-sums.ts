import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { getRegion } from "../regions/service.ts";
import * as store from "./dashboard-store.ts";
import { monthSpan } from "./scope.ts";

/** One month of a region's open figures: cases closed in it, and how they ended. */
export interface MonthlySums {
  /** YYYY-MM. */
  month: string;
  closed: number;
  granted: number;
  /** Of those closed: asked at least once to supplement (补正). */
  supplemented: number;
  denied: number;
  /** Refused at intake (不予受理). */
  rejected: number;
}

/**
 * 数据开放 by month, for systems outside (the GovStack statistics): the same roll-ups and the same rule
 * as the open dashboard — everyone may read them, they name no one, and they never read the cases.
 * Every month of the span is given, those without figures as zeros; a region or item that does not
 * exist is a 404. Without a region, the widest with figures (as the open dashboard).
 */
export async function openMonthlySums(
  db: Executor,
  actor: Actor,
  query: {
    region?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    itemCode?: string | undefined;
  },
  now = new Date(),
): Promise<MonthlySums[]> {
  authorize(actor, "insights.open");
  const span = monthSpan(query.from, query.to, now);
  const itemId = query.itemCode === undefined ? undefined : await store.itemIdOf(db, query.itemCode);
  if (query.itemCode !== undefined && !itemId) throw errors.notFound("item");
  const code = query.region ?? (await store.widestRegion(db));
  if (query.region !== undefined) await getRegion(db, actor, query.region);
  const rows =
    code === undefined
      ? []
      : await store.sumsByDimension(db, {
          regionCode: code,
          from: span.fromDay,
          to: span.toDay,
          itemId,
        });
  const byMonth = new Map(rows.filter((r) => r.dimension === "month").map((r) => [r.key.slice(0, 7), r]));
  return span.months.map((month) => {
    const sums = byMonth.get(month);
    return {
      month,
      closed: sums?.closed ?? 0,
      granted: sums?.granted ?? 0,
      supplemented: sums?.supplemented ?? 0,
      denied: sums?.denied ?? 0,
      rejected: sums?.rejected ?? 0,
    };
  });
}
