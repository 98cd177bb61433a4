import { type Kysely, sql } from "kysely";

/**
 * Government information disclosure (政务公开, issue 8): what departments publish (policies, notices,
 * interpretations, plans, budgets, statistics) with the standard metadata and every revision kept,
 * their attachments, the index numbers (索引号) handed out per department and year — never reused —,
 * each department's disclosure guide (公开指南), and the answers to disclosure requests (依申请公开),
 * one per case of the case engine.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table disclosure_publications (
      id uuid primary key default gen_random_uuid(),
      department_id uuid not null references departments (id),
      region_code text not null,
      category text not null
        check (category in ('policy', 'notice', 'interpretation', 'plan', 'budget', 'statistics')),
      index_number text not null unique,
      document_number text,
      title text not null,
      body text not null,
      written_on text check (written_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      published_at timestamptz not null,
      effective_from text check (effective_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      expires_on text check (expires_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      validity text not null default 'in_force'
        check (validity in ('in_force', 'amended', 'repealed', 'expired')),
      amended_by uuid references disclosure_publications (id),
      repealed_by uuid references disclosure_publications (id),
      interprets_id uuid references disclosure_publications (id),
      revision integer not null default 1,
      withdrawn_at timestamptz,
      withdrawn_by uuid references staff (id),
      withdrawn_reason text,
      created_by uuid not null references staff (id),
      updated_at timestamptz not null default now(),
      document tsvector not null,
      check (category = 'interpretation' or interprets_id is null),
      check ((withdrawn_at is null) = (withdrawn_reason is null))
    )`.execute(db);
  // A department gives one document number once (安政发〔2026〕12号 names one document).
  await sql`
    create unique index disclosure_publications_docno_idx
      on disclosure_publications (department_id, document_number)
      where document_number is not null`.execute(db);
  await sql`create index disclosure_publications_document_idx on disclosure_publications using gin (document)`.execute(
    db,
  );
  await sql`
    create index disclosure_publications_latest_idx
      on disclosure_publications (published_at desc, id desc)`.execute(db);
  await sql`
    create index disclosure_publications_department_idx
      on disclosure_publications (department_id, published_at desc)`.execute(db);

  await sql`
    create table disclosure_revisions (
      publication_id uuid not null references disclosure_publications (id),
      revision integer not null,
      title text not null,
      body text not null,
      document_number text,
      reason text,
      revised_by uuid not null references staff (id),
      revised_at timestamptz not null,
      primary key (publication_id, revision)
    )`.execute(db);

  await sql`
    create table disclosure_attachments (
      id uuid primary key default gen_random_uuid(),
      publication_id uuid not null references disclosure_publications (id),
      file_sha256 text not null references files (sha256),
      name text not null,
      media_type text not null,
      size bigint not null,
      added_by uuid not null references staff (id),
      added_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index disclosure_attachments_publication_idx on disclosure_attachments (publication_id, added_at)`.execute(
    db,
  );

  await sql`
    create table disclosure_index_counters (
      department_id uuid not null references departments (id),
      year integer not null,
      last integer not null,
      primary key (department_id, year)
    )`.execute(db);

  await sql`
    create table disclosure_guides (
      department_id uuid primary key references departments (id),
      office text not null,
      address text not null,
      phone text not null,
      hours text not null,
      email text,
      notes text not null default '',
      updated_by uuid not null references staff (id),
      updated_at timestamptz not null
    )`.execute(db);

  await sql`
    create table disclosure_answers (
      case_id uuid primary key references cases (id),
      region_code text not null,
      department_id uuid not null references departments (id),
      answer text not null
        check (answer in ('disclosed', 'partly_disclosed', 'not_held', 'not_disclosable')),
      reason text not null,
      legal_basis text not null,
      answered_by uuid not null references staff (id),
      answered_at timestamptz not null
    )`.execute(db);
  await sql`create index disclosure_answers_department_idx on disclosure_answers (department_id, answered_at desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "disclosure_answers",
    "disclosure_guides",
    "disclosure_index_counters",
    "disclosure_attachments",
    "disclosure_revisions",
    "disclosure_publications",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
