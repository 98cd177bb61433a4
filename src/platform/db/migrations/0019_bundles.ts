import { type Kysely, sql } from "kysely";

/**
 * One-thing bundles (一件事一次办): their definitions (data an administrator keeps), each application
 * of one (one form, one submission) and the child cases it opened, with the bundle's time and the sum
 * of its children's times recorded once the last child closes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bundles (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[a-z][a-z0-9_-]{1,59}$'),
      owner_region_code text not null,
      event text not null,
      definition jsonb not null,
      version integer not null default 1,
      created_by uuid references staff (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table bundle_applications (
      id uuid primary key default gen_random_uuid(),
      bundle_id uuid not null references bundles (id),
      bundle_code text not null,
      bundle_version integer not null,
      bundle_name jsonb not null,
      region_code text not null,
      applicant_kind text not null check (applicant_kind in ('person', 'organisation')),
      applicant_id uuid not null,
      applicant_name text not null,
      submitter_id uuid not null references persons (id),
      idempotency_key text not null,
      request_hash text not null,
      data jsonb not null,
      child_count integer not null check (child_count > 0),
      submitted_at timestamptz not null default now(),
      settled_at timestamptz,
      bundle_seconds double precision,
      children_seconds double precision,
      constraint bundle_applications_settled check (
        (settled_at is null) = (bundle_seconds is null) and (settled_at is null) = (children_seconds is null)
      ),
      unique (submitter_id, idempotency_key)
    )`.execute(db);
  await sql`
    create index bundle_applications_submitter_idx
      on bundle_applications (submitter_id, submitted_at desc, id desc)`.execute(db);
  // The settling job looks only at bundles still waiting for a child.
  await sql`
    create index bundle_applications_open_idx on bundle_applications (submitted_at)
      where settled_at is null`.execute(db);

  await sql`
    create table bundle_cases (
      bundle_application_id uuid not null references bundle_applications (id),
      position integer not null check (position >= 0),
      item_code text not null,
      case_id uuid not null unique references cases (id),
      region_code text not null,
      primary key (bundle_application_id, position)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["bundle_cases", "bundle_applications", "bundles"]) {
    await db.schema.dropTable(table).execute();
  }
}
