/** The SQL of people's sessions as they see and end them; signing in and out is in store.ts. */
import type { Executor } from "../../platform/db/database.ts";

/** Marks a session used now; a no-op when it was marked within the last minute (one write a minute). */
export async function touchSession(db: Executor, tokenHash: string, now: Date): Promise<void> {
  await db
    .updateTable("person_sessions")
    .set({ last_seen_at: now })
    .where("token_hash", "=", tokenHash)
    .where("last_seen_at", "<", new Date(now.getTime() - 60_000))
    .execute();
}

/** A person's sessions that still sign them in: past every step of signing in, neither expired nor idle. */
export function liveSessionsOf(db: Executor, personId: string, now: Date, idleSince: Date) {
  return db
    .selectFrom("person_sessions")
    .select(["id", "token_hash", "created_at", "last_seen_at", "expires_at", "device"])
    .where("person_id", "=", personId)
    .where("stage", "=", "complete")
    .where("expires_at", ">", now)
    .where("last_seen_at", ">", idleSince)
    .execute();
}

/** Ends one of a person's sessions by its id; the token's hash of the ended one, or undefined if none. */
export async function deleteSessionById(
  db: Executor,
  personId: string,
  id: string,
): Promise<string | undefined> {
  const row = await db
    .deleteFrom("person_sessions")
    .where("person_id", "=", personId)
    .where("id", "=", id)
    .returning("token_hash")
    .executeTakeFirst();
  return row?.token_hash;
}

/** Ends every session of a person but the one whose token hashes to `keep`; how many ended. */
export async function deleteSessionsExcept(db: Executor, personId: string, keep: string): Promise<number> {
  const result = await db
    .deleteFrom("person_sessions")
    .where("person_id", "=", personId)
    .where("token_hash", "<>", keep)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every person's every session; how many ended. */
export async function deleteEverySession(db: Executor): Promise<number> {
  const result = await db.deleteFrom("person_sessions").executeTakeFirst();
  return Number(result.numDeletedRows);
}
