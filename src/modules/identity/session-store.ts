/** The SQL of staff sessions as their holders and administrators see and end them. */
import type { Executor } from "../../platform/db/database.ts";

/** Ends the session a token hashes to, telling what it knew of the browser; undefined if none. */
export function endSessionByToken(db: Executor, tokenHash: string) {
  return db.deleteFrom("sessions").where("token_hash", "=", tokenHash).returning("device").executeTakeFirst();
}

/** A staff member's sessions that sign them in: past every step of signing in, neither expired nor idle. */
export function liveSessionsOf(db: Executor, staffId: string, now: Date, idleSince: Date) {
  return db
    .selectFrom("sessions")
    .select(["id", "token_hash", "created_at", "last_seen_at", "expires_at", "device"])
    .where("staff_id", "=", staffId)
    .where("stage", "=", "complete")
    .where("expires_at", ">", now)
    .where("last_seen_at", ">", idleSince)
    .execute();
}

/** Ends one of a staff member's sessions by its id; the token's hash of the ended one, or undefined. */
export async function deleteSessionById(
  db: Executor,
  staffId: string,
  id: string,
): Promise<string | undefined> {
  const row = await db
    .deleteFrom("sessions")
    .where("staff_id", "=", staffId)
    .where("id", "=", id)
    .returning("token_hash")
    .executeTakeFirst();
  return row?.token_hash;
}

/** Ends every staff session; how many ended. */
export async function deleteEverySession(db: Executor): Promise<number> {
  const result = await db.deleteFrom("sessions").executeTakeFirst();
  return Number(result.numDeletedRows);
}
