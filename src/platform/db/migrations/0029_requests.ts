import { type Kysely, sql } from "kysely";

/**
 * Requests from the public (12345-style 诉求, issue 8): the categories they are filed under (the
 * Open311 services), the routing rules that send them to departments, the requests themselves with
 * their deadline in working days, and every step taken on them. Contact details are encrypted at rest,
 * as persons' ID numbers are; only a hash of a request's follow token is kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table request_categories (
      code text primary key check (code ~ '^[a-z0-9][a-z0-9_-]{1,39}$'),
      kind text not null check (kind in ('complaint', 'suggestion', 'consultation', 'help', 'report')),
      name text not null,
      name_en text not null,
      description text not null default '',
      description_en text not null default '',
      anonymous_allowed boolean not null default false,
      due_working_days integer not null check (due_working_days between 1 and 60),
      created_at timestamptz not null default now()
    )`.execute(db);

  // A rule without a category is the region's dispatcher (its 12345 centre): where requests no other
  // rule takes go, and where departments return what is not theirs.
  await sql`
    create table request_routes (
      id uuid primary key default gen_random_uuid(),
      region_code text not null references regions (code),
      category_code text references request_categories (code),
      department_id uuid not null references departments (id),
      created_by uuid references staff (id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create unique index request_routes_rule_idx
      on request_routes (region_code, coalesce(category_code, ''))`.execute(db);

  await sql`
    create table public_requests (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      token_hash text not null unique,
      category_code text not null references request_categories (code),
      kind text not null,
      text text not null,
      -- The text as the public may read it (Open311's description): personal data masked at filing;
      -- null where nothing of it is published (a report, 举报, protects whoever made it).
      public_text text,
      region_code text not null references regions (code),
      lat double precision check (lat between -90 and 90),
      long double precision check (long between -180 and 180),
      address text,
      contact_preference text not null check (contact_preference in ('phone', 'sms', 'email', 'none')),
      requester_kind text not null check (requester_kind in ('person', 'contact', 'anonymous')),
      person_id uuid references persons (id),
      contact_name_enc text,
      contact_phone_enc text,
      contact_email_enc text,
      channel text not null check (channel in ('web', 'api', 'open311')),
      client_id uuid,
      attachments text[] not null default '{}',
      state text not null check (state in ('received', 'assigned', 'replied', 'closed')),
      dispatcher_id uuid not null references departments (id),
      department_id uuid references departments (id),
      received_at timestamptz not null default now(),
      due_at timestamptz not null,
      due_uncertain boolean not null default false,
      overdue_at timestamptz,
      reply_text text,
      reply_public boolean not null default false,
      reply_public_text text,
      replied_at timestamptz,
      replied_by uuid references staff (id),
      satisfaction text check (satisfaction in ('satisfied', 'basically', 'dissatisfied')),
      rated_at timestamptz,
      reopen_until timestamptz,
      closed_at timestamptz,
      reopened_count integer not null default 0,
      updated_at timestamptz not null default now(),
      check ((requester_kind = 'person') = (person_id is not null))
    )`.execute(db);
  // Open311's GET requests: a date range, newest first, open or closed or both. One index per status
  // (partial), so each walks its range in order and stops at the 1,000th row.
  await sql`create index public_requests_received_idx on public_requests (received_at desc)`.execute(db);
  await sql`
    create index public_requests_closed_idx on public_requests (received_at desc)
      where state = 'closed'`.execute(db);
  await sql`
    create index public_requests_open_idx on public_requests (received_at desc)
      where state <> 'closed'`.execute(db);
  await sql`create index public_requests_department_idx on public_requests (department_id, state)`.execute(
    db,
  );
  await sql`create index public_requests_dispatcher_idx on public_requests (dispatcher_id, state)`.execute(
    db,
  );
  await sql`create index public_requests_person_idx on public_requests (person_id) where person_id is not null`.execute(
    db,
  );
  await sql`
    create index public_requests_due_idx on public_requests (due_at)
      where overdue_at is null and state in ('received', 'assigned')`.execute(db);
  await sql`
    create index public_requests_public_idx on public_requests (replied_at desc)
      where reply_public`.execute(db);

  await sql`
    create table request_events (
      id bigint generated always as identity primary key,
      request_id uuid not null references public_requests (id),
      at timestamptz not null default now(),
      action text not null,
      actor_kind text not null,
      actor_id uuid,
      department_id uuid references departments (id),
      reason text,
      data jsonb not null default '{}'
    )`.execute(db);
  await sql`create index request_events_request_idx on request_events (request_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("request_events").execute();
  await db.schema.dropTable("public_requests").execute();
  await db.schema.dropTable("request_routes").execute();
  await db.schema.dropTable("request_categories").execute();
}
