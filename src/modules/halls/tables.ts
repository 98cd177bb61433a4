import type { ColumnType, Generated, Selectable } from "kysely";
import type { QueueDatabase } from "./queue-tables.ts";

type Json<T> = ColumnType<T, string, string>;

export const SITE_KINDS = ["hall", "point"] as const;
/** hall: a service centre's hall (政务服务中心). point: a township's or village's service point (便民服务站). */
export type SiteKind = (typeof SITE_KINDS)[number];

/** "08:30"–"12:00", in China's time. */
export type Span = [string, string];

/** When a site is open: its spans on working days of the calendar, and on rest days (周末不打烊), if any. */
export interface SiteHours {
  working: Span[];
  rest: Span[];
}

export interface ServiceSiteTable {
  id: Generated<string>;
  code: string;
  kind: SiteKind;
  /** Where it sits: a county or city for a hall, a township or village for a point. */
  region_code: string;
  /** The department that runs it: the region's government service office. */
  department_id: string;
  name: string;
  name_en: ColumnType<string, string | undefined, string>;
  address: ColumnType<string, string | undefined, string>;
  phone: ColumnType<string, string | undefined, string>;
  hours: Json<SiteHours>;
  /** False while closed outside its hours (a renovation, an emergency): no tickets, no bookings. */
  open: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export const WINDOW_KINDS = ["comprehensive", "department"] as const;
/** comprehensive: any item (一窗受理). department: the items of the departments it is bound to. */
export type WindowKind = (typeof WINDOW_KINDS)[number];

export interface HallWindowTable {
  id: Generated<string>;
  site_id: string;
  label: string;
  kind: WindowKind;
  department_ids: ColumnType<string[], string[] | undefined, string[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface HallsDatabase extends QueueDatabase {
  service_sites: ServiceSiteTable;
  hall_windows: HallWindowTable;
}

export type ServiceSiteRow = Selectable<ServiceSiteTable>;
export type HallWindowRow = Selectable<HallWindowTable>;
