import { type Kysely, sql } from "kysely";

/**
 * Insight (issue 9): the roll-ups every dashboard reads instead of the cases.
 *
 * - insight_workdays: each day's ordinal among working days, so a case's processing time in working days
 *   is a subtraction in SQL.
 * - insight_case_facts: what each case contributes, as last counted — the roll-up's update is the new
 *   facts minus these.
 * - insight_monthly: the sums per month, region (at every level above the case's own), department, item,
 *   channel and where the applicant lives (urban, rural, unknown).
 * - insight_monthly_days: how many cases of each such row took each number of working days (capped at
 *   a year), for the median and the 90th percentile.
 * - insight_homes_monthly: fewer sums by where the applicant lives (their village or community and every
 *   region above), so the equity view can name the townships and villages served worst.
 * - insight_sites_monthly: the same sums by the hall or service point where cases were handed in.
 * - insight_dirty: the cases that changed since they were last counted, marked by triggers on the cases and
 *   ratings in the same transaction as the change, so none is missed; an append-only queue,
 *   never an upsert, so marking a case never waits for the job that is counting it.
 */
/** The few sums kept by where applicants live and by hall or service point alike. */
const PLACE_SUMS = sql.raw(
  [
    "received integer not null default 0",
    "received_online integer not null default 0",
    "closed integer not null default 0",
    "measured integer not null default 0",
    "days_sum bigint not null default 0",
    "visits bigint not null default 0",
    "zero_visit integer not null default 0",
    "rated integer not null default 0",
    "satisfied integer not null default 0",
  ].join(",\n      "),
);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table insight_workdays (
      day date primary key,
      ordinal integer not null,
      working boolean not null
    )`.execute(db);

  await sql`
    create table insight_case_facts (
      case_id uuid primary key references cases (id) on delete cascade,
      region_code text not null,
      home_code text,
      site_id uuid,
      department_id uuid not null,
      item_id uuid not null,
      channel text not null,
      area text not null check (area in ('urban', 'rural', 'unknown')),
      received_month date not null,
      closed_month date,
      rated_month date,
      accepted smallint not null,
      online smallint not null,
      granted smallint not null,
      denied smallint not null,
      rejected smallint not null,
      withdrawn smallint not null,
      timed smallint not null,
      on_time smallint not null,
      days integer,
      promised_days integer not null,
      statutory_days integer not null,
      supplement_rounds integer not null,
      instant smallint not null,
      materials_avoided integer not null,
      visits integer not null,
      fully_online smallint not null,
      rating smallint
    )`.execute(db);

  await sql`
    create table insight_monthly (
      month date not null,
      region_code text not null,
      department_id uuid not null,
      item_id uuid not null,
      channel text not null,
      area text not null,
      received integer not null default 0,
      accepted integer not null default 0,
      received_online integer not null default 0,
      closed integer not null default 0,
      granted integer not null default 0,
      denied integer not null default 0,
      rejected integer not null default 0,
      withdrawn integer not null default 0,
      timed integer not null default 0,
      on_time integer not null default 0,
      measured integer not null default 0,
      days_sum bigint not null default 0,
      promised_sum bigint not null default 0,
      statutory_sum bigint not null default 0,
      supplemented integer not null default 0,
      supplement_rounds integer not null default 0,
      instant integer not null default 0,
      materials_avoided bigint not null default 0,
      visits bigint not null default 0,
      zero_visit integer not null default 0,
      fully_online integer not null default 0,
      rated integer not null default 0,
      rating_1 integer not null default 0,
      rating_2 integer not null default 0,
      rating_3 integer not null default 0,
      rating_4 integer not null default 0,
      rating_5 integer not null default 0,
      primary key (region_code, month, department_id, item_id, channel, area)
    )`.execute(db);

  await sql`
    create table insight_monthly_days (
      month date not null,
      region_code text not null,
      department_id uuid not null,
      item_id uuid not null,
      channel text not null,
      area text not null,
      days integer not null,
      cases integer not null,
      primary key (region_code, month, department_id, item_id, channel, area, days)
    )`.execute(db);

  await sql`
    create table insight_homes_monthly (
      month date not null,
      region_code text not null,
      channel text not null,
      area text not null,
      ${PLACE_SUMS},
      primary key (region_code, month, channel, area)
    )`.execute(db);

  await sql`
    create table insight_sites_monthly (
      month date not null,
      site_id uuid not null,
      channel text not null,
      area text not null,
      ${PLACE_SUMS},
      primary key (site_id, month, channel, area)
    )`.execute(db);

  await sql`
    create table insight_dirty (
      seq bigint generated always as identity primary key,
      case_id uuid not null
    )`.execute(db);

  // Statement-level, over the transition table: a generator's million rows mark each case once. The
  // case row changes with every event it projects, and so does anything else that changes it.
  await sql`
    create function insight_mark_cases() returns trigger language plpgsql as $$
    begin
      insert into insight_dirty (case_id) select id from changed;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger cases_insert_mark_insight after insert on cases
      referencing new table as changed for each statement
      execute function insight_mark_cases()`.execute(db);
  await sql`
    create trigger cases_update_mark_insight after update on cases
      referencing new table as changed for each statement
      execute function insight_mark_cases()`.execute(db);
  await sql`
    create function insight_mark_ratings() returns trigger language plpgsql as $$
    begin
      insert into insight_dirty (case_id)
        select subject_id from inserted where subject_kind = 'case';
      return null;
    end $$`.execute(db);
  await sql`
    create trigger ratings_mark_insight after insert on ratings
      referencing new table as inserted for each statement
      execute function insight_mark_ratings()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger ratings_mark_insight on ratings`.execute(db);
  await sql`drop function insight_mark_ratings`.execute(db);
  await sql`drop trigger cases_update_mark_insight on cases`.execute(db);
  await sql`drop trigger cases_insert_mark_insight on cases`.execute(db);
  await sql`drop function insight_mark_cases`.execute(db);
  await sql`drop table insight_dirty`.execute(db);
  await sql`drop table insight_sites_monthly`.execute(db);
  await sql`drop table insight_homes_monthly`.execute(db);
  await sql`drop table insight_monthly_days`.execute(db);
  await sql`drop table insight_monthly`.execute(db);
  await sql`drop table insight_case_facts`.execute(db);
  await sql`drop table insight_workdays`.execute(db);
}
