import { type Kysely, sql } from "kysely";

/** Person accounts (one account for every service, 一网通办), organisations and their agents (经办人). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("persons")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    // The ID number only encrypted (AES-256-GCM), found through a keyed digest, shown masked.
    .addColumn("id_number_enc", "text", (c) => c.notNull())
    .addColumn("id_number_index", "text", (c) => c.notNull().unique())
    .addColumn("id_number_masked", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("email_verified_at", "timestamptz")
    .addColumn("mobile", "text")
    .addColumn("address_region_code", "text", (c) => c.references("regions.code"))
    // Null for accounts that will only sign in through an identity provider (OIDC).
    .addColumn("password_hash", "text")
    .addColumn("failed_signins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index persons_email_key on persons (lower(email))`.execute(db);

  await db.schema
    .createTable("organisations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('enterprise', 'individual_business', 'social_organisation')`),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("credit_code", "text", (c) => c.notNull().unique())
    .addColumn("legal_representative_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("region_code", "text", (c) => c.notNull().references("regions.code"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("organisations_representative_idx")
    .on("organisations")
    .column("legal_representative_id")
    .execute();

  await db.schema
    .createTable("organisation_agents")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id"))
    // Null: the agent may act in every service; otherwise only in the listed service codes.
    .addColumn("services", sql`text[]`)
    .addColumn("granted_by", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("granted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("revoked_by", "uuid", (c) => c.references("persons.id"))
    .execute();
  // Revoked mandates stay as history; at most one is live per organisation and person.
  await sql`create unique index organisation_agents_live_key on organisation_agents (organisation_id, person_id) where revoked_at is null`.execute(
    db,
  );
  await sql`create index organisation_agents_person_idx on organisation_agents (person_id) where revoked_at is null`.execute(
    db,
  );

  await db.schema
    .createTable("person_sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("person_sessions_person_idx")
    .on("person_sessions")
    .column("person_id")
    .execute();

  await db.schema
    .createTable("account_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("purpose", "text", (c) =>
      c.notNull().check(sql`purpose in ('verify_email', 'reset_password')`),
    )
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("account_tokens_person_idx")
    .on("account_tokens")
    .columns(["person_id", "purpose"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "account_tokens",
    "person_sessions",
    "organisation_agents",
    "organisations",
    "persons",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
