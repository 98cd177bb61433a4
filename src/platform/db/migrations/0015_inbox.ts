import { type Kysely, sql } from "kysely";

/**
 * The in-app inbox: what concerns a person or a staff member, written in the transaction of the change
 * it reports. Its words are stored in every language when posted, so a reader who switches language
 * reads it in the new one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // recipient_id names a person or a staff member (recipient_kind says which), and case_id a case:
  // they are for finding messages, not constraints, so no foreign key ties a message to either.
  await sql`
    create table inbox_messages (
      id uuid primary key default gen_random_uuid(),
      recipient_kind text not null check (recipient_kind in ('person', 'staff')),
      recipient_id uuid not null,
      template text not null,
      content jsonb not null check (jsonb_typeof(content) = 'object'),
      link text check (link ~ '^(https?://|/)'),
      case_id uuid,
      region_code text,
      created_at timestamptz not null default now(),
      read_at timestamptz
    )`.execute(db);
  // A reader's messages, newest first, and the unread ones alone (the badge, "unread only").
  await sql`
    create index inbox_messages_recipient_idx
      on inbox_messages (recipient_kind, recipient_id, created_at desc, id desc)`.execute(db);
  await sql`
    create index inbox_messages_unread_idx
      on inbox_messages (recipient_kind, recipient_id, created_at desc, id desc)
      where read_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("inbox_messages").execute();
}
