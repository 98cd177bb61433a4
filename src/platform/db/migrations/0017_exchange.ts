import { type Kysely, sql } from "kysely";

/**
 * Registries and data sharing (数据共享): departments publish registries (household, enterprise,
 * marriage…) whose records other departments read only under a purpose — a case that needs a field, or
 * a standing agreement the steward approved. Every read is an audit entry (`data_exchange.fetch`), which
 * is what "who used my data" lists. A case records what it took from them instead of an upload.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // change_seq numbers the registry's changes: taken with the registry row locked, so changes commit
  // in their numbers' order and a consumer reading "after N" never skips one that committed late.
  await sql`
    create table registries (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      name jsonb not null check (jsonb_typeof(name) = 'object'),
      description jsonb not null default '{"zh": "", "en": ""}' check (jsonb_typeof(description) = 'object'),
      department_id uuid not null references departments (id),
      subject_kind text not null check (subject_kind in ('person', 'organisation', 'property')),
      key_kind text not null check (key_kind in ('id_number', 'credit_code', 'number')),
      fields jsonb not null check (jsonb_typeof(fields) = 'array'),
      change_seq bigint not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);

  // record_key: a person's ID number only as its keyed digest (the same one persons.id_number_index
  // holds, so a record finds its person's account); a credit code or a certificate number as written.
  await sql`
    create table registry_records (
      id uuid primary key default gen_random_uuid(),
      registry_id uuid not null references registries (id),
      record_key text not null,
      key_masked text not null,
      region_code text,
      data jsonb not null check (jsonb_typeof(data) = 'object'),
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      retracted_at timestamptz,
      unique (registry_id, record_key)
    )`.execute(db);
  await sql`
    create index registry_records_region_idx on registry_records (registry_id, region_code text_pattern_ops)
      where retracted_at is null`.execute(db);

  await sql`
    create table registry_changes (
      registry_id uuid not null references registries (id),
      seq bigint not null,
      record_id uuid not null references registry_records (id),
      version integer not null,
      change text not null check (change in ('published', 'retracted')),
      at timestamptz not null default now(),
      primary key (registry_id, seq)
    )`.execute(db);

  await sql`
    create table data_agreements (
      id uuid primary key default gen_random_uuid(),
      registry_id uuid not null references registries (id),
      consumer_department_id uuid not null references departments (id),
      fields text[] not null check (cardinality(fields) > 0),
      purpose text not null check (char_length(purpose) between 1 and 500),
      legal_basis text not null check (char_length(legal_basis) between 1 and 500),
      status text not null default 'requested'
        check (status in ('requested', 'approved', 'refused', 'revoked')),
      valid_until timestamptz,
      requested_by uuid references staff (id),
      requested_at timestamptz not null default now(),
      decided_by uuid references staff (id),
      decided_at timestamptz,
      decision_note text
    )`.execute(db);
  await sql`create index data_agreements_consumer_idx on data_agreements (consumer_department_id, registry_id)`.execute(
    db,
  );
  await sql`create index data_agreements_registry_idx on data_agreements (registry_id, status)`.execute(db);

  // What a case took from the government's own data instead of an upload: the licence, or the registry
  // and the fields with their values as read.
  await sql`alter table case_materials add column origin jsonb`.execute(db);
  await sql`alter table cases add column materials_avoided integer not null default 0`.execute(db);
  await sql`alter table cases add column visits_avoided integer not null default 0`.execute(db);
  // Granted by instant approval's rules (秒批), not by a person: a supervisor may reverse it.
  await sql`alter table cases add column decided_by_rules boolean not null default false`.execute(db);

  // An enterprise's "who used our data": reads of its records name it as the entry's subject.
  await sql`
    create index audit_log_organisation_idx on audit_log (subject_id, seq)
      where subject_kind = 'organisation'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_log_organisation_idx`.execute(db);
  await sql`alter table cases drop column decided_by_rules`.execute(db);
  await sql`alter table cases drop column visits_avoided`.execute(db);
  await sql`alter table cases drop column materials_avoided`.execute(db);
  await sql`alter table case_materials drop column origin`.execute(db);
  await sql`drop table data_agreements`.execute(db);
  await sql`drop table registry_changes`.execute(db);
  await sql`drop table registry_records`.execute(db);
  await sql`drop table registries`.execute(db);
}
