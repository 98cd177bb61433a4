import { type Kysely, sql } from "kysely";

/**
 * Hall devices (issue 7): self-service kiosks, queue display boards and 24-hour smart lockers of a
 * site, which talk to Tongban over MQTT. A device's secret is never stored: it is derived from the
 * server's key and the device's id, and only its hash is kept to notice a changed key. Lockers hold
 * what staff put in a compartment for a case until its applicant picks it up with a one-time code,
 * of which only a keyed hash is kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table hall_devices (
      id uuid primary key default gen_random_uuid(),
      site_id uuid not null references service_sites (id),
      region_code text not null,
      kind text not null check (kind in ('kiosk', 'board', 'locker')),
      name text not null check (length(name) between 1 and 60),
      compartments integer not null default 0,
      key_version integer not null default 1,
      secret_hash text not null,
      registered_by uuid,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz,
      -- The newest timestamp a device signed: an older or equal one is a replay.
      last_ts bigint not null default 0,
      offline_at timestamptz,
      rejected_messages integer not null default 0,
      unique (site_id, name),
      check ((kind = 'locker') = (compartments > 0) and compartments <= 200)
    )`.execute(db);

  await sql`
    create table locker_assignments (
      id uuid primary key,
      device_id uuid not null references hall_devices (id),
      site_id uuid not null references service_sites (id),
      region_code text not null,
      compartment integer not null check (compartment > 0),
      case_id uuid not null references cases (id),
      case_number text not null,
      code_hash text not null,
      status text not null default 'waiting' check (status in ('waiting', 'picked_up', 'cancelled')),
      failed_attempts integer not null default 0,
      assigned_by uuid,
      assigned_at timestamptz not null default now(),
      expires_at timestamptz not null,
      picked_up_at timestamptz
    )`.execute(db);
  // One item per compartment, one compartment per case, while it waits.
  await sql`create unique index locker_assignments_compartment_idx on locker_assignments (device_id, compartment) where status = 'waiting'`.execute(
    db,
  );
  await sql`create unique index locker_assignments_case_idx on locker_assignments (case_id) where status = 'waiting'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["locker_assignments", "hall_devices"]) await db.schema.dropTable(table).execute();
}
