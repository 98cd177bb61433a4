import { type Kysely, sql } from "kysely";

/**
 * Supervision (效能监察, issue 8): the daily ranking of departments by on-time rate and satisfaction,
 * one row per day, region and department; and the indexes the supervisors' overview counts by — each
 * table's overdue rows, by region prefix, small because only what is overdue and still open is in them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Days as text, as disclosure's dates: a day in Asia/Shanghai, never shifted by a driver's time zone.
  await sql`
    create table department_rankings (
      day text not null check (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      region_code text not null,
      department_id uuid not null references departments (id),
      window_from text not null check (window_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      window_to text not null check (window_to ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      cases_closed integer not null check (cases_closed >= 0),
      cases_on_time integer not null check (cases_on_time between 0 and cases_closed),
      ratings integer not null check (ratings >= 0),
      ratings_satisfied integer not null check (ratings_satisfied between 0 and ratings),
      rating_level_sum integer not null check (rating_level_sum >= 0),
      computed_at timestamptz not null default now(),
      primary key (day, region_code, department_id)
    )`.execute(db);
  await sql`
    create index cases_overdue_region_idx on cases (region_code text_pattern_ops)
      where overdue_at is not null and state <> 'closed'`.execute(db);
  await sql`
    create index cases_closed_at_idx on cases (closed_at) where closed_at is not null`.execute(db);
  await sql`
    create index rectifications_overdue_region_idx on rectifications (region_code text_pattern_ops)
      where overdue_at is not null and state in ('open', 'called_back')`.execute(db);
  await sql`
    create index public_requests_overdue_region_idx on public_requests (region_code text_pattern_ops)
      where overdue_at is not null and state in ('received', 'assigned')`.execute(db);
  await sql`create index ratings_created_idx on ratings (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index ratings_created_idx`.execute(db);
  await sql`drop index public_requests_overdue_region_idx`.execute(db);
  await sql`drop index rectifications_overdue_region_idx`.execute(db);
  await sql`drop index cases_closed_at_idx`.execute(db);
  await sql`drop index cases_overdue_region_idx`.execute(db);
  await db.schema.dropTable("department_rankings").execute();
}
