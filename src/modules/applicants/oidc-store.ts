/** The SQL of sign-in through an identity provider: pending logins, linked identities, accounts it opens. */
import type { Executor } from "../../platform/db/database.ts";
import type { OidcPendingLoginRow, PersonIdentityRow } from "./oidc-tables.ts";

export async function insertPendingLogin(
  db: Executor,
  login: Omit<OidcPendingLoginRow, "created_at">,
  now: Date,
): Promise<void> {
  // Logins nobody came back from are swept here, where new ones are made: the table stays small.
  await db.deleteFrom("oidc_pending_logins").where("expires_at", "<=", now).execute();
  await db.insertInto("oidc_pending_logins").values(login).execute();
}

/** Takes a pending login out, so the same one can never be completed twice; undefined when already gone. */
export function takePendingLogin(db: Executor, idHash: string): Promise<OidcPendingLoginRow | undefined> {
  return db.deleteFrom("oidc_pending_logins").where("id_hash", "=", idHash).returningAll().executeTakeFirst();
}

export function findIdentity(
  db: Executor,
  issuer: string,
  subject: string,
): Promise<PersonIdentityRow | undefined> {
  return db
    .selectFrom("person_identities")
    .selectAll()
    .where("issuer", "=", issuer)
    .where("subject", "=", subject)
    .executeTakeFirst();
}

export function findIdentityOfPerson(
  db: Executor,
  issuer: string,
  personId: string,
): Promise<PersonIdentityRow | undefined> {
  return db
    .selectFrom("person_identities")
    .selectAll()
    .where("issuer", "=", issuer)
    .where("person_id", "=", personId)
    .executeTakeFirst();
}

export async function insertIdentity(
  db: Executor,
  identity: { issuer: string; subject: string; personId: string; at: Date },
): Promise<void> {
  await db
    .insertInto("person_identities")
    .values({
      issuer: identity.issuer,
      subject: identity.subject,
      person_id: identity.personId,
      linked_at: identity.at,
      last_signin_at: identity.at,
    })
    .execute();
}

export async function touchIdentity(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable("person_identities").set({ last_signin_at: at }).where("id", "=", id).execute();
}

/** An account opened from an identity provider's claims: no password, the e-mail confirmed or not. */
export async function insertProvidedPerson(
  db: Executor,
  person: {
    name: string;
    idNumberEnc: string;
    idNumberIndex: string;
    idNumberMasked: string;
    email: string | null;
    emailVerifiedAt: Date | null;
    mobile: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto("persons")
    .values({
      name: person.name,
      id_number_enc: person.idNumberEnc,
      id_number_index: person.idNumberIndex,
      id_number_masked: person.idNumberMasked,
      email: person.email,
      email_verified_at: person.emailVerifiedAt,
      mobile: person.mobile,
      address_region_code: null,
      password_hash: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
