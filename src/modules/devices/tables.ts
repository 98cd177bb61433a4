import type { ColumnType, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export const DEVICE_KINDS = ["kiosk", "board", "locker"] as const;
/** kiosk: self-service (取号, 查询); board: a queue display board; locker: a 24-hour smart locker (智能柜). */
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export interface HallDeviceTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  site_id: string;
  region_code: string;
  kind: DeviceKind;
  name: string;
  /** A locker's compartments, numbered from 1; none for other devices. */
  compartments: ColumnType<number, number | undefined, number>;
  /** Which derivation of the secret the device holds: a new version is a new secret. */
  key_version: ColumnType<number, number | undefined, number>;
  secret_hash: string;
  registered_by: string | null;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Milliseconds: the newest timestamp the device signed. */
  last_ts: ColumnType<string, string | number | undefined, string | number>;
  /** When it said goodbye (its last will), if after it was last seen. */
  offline_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  rejected_messages: ColumnType<number, number | undefined, number>;
}

export const ASSIGNMENT_STATUSES = ["waiting", "picked_up", "cancelled"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export interface LockerAssignmentTable {
  province_code: string;
  id: string;
  device_id: string;
  site_id: string;
  region_code: string;
  compartment: number;
  case_id: string;
  case_number: string;
  /** A keyed hash of the one-time pick-up code. */
  code_hash: string;
  status: ColumnType<AssignmentStatus, AssignmentStatus | undefined, AssignmentStatus>;
  failed_attempts: ColumnType<number, number | undefined, number>;
  assigned_by: string | null;
  assigned_at: CreatedAt;
  /** After it the code opens nothing: staff take the item back to the window. */
  expires_at: Date;
  picked_up_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** Hall devices and smart lockers. */
export interface DevicesDatabase {
  hall_devices: HallDeviceTable;
  locker_assignments: LockerAssignmentTable;
}

export type HallDeviceRow = Selectable<HallDeviceTable>;
export type LockerAssignmentRow = Selectable<LockerAssignmentTable>;
