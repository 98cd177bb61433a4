import type { ColumnType, Generated } from "kysely";

/** A month as stored: its first day (Asia/Shanghai), YYYY-MM-01. */
type Month = ColumnType<string, string, string>;

export type Area = "urban" | "rural" | "unknown";

export interface InsightWorkdayTable {
  day: ColumnType<string, string, string>;
  /** How many working days there are from the first day of the table up to and including this one. */
  ordinal: number;
  working: boolean;
}

/** What one case contributes to the roll-ups, as last counted. Flags are 0 or 1 so they sum. */
export interface InsightCaseFactTable {
  province_code: string;
  case_id: string;
  region_code: string;
  /** Where the applicant lives (their address's region), when known. */
  home_code: string | null;
  /** The hall or service point where it was handed in (null online). */
  site_id: string | null;
  department_id: string;
  item_id: string;
  channel: string;
  area: Area;
  received_month: Month;
  closed_month: Month | null;
  rated_month: Month | null;
  accepted: number;
  online: number;
  granted: number;
  denied: number;
  rejected: number;
  withdrawn: number;
  timed: number;
  on_time: number;
  days: number | null;
  promised_days: number;
  statutory_days: number;
  supplement_rounds: number;
  instant: number;
  materials_avoided: number;
  visits: number;
  fully_online: number;
  rating: number | null;
}

/** The dimensions of a roll-up row; its region is the case's own or any region above it. */
export interface InsightKey {
  month: Month;
  region_code: string;
  department_id: string;
  item_id: string;
  channel: string;
  area: Area;
}

type Counter = ColumnType<number, number | undefined, number>;
/** bigint columns come back as strings from node-postgres; the store casts them in its selects. */
type BigCounter = ColumnType<string | number, number | undefined, number>;

export interface InsightMonthlyTable extends InsightKey {
  province_code: string;
  received: Counter;
  accepted: Counter;
  received_online: Counter;
  closed: Counter;
  granted: Counter;
  denied: Counter;
  rejected: Counter;
  withdrawn: Counter;
  timed: Counter;
  on_time: Counter;
  measured: Counter;
  days_sum: BigCounter;
  promised_sum: BigCounter;
  statutory_sum: BigCounter;
  supplemented: Counter;
  supplement_rounds: Counter;
  instant: Counter;
  materials_avoided: BigCounter;
  visits: BigCounter;
  zero_visit: Counter;
  fully_online: Counter;
  rated: Counter;
  rating_1: Counter;
  rating_2: Counter;
  rating_3: Counter;
  rating_4: Counter;
  rating_5: Counter;
}

export interface InsightMonthlyDaysTable extends InsightKey {
  province_code: string;
  days: number;
  cases: number;
}

/** Sums by where applicants live: `region_code` is the home's region at one of its levels. */
export interface InsightHomesMonthlyTable {
  province_code: string;
  month: Month;
  region_code: string;
  channel: string;
  area: Area;
  received: Counter;
  received_online: Counter;
  closed: Counter;
  measured: Counter;
  days_sum: BigCounter;
  visits: BigCounter;
  zero_visit: Counter;
  rated: Counter;
  satisfied: Counter;
}

/** The same sums by the hall or service point where cases were handed in. */
export interface InsightSitesMonthlyTable extends Omit<InsightHomesMonthlyTable, "region_code"> {
  province_code: string;
  site_id: string;
}

export interface InsightDirtyTable {
  province_code: string;
  seq: Generated<string>;
  case_id: string;
}

export interface InsightsDatabase {
  insight_workdays: InsightWorkdayTable;
  insight_case_facts: InsightCaseFactTable;
  insight_monthly: InsightMonthlyTable;
  insight_monthly_days: InsightMonthlyDaysTable;
  insight_homes_monthly: InsightHomesMonthlyTable;
  insight_sites_monthly: InsightSitesMonthlyTable;
  insight_dirty: InsightDirtyTable;
}
