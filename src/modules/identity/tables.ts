import type { ColumnType, Generated, Selectable } from "kysely";

export const STAFF_ROLES = ["window_clerk", "reviewer", "approver", "supervisor", "administrator"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  failed_signins: Generated<number>;
  locked_until: Date | null;
  disabled_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** A role a staff member holds in one department, over one region subtree (their jurisdiction). */
export interface StaffRoleTable {
  staff_id: string;
  department_id: string;
  role: StaffRole;
  jurisdiction_code: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a stolen table dump cannot be replayed as cookies. */
  token_hash: string;
  staff_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
}

export type StaffRow = Selectable<StaffTable>;
export type StaffRoleRow = Selectable<StaffRoleTable>;
