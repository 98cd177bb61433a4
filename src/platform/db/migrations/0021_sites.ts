import { type Kysely, sql } from "kysely";

/**
 * Service sites (issue 7): the halls of the service centres (政务服务中心) and the service points of
 * townships and villages (便民服务站) — where people are served in person — and a hall's windows, each
 * comprehensive (一窗受理: any item) or bound to departments. A site belongs to the department that
 * runs it (the region's government service office) and opens on working days, at the hours it keeps.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table service_sites (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,59}$'),
      kind text not null check (kind in ('hall', 'point')),
      region_code text not null,
      department_id uuid not null references departments (id),
      name text not null check (length(name) between 1 and 100),
      name_en text not null default '',
      address text not null default '',
      phone text not null default '',
      hours jsonb not null,
      open boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index service_sites_region_idx on service_sites (region_code text_pattern_ops)`.execute(
    db,
  );

  await sql`
    create table hall_windows (
      id uuid primary key default gen_random_uuid(),
      site_id uuid not null references service_sites (id),
      label text not null check (length(label) between 1 and 40),
      kind text not null check (kind in ('comprehensive', 'department')),
      department_ids uuid[] not null default '{}',
      active boolean not null default true,
      created_at timestamptz not null default now(),
      unique (site_id, label),
      check (kind = 'comprehensive' or cardinality(department_ids) > 0)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["hall_windows", "service_sites"]) await db.schema.dropTable(table).execute();
}
