import { type Kysely, sql } from "kysely";

/**
 * Two changes to signing in (docs/security.md, G4 and G5):
 * - Wrong passwords are counted per account and client address (`signin_failures`), so that a stranger
 *   who knows a username locks only their own address out, not the account's owner; the row also
 *   remembers the last time the account signed in from there, so an address the owner uses is told
 *   apart from a new one when the account is under a spread-out attack.
 * - A staff member's first password — made by `tongban staff create` or a system administrator, who
 *   then knows it — lapses at `password_expires_at` and must be replaced at the first sign-in: a
 *   session of the stage `password_change` lets its holder do that and nothing else.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("signin_failures")
    .addColumn("account_kind", "text", (c) => c.notNull().check(sql`account_kind in ('staff', 'person')`))
    .addColumn("account_id", "uuid", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_failure_at", "timestamptz")
    .addColumn("locked_until", "timestamptz")
    .addColumn("signed_in_at", "timestamptz")
    .addPrimaryKeyConstraint("signin_failures_pkey", ["account_kind", "account_id", "address"])
    .execute();
  await db.schema.alterTable("staff").addColumn("password_expires_at", "timestamptz").execute();
  await sql`alter table sessions drop constraint sessions_stage_check`.execute(db);
  await sql`alter table sessions add constraint sessions_stage_check
      check (stage in ('password_change', 'mfa_pending', 'complete'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // A session still owing a new password would otherwise become a full one.
  await sql`delete from sessions where stage = 'password_change'`.execute(db);
  await sql`alter table sessions drop constraint sessions_stage_check`.execute(db);
  await sql`alter table sessions add constraint sessions_stage_check
      check (stage in ('mfa_pending', 'complete'))`.execute(db);
  await db.schema.alterTable("staff").dropColumn("password_expires_at").execute();
  await db.schema.dropTable("signin_failures").execute();
}
