import { type Kysely, sql } from "kysely";

/**
 * Process mining and what-if proposals (issue 9).
 *
 * A process version may now be a draft: a what-if proposal saved for the catalogue manager to look at.
 * Every version saved before was in force, so existing rows are published; the engine and every reader
 * of "the newest definition" pass drafts by.
 *
 * Mining reads the cases of one definition version submitted in a period under a region: the index
 * starts with the version, keeps the period in order and carries the region in its leaves, so a
 * county's year of one item is read from a narrow slice even with a million cases in the province.
 * Their tasks and events are then read by case through the indexes they have (case_tasks_case and
 * case_events' unique (case_id, seq)).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table process_definitions
      add column status text not null default 'published' check (status in ('draft', 'published'))`.execute(
    db,
  );
  await sql`
    create index process_definitions_published
      on process_definitions (item_id, version desc) where status = 'published'`.execute(db);
  await sql`
    create index cases_definition_submitted
      on cases (definition_id, submitted_at) include (region_code, closed_at)
      where definition_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index cases_definition_submitted`.execute(db);
  await sql`drop index process_definitions_published`.execute(db);
  await sql`alter table process_definitions drop column status`.execute(db);
}
