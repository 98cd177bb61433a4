import type { ColumnType, Generated, Selectable } from "kysely";

export const CONSENT_METHODS = ["online", "one_time_code", "signature"] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/**
 * A mandate (帮办代办): a person (the principal) lets an agent act for them in every service (null) or
 * the listed ones, for a period. Its state is derived from the dates below, never stored.
 */
export interface MandateTable {
  id: Generated<string>;
  principal_id: string;
  agent_id: string;
  /** Null: every service. */
  services: string[] | null;
  /** Start of the first day (China Standard Time) and start of the day after the last: [from, until). */
  valid_from: Date;
  valid_until: Date;
  consent_method: ConsentMethod;
  /** A signature captured on the agent's tablet: the SHA-256 of its stored image. */
  consent_signature: ColumnType<string | null, string | null | undefined, never>;
  /** The principal (online) or the agent (at a service point, by a code sent to the principal). */
  requested_by: string;
  /** Null until the principal consents: at once online, when the code is entered otherwise. */
  consented_at: Date | null;
  /** A consent request ended by too many wrong codes. */
  voided_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** The one code of a consent request: only a keyed digest of it is kept. */
export interface MandateConsentCodeTable {
  mandate_id: string;
  code_hash: string;
  /** The principal's mobile number, masked, as told to the agent ("sent to 138****5678"). */
  sent_to: string;
  attempts: Generated<number>;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  used_at: Date | null;
}

/** Something an agent did under a mandate: what the principal sees on their own page. */
export interface MandateActionTable {
  id: Generated<string>;
  mandate_id: string;
  agent_id: string;
  principal_id: string;
  /** The audited action: 'personal_data.read', 'case.submit'… */
  action: string;
  subject_kind: string | null;
  subject_id: string | null;
  at: ColumnType<Date, Date | undefined, never>;
  request_id: string | null;
}

export type MandateRow = Selectable<MandateTable>;
export type MandateConsentCodeRow = Selectable<MandateConsentCodeTable>;
export type MandateActionRow = Selectable<MandateActionTable>;
