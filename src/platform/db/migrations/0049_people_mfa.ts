import { type Kysely, sql } from "kysely";

/**
 * A second factor for people (docs/security.md, G2; ASVS 6.3.3), as staff have had since 0003:
 * - `person_second_factors`: a person's TOTP secret, encrypted with PERSONAL_DATA_KEY; offered until a
 *   first code confirms it (`enrolled_at`), and the last time step accepted, so no code counts twice;
 * - `person_recovery_codes`: one-time codes for a lost phone, only their keyed digests, each spent once;
 * - on `person_sessions`, `stage` (a password that still owes the code, or must first enrol when
 *   REQUIRE_PEOPLE_MFA is on, signs no one in) and `method`, how the session was proved: a session of a
 *   person with a factor signs in only when it was proved by the factor or the identity platform.
 * Wrong codes are counted by the sign-in guard (`signin_failures`, 0046) with wrong passwords.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("person_second_factors")
    .addColumn("person_id", "uuid", (c) => c.primaryKey().references("persons.id").onDelete("cascade"))
    .addColumn("secret_enc", "text", (c) => c.notNull())
    .addColumn("offered_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("enrolled_at", "timestamptz")
    // A 30-second time step fits an integer until the year 4010.
    .addColumn("last_step", "integer")
    .execute();
  await db.schema
    .createTable("person_recovery_codes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("used_at", "timestamptz")
    .addUniqueConstraint("person_recovery_codes_code_unique", ["person_id", "code_hash"])
    .execute();
  await sql`alter table person_sessions
    add column stage text not null default 'complete'
      check (stage in ('mfa_pending', 'mfa_enrol', 'complete')),
    add column method text not null default 'password'
      check (method in ('password', 'second_factor', 'identity_platform'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Without the stage column a half-finished sign-in would become a full session.
  await sql`delete from person_sessions where stage <> 'complete'`.execute(db);
  await sql`alter table person_sessions drop column method, drop column stage`.execute(db);
  await db.schema.dropTable("person_recovery_codes").execute();
  await db.schema.dropTable("person_second_factors").execute();
}
