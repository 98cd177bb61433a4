import type { Selectable } from "kysely";

/** Whose sign-ins a row counts: a staff account or a person's. */
export type AccountKind = "staff" | "person";

/**
 * Wrong passwords for one account from one client address (signin-guard.ts). A row also remembers when
 * the account last signed in from that address, which makes it an address the owner uses.
 */
export interface SigninFailureTable {
  account_kind: AccountKind;
  account_id: string;
  address: string;
  failures: number;
  last_failure_at: Date | null;
  locked_until: Date | null;
  signed_in_at: Date | null;
}

export interface SigninGuardDatabase {
  signin_failures: SigninFailureTable;
}

export type SigninFailureRow = Selectable<SigninFailureTable>;
