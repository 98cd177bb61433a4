import { type Kysely, sql } from "kysely";

/**
 * GovStack Registration and Digital Registries façades (docs/govstack-design.md, section 10):
 * - `govstack_identities`: an `Information-Mediator-Client` header value bound to an API client, whether
 *   the X-Road security server may vouch for it (`via_mediator`, set only from the command line), and who
 *   the applicant of its submissions is (a real person by ID number, or one stand-in person for sandboxes);
 * - `govstack_aliases`: the conformance data's fixed ids, which are not ours, mapped to our ids per kind;
 * - `govstack_documents`: uploads awaiting an application (coordinator: not case data until used);
 * - `govstack_files`: what a client sent with a submission, kept beside its case and echoed back;
 * - `govstack_registries`: the registries a steward has exposed, with their integer GovStack ids;
 * - the submitter of a case and the owner of an application may now be an API client;
 * - an index for "who read this registry record" (audit entries of one record).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table govstack_identities (
      id uuid primary key default gen_random_uuid(),
      api_client_id uuid not null references api_clients (id),
      mediator_client text not null unique
        check (mediator_client ~ '^[^/[:space:][:cntrl:]]{1,255}(/[^/[:space:][:cntrl:]]{1,255}){3}$'),
      via_mediator boolean not null default false,
      mediator_default boolean not null default false,
      applicants text not null default 'identified' check (applicants in ('identified', 'stand_in')),
      stand_in_person_id uuid references persons (id),
      created_at timestamptz not null default now(),
      check ((applicants = 'stand_in') = (stand_in_person_id is not null)),
      check (not mediator_default or via_mediator)
    )`.execute(db);
  // At most one identity answers for header-less requests from the mediator's network.
  await sql`create unique index govstack_identities_one_default on govstack_identities ((true)) where mediator_default`.execute(
    db,
  );
  await sql`create index govstack_identities_client on govstack_identities (api_client_id)`.execute(db);

  await sql`
    create table govstack_aliases (
      kind text not null check (kind in ('service', 'eform', 'file', 'task')),
      external_id text not null check (char_length(external_id) between 1 and 200),
      internal_id text not null,
      primary key (kind, external_id)
    )`.execute(db);
  await sql`create unique index govstack_aliases_internal on govstack_aliases (kind, internal_id)`.execute(
    db,
  );

  await sql`
    create table govstack_documents (
      id uuid primary key default gen_random_uuid(),
      api_client_id uuid not null references api_clients (id),
      file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
      file_name text not null,
      media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
      size integer not null check (size > 0),
      active_content boolean not null default false,
      material_hint text check (char_length(material_hint) <= 200),
      uploaded_at timestamptz not null default now(),
      used_by_case uuid
    )`.execute(db);
  await sql`create index govstack_documents_client on govstack_documents (api_client_id, uploaded_at)`.execute(
    db,
  );

  await sql`
    create table govstack_files (
      province_code text not null,
      case_id uuid not null,
      region_code text not null,
      identity_id uuid not null references govstack_identities (id),
      api_client_id uuid not null references api_clients (id),
      applicant_ref text not null check (char_length(applicant_ref) between 1 and 200),
      application_name text check (char_length(application_name) <= 200),
      created_given timestamptz,
      eform_ref text check (char_length(eform_ref) <= 200),
      document_refs text[] not null default '{}',
      submitted_at timestamptz not null default now(),
      primary key (case_id, province_code),
      foreign key (case_id, province_code) references cases (id, province_code),
      check (province_code = left(region_code, 2))
    )`.execute(db);
  await sql`create index govstack_files_client on govstack_files (api_client_id, submitted_at desc)`.execute(
    db,
  );
  await sql`create index govstack_files_applicant on govstack_files (api_client_id, applicant_ref)`.execute(
    db,
  );

  await sql`
    create table govstack_registries (
      id integer generated always as identity primary key,
      registry_id uuid not null unique references registries (id),
      name text not null unique
        check (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' and lower(name) <> 'mypersonaldatausage'),
      version text not null check (version ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$'),
      code text not null unique check (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
      key_field text not null default 'id' check (key_field ~ '^[A-Za-z][A-Za-z0-9_]{0,39}$'),
      field_names jsonb not null default '{}' check (jsonb_typeof(field_names) = 'object'),
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`alter table cases drop constraint cases_submitter_kind_check`.execute(db);
  await sql`alter table cases add constraint cases_submitter_kind_check
    check (submitter_kind in ('person', 'staff', 'client'))`.execute(db);
  await sql`alter table applications drop constraint applications_owner_kind_check`.execute(db);
  await sql`alter table applications add constraint applications_owner_kind_check
    check (owner_kind in ('person', 'staff', 'client'))`.execute(db);
  await sql`create index audit_log_record_idx on audit_log (subject_id, seq) where subject_kind = 'registry_record'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ n: number }>`
    select (select count(*) from cases where submitter_kind = 'client')::int
         + (select count(*) from applications where owner_kind = 'client')::int as n`.execute(db);
  if ((rows[0]?.n ?? 0) > 0) {
    throw new Error(
      "0050_govstack cannot be undone: API clients have submitted cases or own applications; restore the backup taken before upgrading",
    );
  }
  await sql`drop index audit_log_record_idx`.execute(db);
  await sql`alter table applications drop constraint applications_owner_kind_check`.execute(db);
  await sql`alter table applications add constraint applications_owner_kind_check
    check (owner_kind in ('person', 'staff'))`.execute(db);
  await sql`alter table cases drop constraint cases_submitter_kind_check`.execute(db);
  await sql`alter table cases add constraint cases_submitter_kind_check
    check (submitter_kind in ('person', 'staff'))`.execute(db);
  await sql`drop table govstack_registries`.execute(db);
  await sql`drop table govstack_files`.execute(db);
  await sql`drop table govstack_documents`.execute(db);
  await sql`drop table govstack_aliases`.execute(db);
  await sql`drop table govstack_identities`.execute(db);
}
