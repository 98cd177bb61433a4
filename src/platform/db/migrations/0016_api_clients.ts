import { type Kysely, sql } from "kysely";

/**
 * API clients: a department's own systems (a registry that publishes, a consumer that reads under an
 * agreement, later a GovStack portal) calling the API with credentials of their own. The secret is
 * random and long, so its SHA-256 is what is kept; it is shown once, when made or rotated. Clients act
 * as themselves in the audit trail and in case events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table api_clients (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 100),
      department_id uuid not null references departments (id),
      scopes text[] not null check (cardinality(scopes) > 0),
      secret_hash text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
      created_by uuid references staff (id),
      created_at timestamptz not null default now(),
      rotated_at timestamptz,
      last_used_at timestamptz,
      disabled_at timestamptz,
      disabled_by uuid references staff (id)
    )`.execute(db);
  await sql`create index api_clients_department_idx on api_clients (department_id)`.execute(db);

  await sql`alter table audit_log drop constraint audit_log_actor_kind_check`.execute(db);
  await sql`
    alter table audit_log add constraint audit_log_actor_kind_check
      check (actor_kind in ('staff', 'person', 'system', 'anonymous', 'client'))`.execute(db);
  await sql`alter table case_events drop constraint case_events_actor_kind_check`.execute(db);
  await sql`
    alter table case_events add constraint case_events_actor_kind_check
      check (actor_kind in ('staff', 'person', 'system', 'client'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_events drop constraint case_events_actor_kind_check`.execute(db);
  await sql`
    alter table case_events add constraint case_events_actor_kind_check
      check (actor_kind in ('staff', 'person', 'system'))`.execute(db);
  await sql`alter table audit_log drop constraint audit_log_actor_kind_check`.execute(db);
  await sql`
    alter table audit_log add constraint audit_log_actor_kind_check
      check (actor_kind in ('staff', 'person', 'system', 'anonymous'))`.execute(db);
  await sql`drop table api_clients`.execute(db);
}
