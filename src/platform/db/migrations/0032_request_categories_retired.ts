import { type Kysely, sql } from "kysely";

/**
 * Categories of requests kept by administrators (issue 8: requests): a category is retired, never
 * deleted, because the requests filed under it keep its code, its names and the deadline it gave them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table request_categories add column retired_at timestamptz`.execute(db);
  await sql`
    alter table request_categories
      add column updated_at timestamptz not null default now()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table request_categories drop column updated_at`.execute(db);
  await sql`alter table request_categories drop column retired_at`.execute(db);
}
