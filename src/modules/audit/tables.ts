import type { ColumnType } from "kysely";

export const ACTOR_KINDS = ["staff", "person", "system", "anonymous", "client"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** bigint: node-postgres gives a string, PGlite a number; the store turns it into a number. */
type Int8 = ColumnType<string | number, number, never>;
/** Written once, never updated: the triggers refuse UPDATE and DELETE. */
type Once<T> = ColumnType<T, T, never>;

/** One audit entry. `hash` is SHA-256 over the entry's canonical text (chain.ts), which holds `prev_hash`. */
export interface AuditLogTable {
  province_code: string;
  seq: Int8;
  at: Once<Date>;
  actor_kind: Once<ActorKind>;
  actor_id: Once<string | null>;
  /** The principal when an agent acts under a mandate, or the organisation acted for. */
  on_behalf_of: Once<string | null>;
  action: Once<string>;
  subject_kind: Once<string | null>;
  subject_id: Once<string | null>;
  /** Whose personal data was touched: drives "who read my data". */
  person_id: Once<string | null>;
  case_id: Once<string | null>;
  region_code: Once<string | null>;
  purpose: Once<string | null>;
  request_id: Once<string | null>;
  /** Written as canonical JSON text, read back as an object. */
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: Once<string>;
  hash: Once<string>;
}

/**
 * A province's row naming the last entry of its chain: its appends queue on its lock, and a cut-off tail
 * no longer matches it. The chain begins after entry `base_seq` (hashed `base_hash`), the end of the one
 * chain the country kept before migration 0044.
 */
export interface AuditHeadTable {
  province_code: string;
  id: ColumnType<number, never, never>;
  seq: ColumnType<string | number, never, number>;
  hash: ColumnType<string, never, string>;
  base_seq: ColumnType<string | number, never, never>;
  base_hash: ColumnType<string, never, never>;
}
