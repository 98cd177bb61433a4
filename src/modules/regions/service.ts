import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { ancestorCodes, isRegionCode } from "./codes.ts";
import * as store from "./store.ts";
import type { RegionLevel, UrbanRural } from "./tables.ts";

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  urbanRural: UrbanRural | null;
  childCount?: number;
}

function present(row: store.RegionFields & { child_count?: number }): Region {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    urbanRural: row.urban_rural,
    ...(row.child_count !== undefined ? { childCount: row.child_count } : {}),
  };
}

export async function getRegion(db: Executor, actor: Actor, code: string): Promise<Region> {
  authorize(actor, "region.read");
  const row = isRegionCode(code) ? await store.findByCode(db, code) : undefined;
  if (!row) throw errors.notFound("region");
  return present(row);
}

/** Children of a region, or the provinces when `code` is null; a region that does not exist is a 404. */
export async function listChildren(db: Executor, actor: Actor, code: string | null): Promise<Region[]> {
  authorize(actor, "region.read");
  const children = await store.listChildren(db, code);
  // Only an empty answer needs telling apart: a leaf (200, no items) from a region that does not exist.
  if (children.length === 0 && code !== null) await getRegion(db, actor, code);
  return children.map(present);
}

export async function listAncestors(db: Executor, actor: Actor, code: string): Promise<Region[]> {
  await getRegion(db, actor, code);
  return (await store.findByCodes(db, ancestorCodes(code))).map(present);
}

export async function searchRegions(
  db: Executor,
  actor: Actor,
  query: { text: string; within?: string; limit: number },
): Promise<Region[]> {
  authorize(actor, "region.read");
  const text = query.text.trim();
  if (text === "") return [];
  return (await store.search(db, { ...query, text })).map(present);
}

export function countRegions(db: Executor): Promise<number> {
  return store.countAll(db);
}
