import { sql } from "kysely";
/** The SQL of staff sessions: made at sign-in, found on every request, seen and ended by their holders and administrators. */
import type { Executor } from "../../platform/db/database.ts";
import type { SessionGrant } from "./store.ts";
import type { SessionStage } from "./tables.ts";

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

export async function insertSession(
  db: Executor,
  session: {
    tokenHash: string;
    staffId: string;
    expiresAt: Date;
    stage: SessionStage;
    device?: string | null;
  },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      token_hash: session.tokenHash,
      staff_id: session.staffId,
      expires_at: session.expiresAt,
      stage: session.stage,
      device: session.device ?? null,
    })
    .execute();
}

/** The staff member behind a live session with their role grants, in one round trip: it runs on every request. */
export async function findLiveSession(db: Executor, tokenHash: string, now: Date, idleSince: Date) {
  return db
    .selectFrom("sessions as s")
    .innerJoin("staff", "staff.id", "s.staff_id")
    .select((eb) => [
      "s.last_seen_at",
      "staff.id",
      "staff.username",
      "staff.display_name",
      eb.fn
        .coalesce(
          eb
            .selectFrom("staff_roles as g")
            .select(
              sql<
                SessionGrant[]
              >`json_agg(json_build_object('role', g.role, 'departmentId', g.department_id, 'jurisdictionCode', g.jurisdiction_code) order by g.jurisdiction_code, g.role)`.as(
                "grants",
              ),
            )
            .whereRef("g.staff_id", "=", "staff.id"),
          sql<SessionGrant[]>`'[]'::json`,
        )
        .as("grants"),
    ])
    .where("s.token_hash", "=", tokenHash)
    .where("s.stage", "=", "complete")
    .where("s.expires_at", ">", now)
    .where("s.last_seen_at", ">", idleSince)
    .where("staff.disabled_at", "is", null)
    .executeTakeFirst();
}

/** Marks a session used now; a no-op when it was marked within the last minute (one write a minute). */
export async function touchSession(db: Executor, tokenHash: string, now: Date): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ last_seen_at: now })
    .where("token_hash", "=", tokenHash)
    .where("last_seen_at", "<", new Date(now.getTime() - 60_000))
    .execute();
}

/** The staff member behind a live session that still owes the second factor, with their TOTP state. */
export function findPendingSession(db: Executor, tokenHash: string, now: Date) {
  return findStagedSession(db, tokenHash, "mfa_pending", now);
}

/** The staff member behind a live session at a step before `complete`, with what that step needs. */
export function findStagedSession(
  db: Executor,
  tokenHash: string,
  stage: Exclude<SessionStage, "complete">,
  now: Date,
) {
  return db
    .selectFrom("sessions as s")
    .innerJoin("staff", "staff.id", "s.staff_id")
    .select([
      "staff.id",
      "staff.username",
      "staff.display_name",
      "staff.password_hash",
      "staff.password_expires_at",
      "staff.locked_until",
      "staff.totp_secret",
      "staff.totp_enrolled_at",
      "staff.totp_last_step",
      "s.expires_at",
    ])
    .where("s.token_hash", "=", tokenHash)
    .where("s.stage", "=", stage)
    .where("s.expires_at", ">", now)
    .where("staff.disabled_at", "is", null)
    .executeTakeFirst();
}

/** Ends every session of a staff member; how many ended. */
export async function deleteSessionsOf(db: Executor, staffId: string): Promise<number> {
  const result = await db.deleteFrom("sessions").where("staff_id", "=", staffId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every session of a staff member but the one whose token hashes to `keep`; how many ended. */
export async function deleteSessionsExcept(db: Executor, staffId: string, keep: string): Promise<number> {
  const result = await db
    .deleteFrom("sessions")
    .where("staff_id", "=", staffId)
    .where("token_hash", "<>", keep)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}
