import { type Kysely, sql } from "kysely";

/**
 * The staff second factor (TOTP). The secret is stored encrypted with PERSONAL_DATA_KEY; the last
 * accepted time step refuses a code used once already; wrong codes are counted apart from wrong
 * passwords, because a correct password clears its own count and must not clear this one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("staff")
    .addColumn("totp_secret", "text")
    .addColumn("totp_enrolled_at", "timestamptz")
    // A 30-second time step fits an integer until the year 4010.
    .addColumn("totp_last_step", "integer")
    .addColumn("failed_totp", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("sessions")
    .addColumn("stage", "text", (c) =>
      c.notNull().defaultTo("complete").check(sql`stage in ('mfa_pending', 'complete')`),
    )
    .execute();
  // Sessions of approvers and administrators began without a second factor: end them, so it applies
  // now rather than when their sessions run out.
  await sql`delete from sessions where staff_id in (
      select staff_id from staff_roles where role in ('approver', 'administrator'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Without the stage column a half-finished sign-in would become a full session.
  await sql`delete from sessions where stage <> 'complete'`.execute(db);
  await db.schema.alterTable("sessions").dropColumn("stage").execute();
  await db.schema
    .alterTable("staff")
    .dropColumn("failed_totp")
    .dropColumn("totp_last_step")
    .dropColumn("totp_enrolled_at")
    .dropColumn("totp_secret")
    .execute();
}
