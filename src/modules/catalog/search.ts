import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { ancestorCodes, isRegionCode } from "../regions/codes.ts";
import { getRegion } from "../regions/service.ts";
import {
  loadSegmenter,
  normalise,
  type ParsedQuery,
  parseQuery,
  toLooseTsquery,
  toTsquery,
} from "./analyse.ts";
import type { Audience, Channel, ItemType, Level, LifeEvent, Text } from "./content.ts";
import * as searchStore from "./search-store.ts";

/**
 * Finding items the way people type them: Chinese words (segmented by jieba), pinyin (yingye, "ying ye
 * zhi zhao"), initials (yyzz) and colloquial words the synonym table knows (开公司, 低保), narrowed by
 * filters and by where the person lives, best matches first.
 */

/** The longest search text: longer is refused, not cut (a pasted paragraph is not a search). */
export const SEARCH_TEXT_MAX = 100;
export const SEARCH_LIMIT_MAX = 50;

export interface SearchQuery {
  /** What the person typed; may be empty when only filters are used. */
  text?: string;
  line?: string;
  event?: LifeEvent;
  audience?: Audience;
  level?: Level;
  channel?: Channel;
  /** Only items needing no visit in person (零跑腿). */
  zeroVisit?: boolean;
  /** "Near me": only items offered in this region or a region above it, with where. */
  regionCode?: string;
  limit: number;
  offset: number;
}

export interface NearbyOffering {
  offeringId: string;
  regionCode: string;
  regionName: string;
  departmentName: string;
  departmentNameEn: string;
  hallName: string | null;
  /** Always given by `searchCatalog`; optional only so that older callers' objects still fit. */
  hallAddress?: string | null;
  hours?: string | null;
  phone?: string | null;
}

export interface SearchHit {
  itemId: string;
  code: string;
  version: number;
  name: Text;
  summary: Text;
  line: string;
  type: ItemType;
  audience: Audience[];
  events: LifeEvent[];
  channels: Channel[];
  visits: number;
  fullyOnline: boolean;
  promisedDays: number;
  statutoryDays: number;
  /**
   * Higher is better: 3 when every word was found in the name (or its pinyin or initials), 2 in the
   * name and keywords, with +0.5 for the exact name and under 0.5 of full-text rank; 1 when the words
   * are found elsewhere in the guide (these follow by code); 0 without search text (by code).
   */
  score: number;
  /** With `regionCode`: where someone living there can apply, nearest first. */
  nearby?: NearbyOffering[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** How many items match, counted up to 1000. */
  total: number;
  /** More than `total` items match (shown as "1000+"). */
  capped?: boolean;
  /** The words searched for after segmentation and synonyms (shown as "also searched for"). */
  terms: string[];
  /**
   * No item had every word, so these are the items whose name or keywords have some of them (shown
   * as "no exact match: items with some of your words").
   */
  relaxed?: boolean;
}

/** A place and every region above it: where someone living there can apply. A place that does not exist is a 404. */
async function placeAndAbove(db: Executor, regionCode: string): Promise<string[]> {
  if (!isRegionCode(regionCode)) throw errors.notFound("region");
  await getRegion(db, ANONYMOUS, regionCode);
  return [...ancestorCodes(regionCode), regionCode];
}

function strict(parsed: ParsedQuery): searchStore.Match {
  return { query: toTsquery(parsed.groups), nameQuery: toTsquery(parsed.groups, "A"), exact: parsed.exact };
}

/** Any of the words, in a name or keywords: a word found only in running text is too weak alone. */
function loose(parsed: ParsedQuery): searchStore.Match {
  return {
    query: toLooseTsquery(parsed.loose),
    nameQuery: toLooseTsquery(parsed.loose, "A"),
    exact: parsed.exact,
    labelsOnly: true,
  };
}

export async function searchCatalog(db: Executor, query: SearchQuery): Promise<SearchResult> {
  const text = query.text ?? "";
  // In characters (code points), as the API's schema counts them.
  if ([...text].length > SEARCH_TEXT_MAX)
    throw errors.validation([
      { field: "/q", message: `must NOT have more than ${SEARCH_TEXT_MAX} characters` },
    ]);
  const regionCodes = query.regionCode ? await placeAndAbove(db, query.regionCode) : undefined;
  const filters: searchStore.SearchFilters = {
    line: query.line,
    event: query.event,
    audience: query.audience,
    level: query.level,
    channel: query.channel,
    zeroVisit: query.zeroVisit,
    regionCodes,
  };
  const page = {
    limit: Math.min(Math.max(Math.trunc(query.limit), 1), SEARCH_LIMIT_MAX),
    offset: Math.max(Math.trunc(query.offset), 0),
  };

  let found: Awaited<ReturnType<typeof searchStore.search>>;
  let terms: string[] = [];
  let relaxed = false;
  if (text.trim() === "") {
    found = await searchStore.search(db, undefined, filters, page);
  } else {
    const normalised = normalise(text);
    const [segmenter, synonyms] = await Promise.all([
      loadSegmenter(),
      searchStore.synonymsIn(db, normalised),
    ]);
    const parsed = parseQuery(normalised, synonyms, segmenter);
    // Only symbols (operators, punctuation, markup) were typed: nothing to look for.
    if (parsed.groups.length === 0) return { hits: [], total: 0, capped: false, terms: [], relaxed: false };
    terms = parsed.terms;
    found = await searchStore.search(db, strict(parsed), filters, page);
    if (found.total === 0 && parsed.loose.length > 0) {
      found = await searchStore.search(db, loose(parsed), filters, page);
      relaxed = found.total > 0;
    }
  }

  const nearby = regionCodes
    ? await searchStore.nearbyOfferings(
        db,
        found.items.map((i) => i.itemId),
        regionCodes,
      )
    : [];
  return {
    total: found.total,
    capped: found.capped,
    terms,
    relaxed,
    hits: found.items.map((item) =>
      regionCodes
        ? {
            ...item,
            nearby: nearby
              .filter((o) => o.itemId === item.itemId)
              .map(({ itemId: _, ...offering }) => offering),
          }
        : item,
    ),
  };
}
