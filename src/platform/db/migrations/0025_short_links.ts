import { type Kysely, sql } from "kysely";

/**
 * Short links to a case's progress (issue 7), for text messages: ten characters instead of a
 * twenty-digit case number and a lookup. The token is derived from the case number under the
 * server's key, unguessable, and shows only what the number-and-tail lookup shows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table cases add column short_token text`.execute(db);
  await sql`create unique index cases_short_token_idx on cases (short_token) where short_token is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index cases_short_token_idx`.execute(db);
  await sql`alter table cases drop column short_token`.execute(db);
}
