import type { Executor } from "../../platform/db/database.ts";
import type { Audience, Channel, ItemType, Level, LifeEvent, Text } from "./content.ts";

/**
 * Finding items the way people type them. (Interim: a plain scan of published names, to be replaced by
 * the segmented full-text and pinyin index.)
 */

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
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  /** The words searched for after segmentation and synonyms. */
  terms: string[];
}

export async function searchCatalog(db: Executor, query: SearchQuery): Promise<SearchResult> {
  let q = db
    .selectFrom("catalog_item_versions as v")
    .innerJoin("catalog_items as i", "i.id", "v.item_id")
    .where("v.status", "=", "published");
  const text = query.text?.trim();
  if (text) q = q.where("v.name", "ilike", `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (query.line) q = q.where("v.line", "=", query.line);
  const rows = await q
    .select(["v.item_id", "i.code", "v.version", "v.content"])
    .orderBy("i.code")
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    total: rows.length,
    terms: text ? [text] : [],
    hits: rows.map((r) => {
      const c = r.content;
      return {
        itemId: r.item_id,
        code: r.code,
        version: r.version,
        name: c.name ?? { zh: "", en: "" },
        summary: c.summary ?? { zh: "", en: "" },
        line: c.line ?? "",
        type: c.type ?? "other",
        audience: c.audience ?? [],
        events: c.events ?? [],
        channels: c.channels ?? [],
        visits: c.visits ?? 0,
        fullyOnline: c.fullyOnline ?? false,
        promisedDays: c.promisedDays ?? 0,
        statutoryDays: c.statutoryDays ?? 0,
        score: 1,
      };
    }),
  };
}
