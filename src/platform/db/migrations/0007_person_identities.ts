import { type Kysely, sql } from "kysely";

/**
 * Accounts linked to an external identity provider (OpenID Connect): issuer and subject per person, and
 * the sign-ins under way (state, nonce and PKCE verifier kept server-side, each usable once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("person_identities")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("issuer", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("linked_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_signin_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("person_identities_subject_key", ["issuer", "subject"])
    // One identity per person at each provider: a second subject claiming the same ID number is refused.
    .addUniqueConstraint("person_identities_person_key", ["person_id", "issuer"])
    .execute();

  await db.schema
    .createTable("oidc_pending_logins")
    // SHA-256 of the random value in the browser's cookie: the login belongs to that browser alone.
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("nonce", "text", (c) => c.notNull())
    .addColumn("code_verifier", "text", (c) => c.notNull())
    .addColumn("return_to", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("oidc_pending_logins_expires_idx")
    .on("oidc_pending_logins")
    .column("expires_at")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("oidc_pending_logins").execute();
  await db.schema.dropTable("person_identities").execute();
}
