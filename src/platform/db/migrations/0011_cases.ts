import { type Kysely, sql } from "kysely";

/**
 * Applications and cases (办件). An application is the applicant's draft; submitting it opens a case,
 * which moves through the stages of its process definition — intake, reviews, decision, issuance,
 * delivery — as tasks of departments, on a clock of working days. Every change to a case is an event,
 * appended and never changed: the timeline, notifications and process mining read the events, and the
 * case row is their projection.
 *
 * Every case-side table carries `region_code` (the region handling the case) so case data can be
 * sharded by province later (docs/architecture.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Versioned process definitions of an item; an item without one runs a definition derived from its
  // guide's steps. A case copies the definition it starts with, so changing it never moves open cases.
  await sql`
    create table process_definitions (
      id uuid primary key default gen_random_uuid(),
      item_id uuid not null references catalog_items (id),
      version integer not null check (version > 0),
      definition jsonb not null,
      created_by uuid references staff (id),
      created_at timestamptz not null default now(),
      unique (item_id, version)
    )`.execute(db);

  await sql`
    create table cases (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      region_code text not null references regions (code),
      item_id uuid not null references catalog_items (id),
      item_version integer not null,
      item_code text not null,
      item_name jsonb not null,
      item_type text not null,
      offering_id uuid not null references catalog_offerings (id),
      definition_id uuid references process_definitions (id),
      plan jsonb not null,
      applicant_kind text not null check (applicant_kind in ('person', 'organisation')),
      applicant_id uuid not null,
      applicant_name text not null,
      applicant_identifier_masked text,
      -- Where the applicant lives (a person's address region, an organisation's seat): the urban–rural
      -- split of every measure is by this, not by the handling region.
      applicant_region_code text,
      submitter_kind text not null check (submitter_kind in ('person', 'staff')),
      submitter_id uuid not null,
      mandate_id uuid,
      channel text not null check (channel in ('online', 'hall', 'village_point', 'mobile', 'api')),
      state text not null check (state in ('intake', 'supplement', 'review', 'decision', 'issuance', 'delivery', 'paused', 'closed')),
      paused_state text check (paused_state in ('intake', 'review', 'decision')),
      stage_index integer not null default 0 check (stage_index >= 0),
      decision text check (decision in ('granted', 'denied', 'deemed_granted')),
      outcome text check (outcome in ('granted', 'denied', 'rejected', 'withdrawn', 'deemed_granted', 'lapsed')),
      data jsonb not null default '{}',
      commitment jsonb,
      delivery jsonb not null,
      licence_id text,
      submitted_at timestamptz not null default now(),
      accepted_at timestamptz,
      decided_at timestamptz,
      closed_at timestamptz,
      promised_days integer not null check (promised_days >= 0),
      statutory_days integer not null check (statutory_days >= promised_days),
      paused_days integer not null default 0 check (paused_days >= 0),
      paused_since timestamptz,
      due_at timestamptz,
      statutory_due_at timestamptz,
      warn_at timestamptz,
      clock_uncertain boolean not null default false,
      warned_at timestamptz,
      overdue_at timestamptz,
      escalated_at timestamptz,
      supplement_rounds integer not null default 0,
      supplement_due_at timestamptz,
      -- Keyed digests of the last 6 characters of the applicant's phone and ID (or credit) number:
      -- progress can be looked up with them without signing in, and they are never stored in clear.
      lookup_digests text[] not null default '{}',
      idempotency_key text,
      request_hash text,
      version integer not null default 0,
      updated_at timestamptz not null default now(),
      constraint cases_closed check ((state = 'closed') = (closed_at is not null and outcome is not null)),
      constraint cases_paused check ((state in ('paused', 'supplement')) = (paused_state is not null))
    )`.execute(db);
  // A retried submission finds the case its first attempt made.
  await sql`create unique index cases_idempotency on cases (submitter_kind, submitter_id, idempotency_key) where idempotency_key is not null`.execute(
    db,
  );
  await sql`create index cases_applicant on cases (applicant_kind, applicant_id, submitted_at desc)`.execute(
    db,
  );
  await sql`create index cases_region on cases (region_code text_pattern_ops, submitted_at desc)`.execute(db);
  await sql`create index cases_open_item on cases (item_id) where state <> 'closed'`.execute(db);
  // The clock sweep: running clocks by their next deadline.
  await sql`create index cases_clock on cases (warn_at, due_at) where accepted_at is not null and state not in ('closed', 'paused', 'supplement')`.execute(
    db,
  );
  await sql`create index cases_supplement_due on cases (supplement_due_at) where state = 'supplement'`.execute(
    db,
  );

  await sql`
    create table case_tasks (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases (id),
      region_code text not null,
      stage_index integer not null,
      stage_kind text not null check (stage_kind in ('intake', 'review', 'decision', 'issuance', 'delivery')),
      task_key text not null,
      name jsonb not null,
      role text not null,
      department_id uuid not null references departments (id),
      assignee_id uuid references staff (id),
      status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
      opinion text check (opinion in ('agree', 'disagree')),
      comment text,
      version integer not null default 0,
      created_at timestamptz not null default now(),
      due_at timestamptz,
      claimed_at timestamptz,
      completed_at timestamptz,
      completed_by uuid references staff (id),
      constraint case_tasks_done check ((status = 'open') = (completed_at is null))
    )`.execute(db);
  await sql`create index case_tasks_case on case_tasks (case_id, stage_index)`.execute(db);
  await sql`create index case_tasks_open on case_tasks (department_id, role, due_at) where status = 'open'`.execute(
    db,
  );
  await sql`create index case_tasks_assignee on case_tasks (assignee_id) where status = 'open'`.execute(db);

  await sql`
    create table case_events (
      id bigint generated always as identity primary key,
      case_id uuid not null references cases (id),
      region_code text not null,
      seq integer not null check (seq > 0),
      at timestamptz not null default now(),
      action text not null,
      from_state text,
      to_state text not null,
      stage_index integer,
      task_id uuid,
      department_id uuid,
      actor_kind text not null check (actor_kind in ('staff', 'person', 'system')),
      actor_id uuid,
      on_behalf_of uuid,
      reason text,
      data jsonb not null default '{}',
      unique (case_id, seq)
    )`.execute(db);
  await sql`create index case_events_region_at on case_events (region_code text_pattern_ops, at)`.execute(db);
  await sql`
    create function case_events_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'case_events is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'A case changes by a new event, never by editing an old one.';
    end
    $$`.execute(db);
  await sql`
    create trigger case_events_append_only before update or delete on case_events
    for each row execute function case_events_refuse_change()`.execute(db);

  // Time the clock does not count: supplements after acceptance and special procedures (特别程序).
  await sql`
    create table case_pauses (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases (id),
      region_code text not null,
      kind text not null check (kind in ('supplement', 'expert_review', 'hearing', 'public_notice', 'inspection', 'testing')),
      reason text not null,
      started_at timestamptz not null,
      ended_at timestamptz,
      working_days integer check (working_days >= 0),
      started_by uuid,
      ended_by uuid
    )`.execute(db);
  await sql`create index case_pauses_case on case_pauses (case_id, started_at)`.execute(db);

  await sql`
    create table case_materials (
      case_id uuid not null references cases (id),
      region_code text not null,
      material_key text not null,
      source text not null check (source in ('upload', 'commitment', 'form', 'licence', 'registry')),
      file_sha256 text check (file_sha256 ~ '^[0-9a-f]{64}$'),
      file_name text,
      media_type text,
      size integer,
      active_content boolean not null default false,
      added_at timestamptz not null default now(),
      primary key (case_id, material_key),
      constraint case_materials_file check ((source = 'upload') = (file_sha256 is not null))
    )`.execute(db);

  // Case numbers: the handling region's code, the China date, and that day's sequence in the region.
  await sql`
    create table case_number_counters (
      region_code text not null,
      day date not null,
      last integer not null check (last > 0),
      primary key (region_code, day)
    )`.execute(db);

  await sql`
    create table applications (
      id uuid primary key default gen_random_uuid(),
      region_code text not null references regions (code),
      item_id uuid not null references catalog_items (id),
      item_version integer not null,
      offering_id uuid not null references catalog_offerings (id),
      owner_kind text not null check (owner_kind in ('person', 'staff')),
      owner_id uuid not null,
      applicant_kind text not null check (applicant_kind in ('person', 'organisation')),
      applicant_id uuid not null,
      mandate_id uuid,
      channel text not null check (channel in ('online', 'hall', 'village_point', 'mobile', 'api')),
      data jsonb not null default '{}',
      -- Where each prefilled answer came from: 'profile', or 'case:<number>'.
      prefilled jsonb not null default '{}',
      page integer not null default 0 check (page >= 0),
      commitment jsonb,
      delivery jsonb,
      status text not null default 'draft' check (status in ('draft', 'submitted', 'abandoned')),
      case_id uuid references cases (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 0,
      constraint applications_submitted check ((status = 'submitted') = (case_id is not null))
    )`.execute(db);
  await sql`create index applications_owner on applications (owner_kind, owner_id, updated_at desc)`.execute(
    db,
  );
  await sql`
    create table application_materials (
      application_id uuid not null references applications (id) on delete cascade,
      material_key text not null,
      file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
      file_name text not null,
      media_type text not null,
      size integer not null check (size > 0),
      active_content boolean not null default false,
      uploaded_at timestamptz not null default now(),
      primary key (application_id, material_key)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "application_materials",
    "applications",
    "case_number_counters",
    "case_materials",
    "case_pauses",
    "case_events",
    "case_tasks",
    "cases",
    "process_definitions",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function case_events_refuse_change()`.execute(db);
}
