import { type Kysely, sql } from "kysely";

/**
 * Public consultations on draft policies (征求意见, issue 8): the draft by article, its open period, the
 * public's comments and their moderation, the feedback summary, attachments, and each region's shortest
 * allowed period. Whether a consultation is closed is computed from its closing instant, never stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table consultations (
      id uuid primary key default gen_random_uuid(),
      department_id uuid not null references departments (id),
      region_code text not null,
      title text not null,
      purpose text not null,
      contact text not null,
      opens_at timestamptz not null,
      closes_at timestamptz not null,
      short_period_reason text,
      state text not null default 'draft' check (state in ('draft', 'published', 'summarised')),
      pseudonym_salt text not null,
      created_by uuid not null references staff (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      published_at timestamptz,
      published_by uuid references staff (id),
      summarised_at timestamptz,
      summarised_by uuid references staff (id),
      check (closes_at > opens_at)
    )`.execute(db);
  await sql`create index consultations_region_idx on consultations (region_code, closes_at desc)`.execute(db);
  await sql`create index consultations_department_idx on consultations (department_id)`.execute(db);

  await sql`
    create table consultation_articles (
      consultation_id uuid not null references consultations (id) on delete cascade,
      position integer not null check (position >= 1),
      number text not null,
      heading text,
      body text not null,
      primary key (consultation_id, position)
    )`.execute(db);

  await sql`
    create table consultation_comments (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      article_position integer,
      person_id uuid not null references persons (id),
      body text not null,
      created_at timestamptz not null default now(),
      withdrawn_at timestamptz,
      hidden_at timestamptz,
      hidden_by uuid references staff (id),
      hidden_reason text check (hidden_reason in ('abuse', 'personal_data', 'advertising', 'unrelated')),
      check ((hidden_at is null) = (hidden_reason is null))
    )`.execute(db);
  await sql`
    create index consultation_comments_idx on consultation_comments (consultation_id, created_at)
  `.execute(db);

  await sql`
    create table consultation_summary_points (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      position integer not null,
      summary text not null,
      adoption text not null check (adoption in ('adopted', 'partly_adopted', 'not_adopted')),
      reason text,
      created_by uuid not null references staff (id),
      created_at timestamptz not null default now(),
      check (adoption <> 'not_adopted' or reason is not null),
      unique (consultation_id, position)
    )`.execute(db);
  await sql`
    create table consultation_point_comments (
      point_id uuid not null references consultation_summary_points (id) on delete cascade,
      comment_id uuid not null references consultation_comments (id),
      primary key (point_id, comment_id)
    )`.execute(db);

  await sql`
    create table consultation_attachments (
      consultation_id uuid not null references consultations (id),
      sha256 text not null references files (sha256),
      name text not null,
      added_by uuid not null references staff (id),
      added_at timestamptz not null default now(),
      primary key (consultation_id, sha256)
    )`.execute(db);

  await sql`
    create table consultation_settings (
      region_code text primary key,
      minimum_open_days integer not null check (minimum_open_days between 1 and 365),
      updated_by uuid not null references staff (id),
      updated_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "consultation_settings",
    "consultation_attachments",
    "consultation_point_comments",
    "consultation_summary_points",
    "consultation_comments",
    "consultation_articles",
    "consultations",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
