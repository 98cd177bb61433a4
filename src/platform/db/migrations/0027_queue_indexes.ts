import { type Kysely, sql } from "kysely";

/**
 * Call-next reads only today's queue (issue 7). Ticket numbers start again at A001 every day, so a
 * ticket left waiting when the hall closed must never be called the next morning, where today's A001
 * would share its number; and its partial index must not keep every earlier day's leftovers in the way.
 * The waiting tickets are indexed by site and China day first, then in the order they are called.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index queue_tickets_waiting_idx`.execute(db);
  await sql`
    create index queue_tickets_waiting_idx
      on queue_tickets (site_id, day, (target_window_id is null), priority desc, taken_at, id)
      where status = 'waiting'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index queue_tickets_waiting_idx`.execute(db);
  await sql`
    create index queue_tickets_waiting_idx
      on queue_tickets (site_id, (target_window_id is null), priority desc, taken_at, id)
      where status = 'waiting'`.execute(db);
}
