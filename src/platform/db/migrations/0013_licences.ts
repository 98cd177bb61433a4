import { type Kysely, sql } from "kysely";

/**
 * The e-licence library (电子证照库): licences issued by departments, each signed with the issuing
 * department's Ed25519 key, and the departments' keys (private halves encrypted at rest).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("department_signing_keys")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("department_id", "uuid", (c) => c.notNull().references("departments.id"))
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("private_key_enc", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("retired_at", "timestamptz")
    .execute();
  // One key in use per department: two first issuances at once cannot make two.
  await sql`create unique index department_signing_keys_one_active on department_signing_keys (department_id) where retired_at is null`.execute(
    db,
  );

  await db.schema
    .createTable("licences")
    // 'L' and 20 Crockford base32 characters (100 random bits): unguessable, short enough for a QR code.
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^L[0-9A-HJKMNP-TV-Z]{20}$'`))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("title", "jsonb", (c) => c.notNull())
    // No foreign key: cases are sharded apart from the library, and a licence outlives its case's data.
    .addColumn("case_id", "uuid")
    .addColumn("region_code", "text", (c) => c.notNull())
    .addColumn("department_id", "uuid", (c) => c.notNull().references("departments.id"))
    .addColumn("holder_kind", "text", (c) =>
      c.notNull().check(sql`holder_kind in ('person', 'organisation')`),
    )
    .addColumn("holder_id", "uuid", (c) => c.notNull())
    .addColumn("holder_name", "text", (c) => c.notNull())
    .addColumn("holder_identifier_masked", "text")
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addColumn("issued_at", "timestamptz", (c) => c.notNull())
    .addColumn("valid_from", "timestamptz", (c) => c.notNull())
    .addColumn("valid_until", "timestamptz")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("valid").check(sql`status in ('valid', 'revoked')`),
    )
    .addColumn("revoked_at", "timestamptz")
    .addColumn("revoked_by", "uuid", (c) => c.references("staff.id"))
    .addColumn("revoke_reason", "text")
    .addColumn("key_id", "uuid", (c) => c.notNull().references("department_signing_keys.id"))
    .addColumn("signature", "text", (c) => c.notNull())
    .addCheckConstraint("licences_period", sql`valid_until is null or valid_until > valid_from`)
    .addCheckConstraint(
      "licences_revocation",
      sql`(status = 'revoked') = (revoked_at is not null and revoke_reason is not null)`,
    )
    .execute();
  await db.schema
    .createIndex("licences_holder_idx")
    .on("licences")
    .columns(["holder_kind", "holder_id"])
    .execute();
  await db.schema.createIndex("licences_case_idx").on("licences").column("case_id").execute();
  await sql`create index licences_region_idx on licences (region_code text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("licences").execute();
  await db.schema.dropTable("department_signing_keys").execute();
}
