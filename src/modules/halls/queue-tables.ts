import type { ColumnType, Generated, Selectable } from "kysely";

type Created = ColumnType<Date, Date | undefined, never>;
/**
 * A China calendar day, written as "YYYY-MM-DD". Never read back: the two drivers would turn a date into
 * a Date each in its own time zone (read it through to_char if ever needed).
 */
type Day = ColumnType<unknown, string, string>;

/** A letter and a name to take a ticket by (取号类别), for the items of some departments or any. */
export interface QueueCategoryTable {
  id: Generated<string>;
  site_id: string;
  /** One capital letter: the first character of the category's ticket numbers. */
  prefix: string;
  name: string;
  name_en: ColumnType<string, string | undefined, string>;
  /** Empty: comprehensive matters, served by comprehensive windows only. */
  department_ids: ColumnType<string[], string[] | undefined, string[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Created;
}

/** The last number given per category and China day. */
export interface QueueCounterTable {
  province_code: string;
  category_id: string;
  day: Day;
  last: number;
}

export const TICKET_STATUSES = ["waiting", "called", "done", "no_show"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_CHANNELS = ["kiosk", "phone", "appointment"] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export interface QueueTicketTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  site_id: string;
  region_code: string;
  category_id: string;
  day: Day;
  seq: number;
  /** The prefix and the day's sequence: "A001". */
  number: string;
  /** The unguessable part of the link that follows the ticket without signing in. */
  follow_token: string;
  channel: TicketChannel;
  person_id: string | null;
  appointment_id: string | null;
  /** A checked-in appointment: called before ordinary tickets. */
  priority: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<TicketStatus, TicketStatus | undefined, TicketStatus>;
  target_window_id: ColumnType<string | null, string | null | undefined, string | null>;
  window_id: ColumnType<string | null, string | null | undefined, string | null>;
  called_by: ColumnType<string | null, string | null | undefined, string | null>;
  call_count: ColumnType<number, number | undefined, number>;
  taken_at: ColumnType<Date, Date | undefined, never>;
  called_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AppointmentSlotTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  site_id: string;
  category_id: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  booked: ColumnType<number, number | undefined, number>;
}

export const APPOINTMENT_STATUSES = ["booked", "cancelled", "checked_in"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface AppointmentTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  slot_id: string;
  site_id: string;
  region_code: string;
  person_id: string;
  /** What the person gives at the kiosk or the window to check in. */
  code: string;
  status: AppointmentStatus;
  ticket_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Created;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** The queue's tables, merged into the Database type. */
export interface QueueDatabase {
  queue_categories: QueueCategoryTable;
  queue_counters: QueueCounterTable;
  queue_tickets: QueueTicketTable;
  appointment_slots: AppointmentSlotTable;
  appointments: AppointmentTable;
}

export type QueueCategoryRow = Selectable<QueueCategoryTable>;
export type QueueTicketRow = Selectable<QueueTicketTable>;
export type AppointmentSlotRow = Selectable<AppointmentSlotTable>;
export type AppointmentRow = Selectable<AppointmentTable>;
