import { type Kysely, sql } from "kysely";

/**
 * Webhooks for integrators (a province's own systems): subscriptions by region subtree and event type,
 * one delivery row per event and subscription (sent by a job, retried with backoff), and the Ed25519
 * keys that sign them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhook_subscriptions (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 100),
      url text not null check (url ~ '^https?://'),
      region_code text not null references regions (code),
      events text[] not null check (cardinality(events) > 0),
      created_by uuid not null references staff (id),
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`.execute(db);
  // Every case transition asks which live subscriptions hold its region: one probe per ancestor code.
  await sql`
    create index webhook_subscriptions_live_idx on webhook_subscriptions (region_code)
      where disabled_at is null`.execute(db);

  await sql`
    create table webhook_deliveries (
      id uuid primary key default gen_random_uuid(),
      subscription_id uuid not null references webhook_subscriptions (id),
      event_id uuid not null,
      event_type text not null,
      region_code text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0 check (attempts >= 0),
      last_status integer,
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      constraint webhook_deliveries_delivered_at check ((status = 'delivered') = (delivered_at is not null)),
      unique (subscription_id, event_id)
    )`.execute(db);
  await sql`
    create index webhook_deliveries_subscription_idx
      on webhook_deliveries (subscription_id, created_at desc, id desc)`.execute(db);

  await sql`
    create table webhook_signing_keys (
      id uuid primary key default gen_random_uuid(),
      public_key text not null,
      private_key_enc text not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    )`.execute(db);
  // One live key at a time, however many servers make the first one at once.
  await sql`
    create unique index webhook_signing_keys_live_idx on webhook_signing_keys ((true))
      where retired_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["webhook_deliveries", "webhook_subscriptions", "webhook_signing_keys"]) {
    await db.schema.dropTable(table).execute();
  }
}
