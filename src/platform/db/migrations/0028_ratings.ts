import { type Kysely, sql } from "kysely";

/**
 * Ratings (好差评) of closed cases and hall visits, what is added to them later (追评), the tokens of the
 * text message's link and of the window's pad, the rectification (整改) of each bad rating, and each
 * region's rectification period in working days.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ratings (
      id uuid primary key default gen_random_uuid(),
      subject_kind text not null check (subject_kind in ('case', 'visit')),
      subject_id uuid not null,
      channel text not null check (channel in ('online', 'sms', 'pad')),
      level smallint not null check (level between 1 and 5),
      tags text[] not null default '{}',
      comment text not null default '',
      rater_kind text not null check (rater_kind in ('applicant', 'agent')),
      rater_person_id uuid references persons (id),
      region_code text not null,
      department_id uuid references departments (id),
      item_code text,
      item_name text,
      item_name_en text,
      site_id uuid references service_sites (id),
      case_channel text,
      created_at timestamptz not null default now(),
      unique (subject_kind, subject_id, channel)
    )`.execute(db);
  await sql`create index ratings_department_idx on ratings (department_id, created_at desc)`.execute(db);
  await sql`create index ratings_item_idx on ratings (item_code, created_at desc)`.execute(db);
  await sql`create index ratings_site_idx on ratings (site_id, created_at desc)`.execute(db);
  await sql`create index ratings_region_idx on ratings (region_code, created_at desc)`.execute(db);

  await sql`
    create table rating_additions (
      id uuid primary key default gen_random_uuid(),
      rating_id uuid not null references ratings (id),
      text text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index rating_additions_rating_idx on rating_additions (rating_id, created_at)`.execute(db);

  await sql`
    create table rating_tokens (
      token_hash text primary key,
      kind text not null check (kind in ('sms', 'pad')),
      subject_kind text not null check (subject_kind in ('case', 'visit')),
      subject_id uuid not null,
      person_id uuid references persons (id),
      created_at timestamptz not null default now(),
      used_at timestamptz
    )`.execute(db);
  await sql`
    create unique index rating_tokens_subject_idx
      on rating_tokens (kind, subject_kind, subject_id, coalesce(person_id, '00000000-0000-0000-0000-000000000000'))`.execute(
    db,
  );

  await sql`
    create table rectifications (
      id uuid primary key default gen_random_uuid(),
      rating_id uuid not null unique references ratings (id),
      region_code text not null,
      department_id uuid not null references departments (id),
      state text not null check (state in ('open', 'called_back', 'resolved', 'contested', 'closed')),
      due_at timestamptz not null,
      rounds integer not null default 1,
      callback_by uuid references staff (id),
      callback_at timestamptz,
      callback_note text,
      outcome text,
      resolved_by uuid references staff (id),
      resolved_at timestamptz,
      resolved_on_time boolean,
      response text check (response in ('accepted', 'contested')),
      contest_reason text,
      responded_at timestamptz,
      review text check (review in ('upheld', 'sent_back')),
      review_note text,
      reviewed_by uuid references staff (id),
      reviewed_at timestamptz,
      overdue_at timestamptz,
      escalated_at timestamptz,
      closed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index rectifications_work_idx on rectifications (department_id, state, due_at)`.execute(
    db,
  );
  await sql`
    create index rectifications_clock_idx on rectifications (due_at)
      where state in ('open', 'called_back') and escalated_at is null`.execute(db);

  await sql`
    create table rating_settings (
      region_code text primary key,
      rectify_days integer not null check (rectify_days between 1 and 60),
      updated_by uuid not null references staff (id),
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("rating_settings").execute();
  await db.schema.dropTable("rectifications").execute();
  await db.schema.dropTable("rating_tokens").execute();
  await db.schema.dropTable("rating_additions").execute();
  await db.schema.dropTable("ratings").execute();
}
