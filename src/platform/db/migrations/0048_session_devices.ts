import { type Kysely, sql } from "kysely";

/**
 * People and staff see their own sessions and end any of them (ASVS 7.5.2, 7.4.5), and a person's
 * session ends after a spell unused as a staff member's does (ASVS 7.3.1; 0041 for staff):
 * - `id`, what a session is shown and ended by: the token's hash signs no one in, but it is the key
 *   the cookie is looked up by, and a list of sessions has no need to reveal it;
 * - `device`, a coarse description of the browser that signed in ("Firefox · Windows"), never the
 *   whole User-Agent: enough to recognise one's own, no more (个人信息保护法 第六条, minimisation);
 * - `last_seen_at` for people, to the minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ["sessions", "person_sessions"]) {
    await sql`alter table ${sql.table(table)}
      add column id uuid not null default gen_random_uuid(),
      add column device text check (length(device) <= 80)`.execute(db);
  }
  await sql`alter table person_sessions add column last_seen_at timestamptz not null default now()`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person_sessions drop column last_seen_at`.execute(db);
  for (const table of ["sessions", "person_sessions"]) {
    await sql`alter table ${sql.table(table)} drop column device, drop column id`.execute(db);
  }
}
