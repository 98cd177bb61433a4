import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize, withinRegion } from "../../platform/policy.ts";
import { CODE_LENGTH, isRegionCode } from "../regions/codes.ts";
import { getRegion, listAncestors, listChildren, type Region } from "../regions/service.ts";
import type { RegionLevel } from "../regions/tables.ts";
import * as store from "./overdue-store.ts";

export { NO_ITEM, OVERDUE_KINDS, type OverdueKind, type OverdueRow } from "./overdue-store.ts";

type Counts = Record<store.OverdueKind, number>;

export interface OverdueSection {
  total: number;
  byDepartment: store.NamedCountRow[];
  byItem: store.NamedCountRow[];
}

export interface OverdueOverview {
  region: Region;
  /** The regions above it that lie within the supervisor's jurisdiction, from the top down. */
  trail: Region[];
  /** The supervisor's jurisdictions, widest first: where else the overview can start. */
  jurisdictions: Region[];
  /** Each child region with its counts, zero or not, so every one can be opened. */
  children: (Region & { counts: Counts })[];
  /** What lies at the region itself and in none of its children (a county's own cases, say). */
  here: Counts;
  sections: Record<store.OverdueKind, OverdueSection>;
}

const zero = (): Counts => ({ cases: 0, rectifications: 0, requests: 0 });

function jurisdictionsOf(actor: Actor): string[] {
  authorize(actor, "supervision.read");
  if (actor.kind !== "staff") throw errors.forbidden();
  return actor.grants
    .filter((g) => g.role === "supervisor")
    .map((g) => g.jurisdictionCode)
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/**
 * The region a supervisor asked for, or their widest jurisdiction. One outside all of their jurisdictions
 * is to them as one that does not exist: 404 either way.
 */
export async function supervisedRegion(db: Executor, actor: Actor, code?: string): Promise<Region> {
  const jurisdictions = jurisdictionsOf(actor);
  const wanted = code ?? jurisdictions[0];
  if (!wanted || !isRegionCode(wanted) || !jurisdictions.some((j) => withinRegion(wanted, j))) {
    throw errors.notFound("region");
  }
  return getRegion(db, actor, wanted);
}

/** The regions above one, as far up as the supervisor's jurisdiction reaches. */
async function trailOf(db: Executor, actor: Actor, region: Region): Promise<Region[]> {
  const jurisdictions = jurisdictionsOf(actor);
  return (await listAncestors(db, actor, region.code)).filter((a) =>
    jurisdictions.some((j) => withinRegion(a.code, j)),
  );
}

/** 效能监察: a region's overdue cases, rectifications and requests, by child region, department and item. */
export async function overdueOverview(db: Executor, actor: Actor, code?: string): Promise<OverdueOverview> {
  const region = await supervisedRegion(db, actor, code);
  const trail = await trailOf(db, actor, region);
  const childLength = region.level < 5 ? CODE_LENGTH[(region.level + 1) as RegionLevel] : undefined;
  const children = childLength ? await listChildren(db, actor, region.code) : [];
  const byChild = new Map(children.map((c) => [c.code, zero()]));
  const here = zero();
  const sections = {} as Record<store.OverdueKind, OverdueSection>;
  for (const kind of store.OVERDUE_KINDS) {
    const [byDepartment, byItem, childCounts] = await Promise.all([
      store.countByDepartment(db, kind, region.code),
      store.countByItem(db, kind, region.code),
      childLength ? store.countByChild(db, kind, region.code, childLength) : Promise.resolve([]),
    ]);
    const total = byDepartment.reduce((sum, d) => sum + d.count, 0);
    sections[kind] = { total, byDepartment, byItem };
    let inChildren = 0;
    for (const c of childCounts) {
      const counts = byChild.get(c.key);
      // A code under the region but not among its imported children still counts at the region.
      if (!counts) continue;
      counts[kind] = c.count;
      inChildren += c.count;
    }
    here[kind] = total - inChildren;
  }
  const jurisdictions = await Promise.all(
    jurisdictionsOf(actor).map((code) => getRegion(db, actor, code).catch(() => undefined)),
  );
  return {
    region,
    trail,
    jurisdictions: jurisdictions.filter((j): j is Region => j !== undefined),
    children: children.map((c) => ({ ...c, counts: byChild.get(c.code) ?? zero() })),
    here,
    sections,
  };
}

export interface OverdueFilter {
  kind: store.OverdueKind;
  departmentId?: string | undefined;
  itemKey?: string | undefined;
}

/** One page of the overdue rows a count stands for, with the region they are under. */
export async function overdueList(
  db: Executor,
  actor: Actor,
  code: string | undefined,
  filter: OverdueFilter,
  page: { limit: number; offset: number },
): Promise<{ region: Region; trail: Region[]; rows: store.OverdueRow[] }> {
  const region = await supervisedRegion(db, actor, code);
  const rows = await store.overdueRows(
    db,
    filter.kind,
    { regionCode: region.code, departmentId: filter.departmentId, itemKey: filter.itemKey },
    page.limit,
    page.offset,
  );
  return { region, trail: await trailOf(db, actor, region), rows };
}
