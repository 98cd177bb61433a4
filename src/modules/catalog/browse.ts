import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { lineByCode } from "../departments/lines.ts";
import { isRegionCode } from "../regions/codes.ts";
import { getRegion, listAncestors, listChildren, type Region } from "../regions/service.ts";
import * as store from "./browse-store.ts";
import { AUDIENCES, type Audience, EVENTS, type LifeEvent } from "./content.ts";

export type { Counts, ListedItem } from "./browse-store.ts";

/**
 * The public catalogue read the ways people look for a service: by life event, by department, by
 * who applies; and the place someone lives, for "near me". Everything here is public (catalog.read
 * and region.read allow everyone), so nothing takes an actor.
 */

export const PAGE_SIZE = 20;

export type BrowseBy =
  | { kind: "event"; value: LifeEvent }
  | { kind: "line"; value: string }
  | { kind: "audience"; value: Audience };

export const isEvent = (value: string): value is LifeEvent => (EVENTS as readonly string[]).includes(value);
export const isAudience = (value: string): value is Audience =>
  (AUDIENCES as readonly string[]).includes(value);
export const isLine = (value: string): value is string => lineByCode(value) !== undefined;

/** How many published items each event, line and audience has. */
export function catalogueCounts(db: Executor): Promise<store.Counts> {
  return store.countPublished(db);
}

export interface ItemPage {
  items: store.ListedItem[];
  total: number;
  page: number;
  pages: number;
}

/** One page of the published items of an event, line or audience; an unknown one does not exist (404). */
export async function browseItems(
  db: Executor,
  by: { kind: BrowseBy["kind"]; value: string },
  page: number,
  locale: "zh-CN" | "en",
): Promise<ItemPage> {
  const known =
    by.kind === "event"
      ? isEvent(by.value)
      : by.kind === "audience"
        ? isAudience(by.value)
        : isLine(by.value);
  if (!known) throw errors.notFound(by.kind);
  const found = await store.listPublished(db, {
    [by.kind]: by.value,
    locale,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  return { ...found, page, pages: Math.max(1, Math.ceil(found.total / PAGE_SIZE)) };
}

export interface Place {
  code: string;
  name: string;
}

export interface PlaceGroup {
  /** The region whose places these are ("all of it" is a choice too); null for the list of counties. */
  region: Place | null;
  options: Place[];
}

/** Where a "near me" choice stands and what to offer next, one level at a time. */
export interface PlaceChoice {
  /** The place chosen, with the places above it from its county down: 安吉县 › 递铺街道 › 古城村委会. */
  path: Place[];
  /** The code chosen, when it names a place that exists. */
  chosen: string | undefined;
  /** A code was given that names no place: it is ignored, and the page says so. */
  unknown: boolean;
  groups: PlaceGroup[];
  /** The choice that lists the level above ("choose another township"); "" starts over; none at the top. */
  up: string | undefined;
}

/** Up to this many counties list their townships at once; beyond, the county is chosen first. */
const COUNTIES_AT_ONCE = 4;

const place = (r: { code: string; name: string }): Place => ({ code: r.code, name: r.name });

/**
 * What a villager chooses from, without typing a code: first the townships of the counties where the
 * catalogue is offered (or the counties, when there are many), then the villages of the township
 * chosen. A village keeps its neighbours on offer, so a wrong choice is one step to correct.
 */
export async function placeChoice(db: Executor, near: string | undefined): Promise<PlaceChoice> {
  const region =
    near && isRegionCode(near) ? await getRegion(db, ANONYMOUS, near).catch(() => undefined) : undefined;
  const unknown = Boolean(near) && !region;
  if (!region) {
    const counties = await store.servedCounties(db);
    const groups =
      counties.length <= COUNTIES_AT_ONCE
        ? await Promise.all(
            counties.map(async (c) => ({
              region: place(c),
              options: (await listChildren(db, ANONYMOUS, c.code)).map(place),
            })),
          )
        : [{ region: null, options: counties.map(place) }];
    return { path: [], chosen: undefined, unknown, groups, up: undefined };
  }
  // A village offers its neighbours: the villages of its township.
  const listedCode = region.level === 5 && region.parentCode ? region.parentCode : region.code;
  const [ancestors, children] = await Promise.all([
    listAncestors(db, ANONYMOUS, region.code),
    listChildren(db, ANONYMOUS, listedCode),
  ]);
  const chain: Region[] = [...ancestors, region];
  const listed = chain.find((r) => r.code === listedCode) as Region;
  return {
    path: chain.filter((r) => r.level >= 3).map(place),
    chosen: region.code,
    unknown: false,
    groups: [{ region: place(listed), options: children.map(place) }],
    up: listed.level > 3 && listed.parentCode ? listed.parentCode : "",
  };
}
