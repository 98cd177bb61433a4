import { type Kysely, sql } from "kysely";

/** The notification outbox: e-mail and text messages, queued in the transaction that causes them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("notifications")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('email', 'sms')`))
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull().check(sql`locale in ('zh-CN', 'en')`))
    .addColumn("params", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status in ('pending', 'sent', 'failed')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0).check(sql`attempts >= 0`))
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addCheckConstraint("notifications_sent_at_check", sql`(status = 'sent') = (sent_at is not null)`)
    .execute();
  // What is still waiting, oldest first: for a sweep that re-queues what a lost job left behind.
  await sql`create index notifications_pending_idx on notifications (created_at) where status = 'pending'`.execute(
    db,
  );
  // What was sent to one address or number lately: for limits on how often, and for support.
  await db.schema
    .createIndex("notifications_recipient_idx")
    .on("notifications")
    .columns(["recipient", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("notifications").execute();
}
