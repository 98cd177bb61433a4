import type { Executor } from "../../platform/db/database.ts";
import type { PersonMobileChangeRow } from "./tables.ts";

export async function insertMobileChange(
  db: Executor,
  change: {
    id: string;
    personId: string;
    mobileEnc: string;
    codeHash: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto("person_mobile_changes")
    .values({
      id: change.id,
      person_id: change.personId,
      mobile_enc: change.mobileEnc,
      code_hash: change.codeHash,
      created_at: change.createdAt,
      expires_at: change.expiresAt,
    })
    .execute();
}

/** Ends a person's unconfirmed changes: only the newest code works. */
export async function expireMobileChanges(db: Executor, personId: string, now: Date): Promise<void> {
  await db
    .updateTable("person_mobile_changes")
    .set({ expires_at: now })
    .where("person_id", "=", personId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .execute();
}

/** When the codes sent to a person since `since` were sent, oldest first. */
export async function mobileCodesSince(db: Executor, personId: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom("person_mobile_changes")
    .select("created_at")
    .where("person_id", "=", personId)
    .where("created_at", ">", since)
    .orderBy("created_at")
    .execute();
  return rows.map((r) => r.created_at);
}

/** A person's newest change, confirmed or not. */
export function findNewestMobileChange(
  db: Executor,
  personId: string,
): Promise<PersonMobileChangeRow | undefined> {
  return db
    .selectFrom("person_mobile_changes")
    .selectAll()
    .where("person_id", "=", personId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The newest change, locked until the transaction ends: two tries cannot both be counted as the first. */
export function lockNewestMobileChange(
  db: Executor,
  personId: string,
): Promise<PersonMobileChangeRow | undefined> {
  return db
    .selectFrom("person_mobile_changes")
    .selectAll()
    .where("person_id", "=", personId)
    .orderBy("created_at", "desc")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function countWrongMobileCode(db: Executor, id: string): Promise<number> {
  const row = await db
    .updateTable("person_mobile_changes")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", id)
    .returning("attempts")
    .executeTakeFirstOrThrow();
  return row.attempts;
}

export async function useMobileChange(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable("person_mobile_changes").set({ used_at: at }).where("id", "=", id).execute();
}
