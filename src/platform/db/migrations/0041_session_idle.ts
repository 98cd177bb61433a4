import { type Kysely, sql } from "kysely";

/**
 * Staff sessions end after a spell of doing nothing (MLPS level 3: 登录连接超时自动退出; ASVS 7.3.1), not
 * only twelve hours after sign-in: a clerk who walks away from a hall's computer leaves no open door for
 * long. A session remembers when it was last used, to the minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sessions add column last_seen_at timestamptz not null default now()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sessions drop column last_seen_at`.execute(db);
}
