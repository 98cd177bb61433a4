import type { ColumnType, Generated, JSONColumnType } from "kysely";
import type { Audience, Channel, DraftContent, ItemType, Level, LifeEvent } from "./content.ts";

export const VERSION_STATUSES = ["draft", "published", "superseded", "retired"] as const;
/**
 * draft: being written, seen only by catalogue managers. published: what the public reads and new
 * applications use. superseded: published once, replaced by a later version (cases begun on it keep it).
 * retired: the item is no longer offered.
 */
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export interface CatalogItemTable {
  id: Generated<string>;
  code: string;
  /** A province's code, or null for the national catalogue. */
  owner_region_code: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

type TextArray<T extends string> = ColumnType<T[], T[] | undefined, T[]>;

export interface CatalogItemVersionTable {
  item_id: string;
  version: number;
  status: VersionStatus;
  content: JSONColumnType<DraftContent>;
  name: string;
  name_en: ColumnType<string, string | undefined, string>;
  line: string | null;
  type: ItemType | null;
  audience: TextArray<Audience>;
  events: TextArray<LifeEvent>;
  levels: TextArray<Level>;
  channels: TextArray<Channel>;
  visits: number | null;
  fully_online: boolean | null;
  statutory_days: number | null;
  promised_days: number | null;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  published_by: string | null;
  published_at: Date | null;
  retired_at: Date | null;
}

export type OfferingStatus = "active" | "withdrawn";

export interface CatalogOfferingTable {
  id: Generated<string>;
  item_id: string;
  region_code: string;
  department_id: string;
  promised_days: number | null;
  fee_fen: number | null;
  hall_name: string | null;
  hall_address: string | null;
  hours: string | null;
  phone: string | null;
  status: ColumnType<OfferingStatus, OfferingStatus | undefined, OfferingStatus>;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
