import { type Kysely, sql } from "kysely";

/**
 * Insight of the public's voice (issue 9): 12345 requests and the rectifications of bad ratings, kept
 * as the cases' roll-ups are — facts per row, sums per month and region at every level, a queue of the
 * rows changed, marked by triggers in the changing transaction.
 *
 * "Answered" is a request's reply and a rectification's resolution: the figures are how many, how soon
 * in working days, how many by their due date, and the backlog (received and not yet answered).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table insight_voice_facts (
      kind text not null check (kind in ('request', 'rectification')),
      id uuid not null,
      region_code text not null,
      received_month date not null,
      answered_month date,
      answered_days integer,
      answered_on_time smallint not null,
      primary key (kind, id)
    )`.execute(db);
  await sql`
    create table insight_voice_monthly (
      region_code text not null,
      kind text not null,
      month date not null,
      received integer not null default 0,
      answered integer not null default 0,
      measured integer not null default 0,
      answered_days_sum bigint not null default 0,
      answered_on_time integer not null default 0,
      primary key (region_code, kind, month)
    )`.execute(db);
  await sql`
    create table insight_voice_dirty (
      seq bigint generated always as identity primary key,
      kind text not null,
      id uuid not null
    )`.execute(db);
  for (const [table, kind] of [
    ["public_requests", "request"],
    ["rectifications", "rectification"],
  ] as const) {
    await sql`
      create function ${sql.raw(`insight_mark_${table}`)}() returns trigger language plpgsql as $$
      begin
        insert into insight_voice_dirty (kind, id) select ${sql.lit(kind)}, id from changed;
        return null;
      end $$`.execute(db);
    for (const event of ["insert", "update"]) {
      await sql`
        create trigger ${sql.raw(`${table}_${event}_mark_insight`)} after ${sql.raw(event)} on ${sql.table(table)}
          referencing new table as changed for each statement
          execute function ${sql.raw(`insight_mark_${table}`)}()`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["public_requests", "rectifications"]) {
    for (const event of ["insert", "update"]) {
      await sql`drop trigger ${sql.raw(`${table}_${event}_mark_insight`)} on ${sql.table(table)}`.execute(db);
    }
    await sql`drop function ${sql.raw(`insight_mark_${table}`)}`.execute(db);
  }
  await sql`drop table insight_voice_dirty`.execute(db);
  await sql`drop table insight_voice_monthly`.execute(db);
  await sql`drop table insight_voice_facts`.execute(db);
}
