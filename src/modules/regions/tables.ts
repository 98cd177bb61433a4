import type { ColumnType, Generated, Selectable } from "kysely";

/** 1 province 省 · 2 city 市 · 3 county 县/区 · 4 township 乡镇/街道 · 5 village 村/社区. */
export type RegionLevel = 1 | 2 | 3 | 4 | 5;
export type UrbanRural = "urban" | "rural";

export interface RegionTable {
  /** Statistical code: 2, 4, 6, 9 or 12 digits; each level's code starts with its parent's. */
  code: string;
  parent_code: string | null;
  level: RegionLevel;
  name: string;
  /** Villages and communities only, from the last three digits of their statistical code. */
  urban_rural: UrbanRural | null;
  imported_at: ColumnType<Date, Date | undefined, Date>;
}

export interface RegionCheckTable {
  id: Generated<string>;
  ran_at: ColumnType<Date, Date | undefined, never>;
  regions_checked: number;
  problems: number;
  details: ColumnType<unknown, string, never>;
}

export type RegionRow = Selectable<RegionTable>;
