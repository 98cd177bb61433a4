import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type {
  AccountTokenRow,
  PersonRow,
  PersonSessionMethod,
  PersonSessionStage,
  TokenPurpose,
} from "./tables.ts";

export interface NewPerson {
  name: string;
  idNumberEnc: string;
  idNumberIndex: string;
  idNumberMasked: string;
  email: string;
  mobile: string | null;
  addressRegionCode: string | null;
  passwordHash: string;
}

/** PostgreSQL's unique_violation: two sign-ups raced for the same ID number or e-mail. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "23505";
}

export async function insertPerson(db: Executor, person: NewPerson): Promise<string> {
  const row = await db
    .insertInto("persons")
    .values({
      name: person.name,
      id_number_enc: person.idNumberEnc,
      id_number_index: person.idNumberIndex,
      id_number_masked: person.idNumberMasked,
      email: person.email,
      mobile: person.mobile,
      address_region_code: person.addressRegionCode,
      password_hash: person.passwordHash,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findPersonById(db: Executor, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom("persons").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findPersonByEmail(db: Executor, email: string): Promise<PersonRow | undefined> {
  return db
    .selectFrom("persons")
    .selectAll()
    .where(sql<string>`lower(email)`, "=", email.toLowerCase())
    .executeTakeFirst();
}

/** `indexes`: the digests the ID number may be stored under (service.ts, idNumberIndexes). */
export function findPersonByIdIndex(db: Executor, indexes: string[]): Promise<PersonRow | undefined> {
  return db.selectFrom("persons").selectAll().where("id_number_index", "in", indexes).executeTakeFirst();
}

/** Whether an account already holds this ID number or this e-mail. */
export async function personTaken(db: Executor, idIndexes: string[], email: string): Promise<boolean> {
  const row = await db
    .selectFrom("persons")
    .select("id")
    .where((eb) =>
      eb.or([
        eb("id_number_index", "in", idIndexes),
        eb(sql<string>`lower(email)`, "=", email.toLowerCase()),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The person with the name of their address region, for the profile. */
export function findProfile(db: Executor, id: string) {
  return db
    .selectFrom("persons as p")
    .leftJoin("regions as r", "r.code", "p.address_region_code")
    .select([
      "p.id",
      "p.name",
      "p.id_number_masked",
      "p.email",
      "p.email_verified_at",
      "p.mobile",
      "p.address_region_code",
      "r.name as address_region_name",
    ])
    .where("p.id", "=", id)
    .executeTakeFirst();
}

export async function updateContact(
  db: Executor,
  id: string,
  change: { mobile?: string | null; addressRegionCode?: string | null },
): Promise<void> {
  const values = {
    ...(change.mobile !== undefined ? { mobile: change.mobile } : {}),
    ...(change.addressRegionCode !== undefined ? { address_region_code: change.addressRegionCode } : {}),
  };
  if (Object.keys(values).length === 0) return;
  await db.updateTable("persons").set(values).where("id", "=", id).execute();
}

export async function markEmailVerified(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .updateTable("persons")
    .set({ email_verified_at: at })
    .where("id", "=", id)
    .where("email_verified_at", "is", null)
    .execute();
}

/** A new password ends any lockout: the person proved control of their e-mail. */
export async function setPassword(db: Executor, id: string, passwordHash: string): Promise<void> {
  await db
    .updateTable("persons")
    .set({ password_hash: passwordHash, failed_signins: 0, locked_until: null })
    .where("id", "=", id)
    .execute();
}

export async function insertSession(
  db: Executor,
  session: {
    tokenHash: string;
    personId: string;
    expiresAt: Date;
    device: string | null;
    stage: PersonSessionStage;
    method: PersonSessionMethod;
  },
): Promise<void> {
  await db
    .insertInto("person_sessions")
    .values({
      token_hash: session.tokenHash,
      person_id: session.personId,
      expires_at: session.expiresAt,
      device: session.device,
      stage: session.stage,
      method: session.method,
    })
    .execute();
}

/**
 * The person behind a live session: it runs on every signed-in request, so one indexed join (and one
 * primary-key look-up). Only a session past every step of signing in counts, and for a person with a
 * second factor only one proved by it or by the identity platform: a password-only session that
 * predates the enrolment, or any path that forgot the factor, signs no one in (ASVS 6.3.3).
 */
export function findLiveSession(db: Executor, tokenHash: string, now: Date, idleSince: Date) {
  return db
    .selectFrom("person_sessions as s")
    .innerJoin("persons as p", "p.id", "s.person_id")
    .leftJoin("person_second_factors as f", "f.person_id", "s.person_id")
    .select(["p.id", "p.name", "s.last_seen_at"])
    .where("s.token_hash", "=", tokenHash)
    .where("s.stage", "=", "complete")
    .where((eb) => eb.or([eb("f.enrolled_at", "is", null), eb("s.method", "<>", "password")]))
    .where("s.expires_at", ">", now)
    .where("s.last_seen_at", ">", idleSince)
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom("person_sessions").where("token_hash", "=", tokenHash).execute();
}

export async function deleteSessionsOf(db: Executor, personId: string): Promise<void> {
  await db.deleteFrom("person_sessions").where("person_id", "=", personId).execute();
}

/** When a person's session began: a sign-in moments ago stands in for a password they do not have. */
export async function findSessionStart(
  db: Executor,
  personId: string,
  tokenHash: string,
): Promise<Date | undefined> {
  const row = await db
    .selectFrom("person_sessions")
    .select("created_at")
    .where("token_hash", "=", tokenHash)
    .where("person_id", "=", personId)
    .where("stage", "=", "complete")
    .executeTakeFirst();
  return row?.created_at;
}

export async function insertToken(
  db: Executor,
  token: { purpose: TokenPurpose; tokenHash: string; personId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto("account_tokens")
    .values({
      purpose: token.purpose,
      token_hash: token.tokenHash,
      person_id: token.personId,
      expires_at: token.expiresAt,
    })
    .execute();
}

export function findToken(
  db: Executor,
  purpose: TokenPurpose,
  tokenHash: string,
): Promise<AccountTokenRow | undefined> {
  return db
    .selectFrom("account_tokens")
    .selectAll()
    .where("purpose", "=", purpose)
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Marks a link used; false when another request used it first. */
export async function useToken(db: Executor, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a person's unused links of one purpose: only the newest reset link works. */
export async function expireTokens(
  db: Executor,
  personId: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<void> {
  await db
    .updateTable("account_tokens")
    .set({ expires_at: now })
    .where("person_id", "=", personId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .execute();
}

/** What the case engine needs to reach a person and to let them follow a case. */
export function findContact(db: Executor, id: string) {
  return db
    .selectFrom("persons")
    .select([
      "id",
      "name",
      "email",
      "email_verified_at",
      "mobile",
      "id_number_masked",
      "id_number_enc",
      "address_region_code",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}
