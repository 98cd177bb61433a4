import { type Kysely, sql } from "kysely";

/**
 * The hall queue (issue 7): ticket categories per site (取号类别), the daily counters that number
 * tickets (A001… per site, category and China day), the tickets themselves with who called them where,
 * appointment slots with their capacity, and the bookings (预约) that check in as priority tickets.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table queue_categories (
      id uuid primary key default gen_random_uuid(),
      site_id uuid not null references service_sites (id),
      prefix text not null check (prefix ~ '^[A-Z]$'),
      name text not null check (length(name) between 1 and 40),
      name_en text not null default '',
      department_ids uuid[] not null default '{}',
      active boolean not null default true,
      created_at timestamptz not null default now(),
      unique (site_id, prefix)
    )`.execute(db);

  await sql`
    create table queue_counters (
      category_id uuid not null references queue_categories (id),
      day date not null,
      last integer not null,
      primary key (category_id, day)
    )`.execute(db);

  await sql`
    create table appointment_slots (
      id uuid primary key default gen_random_uuid(),
      site_id uuid not null references service_sites (id),
      category_id uuid not null references queue_categories (id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      capacity integer not null check (capacity between 1 and 1000),
      booked integer not null default 0,
      check (ends_at > starts_at),
      -- The last place goes to one person only: the database refuses a booking past capacity.
      check (booked between 0 and capacity),
      unique (category_id, starts_at)
    )`.execute(db);
  await sql`create index appointment_slots_site_idx on appointment_slots (site_id, starts_at)`.execute(db);

  await sql`
    create table appointments (
      id uuid primary key default gen_random_uuid(),
      slot_id uuid not null references appointment_slots (id),
      site_id uuid not null references service_sites (id),
      region_code text not null,
      person_id uuid not null references persons (id),
      code text not null unique,
      status text not null check (status in ('booked', 'cancelled', 'checked_in')),
      ticket_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create unique index appointments_live_idx on appointments (slot_id, person_id)
      where status <> 'cancelled'`.execute(db);
  await sql`create index appointments_person_idx on appointments (person_id, created_at desc)`.execute(db);

  await sql`
    create table queue_tickets (
      id uuid primary key default gen_random_uuid(),
      site_id uuid not null references service_sites (id),
      region_code text not null,
      category_id uuid not null references queue_categories (id),
      day date not null,
      seq integer not null check (seq > 0),
      number text not null,
      follow_token text not null unique,
      channel text not null check (channel in ('kiosk', 'phone', 'appointment')),
      person_id uuid references persons (id),
      appointment_id uuid references appointments (id),
      priority boolean not null default false,
      status text not null default 'waiting' check (status in ('waiting', 'called', 'done', 'no_show')),
      -- Set by a transfer: the ticket waits for that window alone, ahead of ordinary tickets.
      target_window_id uuid references hall_windows (id),
      window_id uuid references hall_windows (id),
      called_by uuid references staff (id),
      call_count integer not null default 0,
      taken_at timestamptz not null default now(),
      called_at timestamptz,
      finished_at timestamptz,
      unique (category_id, day, seq)
    )`.execute(db);
  // What call-next reads: the waiting tickets of a site in the order they are served.
  await sql`
    create index queue_tickets_waiting_idx
      on queue_tickets (site_id, (target_window_id is null), priority desc, taken_at, id)
      where status = 'waiting'`.execute(db);
  await sql`create index queue_tickets_recent_idx on queue_tickets (site_id, called_at desc)`.execute(db);
  await sql`
    create index queue_tickets_window_idx on queue_tickets (window_id) where status = 'called'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "queue_tickets",
    "appointments",
    "appointment_slots",
    "queue_counters",
    "queue_categories",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
