import { type Kysely, sql } from "kysely";

/**
 * Insight of one-thing bundles (一件事一次办, issue 9): how long a bundle took from its submission to its
 * last child's close, against the sum of its children's own times — the days the applicant did not wait
 * because the departments worked side by side. Kept as the cases' roll-ups are: facts per application,
 * sums per month, region at every level and bundle, a queue of the applications changed.
 *
 * A child's change marks its case, not its bundle; the refresh recounts the bundles of the cases it
 * recounts, so the trigger here needs only the applications' own rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table insight_bundle_facts (
      id uuid primary key,
      region_code text not null,
      bundle_code text not null,
      received_month date not null,
      settled_month date,
      bundle_days integer,
      parts_days integer
    )`.execute(db);
  await sql`
    create table insight_bundle_monthly (
      region_code text not null,
      bundle_code text not null,
      month date not null,
      received integer not null default 0,
      settled integer not null default 0,
      measured integer not null default 0,
      bundle_days_sum bigint not null default 0,
      parts_days_sum bigint not null default 0,
      primary key (region_code, month, bundle_code)
    )`.execute(db);
  await sql`
    create table insight_bundle_dirty (
      seq bigint generated always as identity primary key,
      id uuid not null
    )`.execute(db);
  await sql`
    create function insight_mark_bundle_applications() returns trigger language plpgsql as $$
    begin
      insert into insight_bundle_dirty (id) select id from changed;
      return null;
    end $$`.execute(db);
  for (const event of ["insert", "update"]) {
    await sql`
      create trigger ${sql.raw(`bundle_applications_${event}_mark_insight`)} after ${sql.raw(event)}
        on bundle_applications referencing new table as changed for each statement
        execute function insight_mark_bundle_applications()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const event of ["insert", "update"]) {
    await sql`drop trigger ${sql.raw(`bundle_applications_${event}_mark_insight`)} on bundle_applications`.execute(
      db,
    );
  }
  await sql`drop function insight_mark_bundle_applications`.execute(db);
  await sql`drop table insight_bundle_dirty`.execute(db);
  await sql`drop table insight_bundle_monthly`.execute(db);
  await sql`drop table insight_bundle_facts`.execute(db);
}
