import type { ColumnType, Generated, Selectable } from "kysely";

/** The roles that handle the public's business: a case's steps name one of these. */
export const HANDLING_ROLES = [
  "window_clerk",
  "reviewer",
  "approver",
  "supervisor",
  "administrator",
  "catalog_manager",
] as const;
export type HandlingRole = (typeof HANDLING_ROLES)[number];

/**
 * The three administrators (三员) of MLPS level 3: the system's (accounts), the security's (roles,
 * unlocking, second factors) and the audit's (the audit trail). No one holds two of them, so no one
 * can both make an account powerful and hide what it did (staff-admin.ts).
 */
export const ADMINISTRATOR_ROLES = ["system_admin", "security_admin", "audit_admin"] as const;
export type AdministratorRole = (typeof ADMINISTRATOR_ROLES)[number];

export const STAFF_ROLES = [...HANDLING_ROLES, ...ADMINISTRATOR_ROLES] as const;
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
  /**
   * The region whose administrators keep the account: set when a system administrator creates it, so an
   * account is within someone's jurisdiction before it holds any role. Null for the demo's accounts.
   */
  region_code: string | null;
  /** The TOTP secret, encrypted with PERSONAL_DATA_KEY (platform/crypto.ts); never stored in clear. */
  totp_secret: string | null;
  /** Null until a first code confirmed the secret: until then it is only offered for enrolment. */
  totp_enrolled_at: Date | null;
  /** The last time step accepted: a code from it or an earlier one is refused (no replay). */
  totp_last_step: number | null;
  /** Wrong second-factor codes since the last right one; a correct password does not clear them. */
  failed_totp: Generated<number>;
  /**
   * Set while the password is a first one — made by `tongban staff create` or a system administrator, who
   * know it — and when it lapses: it signs in only to replace it (stage `password_change`). Null for a
   * password the member chose, and for the demo's accounts.
   */
  password_expires_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A role a staff member holds in one department, over one region subtree (their jurisdiction). */
export interface StaffRoleTable {
  staff_id: string;
  department_id: string;
  role: StaffRole;
  jurisdiction_code: string;
}

/**
 * `password_change`: a first password was right, and must be replaced before anything else;
 * `mfa_pending`: the password was right but the second factor is still owed. Neither signs anyone in:
 * each only lets its holder finish that step.
 */
export const SESSION_STAGES = ["password_change", "mfa_pending", "complete"] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

export interface SessionTable {
  /** SHA-256 of the cookie token: a stolen table dump cannot be replayed as cookies. */
  token_hash: string;
  staff_id: string;
  stage: Generated<SessionStage>;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  /** When it last signed a request in, to the minute: idle past SESSION_IDLE_MINUTES, it is over. */
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  /** What the session is shown and ended by: never the token, nor its hash. */
  id: Generated<string>;
  /** The browser that signed in, coarsely ("Firefox · Windows"): platform/auth/devices.ts. */
  device: string | null;
}

export type StaffRow = Selectable<StaffTable>;
export type StaffRoleRow = Selectable<StaffRoleTable>;
