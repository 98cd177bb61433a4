import type { ColumnType, Selectable } from "kysely";

/**
 * One department's figures in one region's ranking of one day (部门效能排名): what the daily job found
 * over the window it states. A region above a county holds the rows of every department below it, so a
 * department is counted alike at each level it is listed.
 */
export interface DepartmentRankingTable {
  province_code: string;
  /** The day the snapshot is as of (Asia/Shanghai), YYYY-MM-DD. */
  day: string;
  region_code: string;
  department_id: string;
  /** The window's first and last days, inclusive (YYYY-MM-DD). */
  window_from: string;
  window_to: string;
  cases_closed: number;
  cases_on_time: number;
  ratings: number;
  /** Rated 满意 or 非常满意 (level 4 or 5). */
  ratings_satisfied: number;
  /** The sum of the levels, for the mean level. */
  rating_level_sum: number;
  computed_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SupervisionDatabase {
  department_rankings: DepartmentRankingTable;
}

export type DepartmentRankingRow = Selectable<DepartmentRankingTable>;
