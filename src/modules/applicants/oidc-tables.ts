import type { ColumnType, Generated, Selectable } from "kysely";

/** A person's identity at an OpenID Connect provider: the provider's `sub` under its issuer. */
export interface PersonIdentityTable {
  id: Generated<string>;
  issuer: string;
  subject: string;
  person_id: string;
  linked_at: ColumnType<Date, Date | undefined, never>;
  last_signin_at: ColumnType<Date, Date | undefined, Date>;
}

/** A sign-in sent to the provider and not yet back; deleted when the browser returns (or expires). */
export interface OidcPendingLoginTable {
  id_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  /** A local path to go to once signed in. */
  return_to: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
}

export type PersonIdentityRow = Selectable<PersonIdentityTable>;
export type OidcPendingLoginRow = Selectable<OidcPendingLoginTable>;
