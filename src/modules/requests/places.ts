import type { Executor } from "../../platform/db/database.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { isRegionCode } from "../regions/codes.ts";
import { getRegion, listAncestors, listChildren, type Region } from "../regions/service.ts";
import * as store from "./store.ts";

export interface PlaceStep {
  /** The place chosen so far, from the county down; empty before any. */
  path: Region[];
  /** What can be chosen next: the regions that take requests, or the chosen one's children. */
  options: Region[];
  /** A code was given that is not a region. */
  unknown: boolean;
}

/**
 * The place chooser of the request form, one level at a time without JavaScript: first the regions
 * that take requests (those with a 12345 dispatcher), then down to the township and the village.
 */
export async function placeStep(db: Executor, near: string | undefined): Promise<PlaceStep> {
  const region =
    near && isRegionCode(near) ? await getRegion(db, ANONYMOUS, near).catch(() => undefined) : undefined;
  if (!region) {
    const codes = await store.dispatcherRegions(db);
    const options = await Promise.all(codes.map((c) => getRegion(db, ANONYMOUS, c).catch(() => undefined)));
    return { path: [], options: options.filter((r): r is Region => r !== undefined), unknown: Boolean(near) };
  }
  const [ancestors, children] = await Promise.all([
    listAncestors(db, ANONYMOUS, region.code),
    listChildren(db, ANONYMOUS, region.code),
  ]);
  return { path: [...ancestors.filter((r) => r.level >= 3), region], options: children, unknown: false };
}
