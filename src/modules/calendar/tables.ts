import type { ColumnType, Generated } from "kysely";

export type CalendarSource = "package" | "admin";
/** holiday: a statutory day off; workday: a make-up working day (调休), usually a weekend day. */
export type DayKind = "holiday" | "workday";
/** closed: not a working day in that region's subtree; open: a working day there. */
export type OverrideKind = "closed" | "open";

/**
 * `day` columns are PostgreSQL dates; the store always reads them as "YYYY-MM-DD" text (to_char), never
 * as Date objects, whose time zone the two drivers would interpret differently.
 */
type DayColumn = ColumnType<string, string, string>;

export interface CalendarYearTable {
  year: number;
  source: CalendarSource;
  entered_by: string | null;
  entered_at: ColumnType<Date, Date | undefined, Date>;
}

export interface CalendarDayTable {
  day: DayColumn;
  year: number;
  kind: DayKind;
  name: string;
  source: CalendarSource;
}

export interface CalendarOverrideTable {
  id: Generated<string>;
  region_code: string;
  day: DayColumn;
  kind: OverrideKind;
  reason: string;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}
