/** The SQL of people's second factor: the authenticator, its recovery codes, and sign-ins that owe it. */
import type { Executor } from "../../platform/db/database.ts";
import type { PersonSessionStage } from "./tables.ts";

export function findFactor(db: Executor, personId: string) {
  return db
    .selectFrom("person_second_factors")
    .select(["secret_enc", "offered_at", "enrolled_at", "last_step"])
    .where("person_id", "=", personId)
    .executeTakeFirst();
}

/**
 * Offers a secret for enrolment, in place of any earlier unconfirmed one; false when the person has
 * enrolled meanwhile (an enrolled secret is never replaced, only removed).
 */
export async function offerSecret(
  db: Executor,
  personId: string,
  secretEnc: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto("person_second_factors")
    .values({ person_id: personId, secret_enc: secretEnc, offered_at: now })
    .onConflict((c) =>
      c
        .column("person_id")
        .doUpdateSet({ secret_enc: secretEnc, offered_at: now, last_step: null })
        .where("person_second_factors.enrolled_at", "is", null),
    )
    .returning("person_id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Confirms the offered secret with the step of its first code; false when another request did first. */
export async function confirmFactor(db: Executor, personId: string, step: number, now: Date) {
  const result = await db
    .updateTable("person_second_factors")
    .set({ enrolled_at: now, last_step: step })
    .where("person_id", "=", personId)
    .where("enrolled_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Spends a time step: false when it, or a later one, was accepted already. The update decides, not an
 * earlier read, so two requests with one code cannot both pass.
 */
export async function acceptStep(db: Executor, personId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable("person_second_factors")
    .set({ last_step: step })
    .where("person_id", "=", personId)
    .where("enrolled_at", "is not", null)
    .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteFactor(db: Executor, personId: string): Promise<void> {
  await db.deleteFrom("person_recovery_codes").where("person_id", "=", personId).execute();
  await db.deleteFrom("person_second_factors").where("person_id", "=", personId).execute();
}

/** A new set of recovery codes: the earlier ones, spent or not, stop working. */
export async function replaceRecoveryCodes(db: Executor, personId: string, hashes: string[]): Promise<void> {
  await db.deleteFrom("person_recovery_codes").where("person_id", "=", personId).execute();
  await db
    .insertInto("person_recovery_codes")
    .values(hashes.map((code_hash) => ({ person_id: personId, code_hash })))
    .execute();
}

/**
 * Spends a recovery code, given its digest under each key it may have been made under; false when it is
 * not one of the person's, or was spent already.
 */
export async function useRecoveryCode(db: Executor, personId: string, hashes: string[], now: Date) {
  const result = await db
    .updateTable("person_recovery_codes")
    .set({ used_at: now })
    .where("person_id", "=", personId)
    .where("code_hash", "in", hashes)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function recoveryCodesLeft(db: Executor, personId: string): Promise<number> {
  const row = await db
    .selectFrom("person_recovery_codes")
    .select((eb) => eb.fn.countAll<string>().as("left"))
    .where("person_id", "=", personId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.left);
}

/** The person behind a live session at a step before `complete`, with their second factor if any. */
export function findStagedSession(db: Executor, tokenHash: string, now: Date) {
  return db
    .selectFrom("person_sessions as s")
    .innerJoin("persons as p", "p.id", "s.person_id")
    .leftJoin("person_second_factors as f", "f.person_id", "s.person_id")
    .select([
      "p.id",
      "p.email",
      "p.id_number_masked",
      "s.stage",
      "f.secret_enc",
      "f.offered_at",
      "f.enrolled_at",
      "f.last_step",
    ])
    .where("s.token_hash", "=", tokenHash)
    .where("s.stage", "<>", "complete")
    .where("s.expires_at", ">", now)
    .executeTakeFirst() as Promise<StagedSession | undefined>;
}

export interface StagedSession {
  id: string;
  email: string | null;
  id_number_masked: string;
  stage: Exclude<PersonSessionStage, "complete">;
  secret_enc: string | null;
  offered_at: Date | null;
  enrolled_at: Date | null;
  last_step: number | null;
}
