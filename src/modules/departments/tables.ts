import type { ColumnType, Generated, Selectable } from "kysely";

export interface DepartmentTable {
  id: Generated<string>;
  region_code: string;
  /** The vertical line (条) this department belongs to; links it to its counterparts above and below. */
  line: string;
  name: string;
  name_en: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type DepartmentRow = Selectable<DepartmentTable>;
