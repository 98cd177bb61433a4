import { type Kysely, sql } from "kysely";

/**
 * Cross-region handling (跨域通办, issue 7): a person applies at a hall or point of another region; that
 * receiving office takes the case in and hands back the result, the handling office decides. A task now
 * says whose jurisdiction works it — the receiving office's region for those two steps — where before
 * it was always the case's region (null still means that, for the tasks made before). A draft started
 * at a window remembers the site, which becomes the case's receiving office.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_tasks add column work_region_code text`.execute(db);
  await sql`alter table applications add column site_id uuid references service_sites (id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table applications drop column site_id`.execute(db);
  await sql`alter table case_tasks drop column work_region_code`.execute(db);
}
