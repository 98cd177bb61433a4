import type { ColumnType } from "kysely";
import type { Audience, Channel, ItemType, Level, LifeEvent } from "./content.ts";

type TextArray<T extends string> = ColumnType<T[], T[], T[]>;

/**
 * One row per item with a published version: what search reads, copied from that version when it is
 * published (search-index.ts) and removed when the item is retired. `pinyin` and `initials` hold the
 * name's readings separated by spaces; `document` is the full-text vector of the whole guide, written
 * from words jieba segmented (search-store.ts).
 */
export interface CatalogSearchIndexTable {
  item_id: string;
  version: number;
  code: string;
  name: string;
  name_en: string;
  /** The Chinese name normalised without spaces: an exact match ranks first within its tier. */
  name_key: string;
  summary: string;
  summary_en: string;
  line: string;
  type: ItemType;
  audience: TextArray<Audience>;
  events: TextArray<LifeEvent>;
  levels: TextArray<Level>;
  channels: TextArray<Channel>;
  visits: number;
  fully_online: boolean;
  promised_days: number;
  statutory_days: number;
  pinyin: string;
  initials: string;
  /** The name with its pinyin and initials (weight A) and the keywords (B): what the upper tiers rank. */
  label: string;
  /** The label, the summary (C), materials and conditions (D): what a search must match. */
  document: string;
  indexed_at: ColumnType<Date, Date | undefined, Date>;
}

/** What people type (`term`, normalised) and what else it should find. */
export interface CatalogSynonymTable {
  term: string;
  expansions: ColumnType<string[], string[], string[]>;
  /** The catalogue manager who last set it; null for the ones the migration seeded. */
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
