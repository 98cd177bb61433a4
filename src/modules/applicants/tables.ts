import type { ColumnType, Generated, Selectable } from "kysely";

export const ORGANISATION_KINDS = ["enterprise", "individual_business", "social_organisation"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const TOKEN_PURPOSES = ["verify_email", "reset_password"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** A natural person with one account for every service (一网通办). */
export interface PersonTable {
  id: Generated<string>;
  name: string;
  /** The resident ID number, encrypted (AES-256-GCM); never stored in the clear. */
  id_number_enc: string;
  /** Keyed digest of the ID number: finds and de-duplicates without decrypting. */
  id_number_index: string;
  id_number_masked: string;
  email: string | null;
  email_verified_at: Date | null;
  mobile: string | null;
  address_region_code: string | null;
  /** Null for an account that signs in only through an identity provider. */
  password_hash: string | null;
  failed_signins: Generated<number>;
  locked_until: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface OrganisationTable {
  id: Generated<string>;
  kind: OrganisationKind;
  name: string;
  credit_code: string;
  legal_representative_id: string;
  region_code: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** A mandate (经办人): a person acting for an organisation, in every service (null) or the listed ones. */
export interface OrganisationAgentTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  services: string[] | null;
  granted_by: string;
  granted_at: ColumnType<Date, Date | undefined, Date>;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface PersonSessionTable {
  /** SHA-256 of the cookie token, as for staff sessions. */
  token_hash: string;
  person_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  /** When it last signed a request in, to the minute: idle past SESSION_IDLE_MINUTES, it is over. */
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  /** What the session is shown and ended by: never the token, nor its hash. */
  id: Generated<string>;
  /** The browser that signed in, coarsely ("Firefox · Windows"): platform/auth/devices.ts. */
  device: string | null;
  /** Only `complete` signs anyone in: the others let their holder give the code, or enrol (second-factor.ts). */
  stage: Generated<PersonSessionStage>;
  /** How the session was proved; a person with a factor is signed in only by `second_factor` or the platform. */
  method: Generated<PersonSessionMethod>;
}

/**
 * `mfa_pending`: the password was right, the code is still owed; `mfa_enrol`: the password was right and
 * REQUIRE_PEOPLE_MFA asks the person to enrol an authenticator before anything else.
 */
export const PERSON_SESSION_STAGES = ["mfa_pending", "mfa_enrol", "complete"] as const;
export type PersonSessionStage = (typeof PERSON_SESSION_STAGES)[number];
export type PersonSessionMethod = "password" | "second_factor" | "identity_platform";

/** A person's TOTP authenticator: offered until a first code confirms it. */
export interface PersonSecondFactorTable {
  person_id: string;
  /** Encrypted with PERSONAL_DATA_KEY (platform/crypto.ts), as staff secrets are; never stored in clear. */
  secret_enc: string;
  offered_at: ColumnType<Date, Date | undefined, Date>;
  enrolled_at: Date | null;
  /** The last time step accepted: a code from it or an earlier one is refused (no replay). */
  last_step: number | null;
}

/** A one-time recovery code: only its keyed digest; spent once (`used_at`). */
export interface PersonRecoveryCodeTable {
  id: Generated<string>;
  person_id: string;
  code_hash: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  used_at: Date | null;
}

/** Single-use links sent by e-mail: only their hash is kept. */
export interface AccountTokenTable {
  id: Generated<string>;
  purpose: TokenPurpose;
  token_hash: string;
  person_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  used_at: Date | null;
}

/** A new mobile number waiting for the code sent to it; only a keyed digest of the code is kept. */
export interface PersonMobileChangeTable {
  id: string;
  person_id: string;
  /** The new number, encrypted until it is confirmed and becomes the person's. */
  mobile_enc: string;
  code_hash: string;
  attempts: Generated<number>;
  created_at: ColumnType<Date, Date | undefined, never>;
  /** Set to the moment of a newer request, which ends this one. */
  expires_at: Date;
  used_at: Date | null;
}

export type PersonRow = Selectable<PersonTable>;
export type PersonMobileChangeRow = Selectable<PersonMobileChangeTable>;
export type OrganisationRow = Selectable<OrganisationTable>;
export type OrganisationAgentRow = Selectable<OrganisationAgentTable>;
export type AccountTokenRow = Selectable<AccountTokenTable>;

/** A province in which a party has rows (party-provinces-store.ts). */
export interface PartyProvinceTable {
  party_kind: "person" | "organisation";
  party_id: string;
  province_code: string;
}
