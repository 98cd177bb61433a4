import { sql } from "kysely";
import type { Executor } from "../db/database.ts";
import type { AccountKind, SigninFailureRow } from "./tables.ts";

export interface Account {
  kind: AccountKind;
  id: string;
}

export function findPair(
  db: Executor,
  account: Account,
  address: string,
): Promise<SigninFailureRow | undefined> {
  return db
    .selectFrom("signin_failures")
    .selectAll()
    .where("account_kind", "=", account.kind)
    .where("account_id", "=", account.id)
    .where("address", "=", address)
    .executeTakeFirst();
}

/** Wrong passwords for the account from every address since `since`. */
export async function recentFailures(db: Executor, account: Account, since: Date): Promise<number> {
  const row = await db
    .selectFrom("signin_failures")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("failures"), sql<number>`0`).as("total"))
    .where("account_kind", "=", account.kind)
    .where("account_id", "=", account.id)
    .where("last_failure_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/**
 * Counts a wrong password from an address in one statement (a storm of them cannot lose counts), starting
 * again from one when the last was before `forgetBefore`, and locks the pair once `threshold` is reached.
 */
export async function recordFailure(
  db: Executor,
  account: Account,
  address: string,
  at: { now: Date; forgetBefore: Date; lockedUntil: Date; threshold: number },
): Promise<{ failures: number; locked: boolean }> {
  const counted = sql<number>`case when signin_failures.last_failure_at > ${at.forgetBefore}::timestamptz
      then signin_failures.failures + 1 else 1 end`;
  const row = await db
    .insertInto("signin_failures")
    .values({
      account_kind: account.kind,
      account_id: account.id,
      address,
      failures: 1,
      last_failure_at: at.now,
      locked_until: at.threshold <= 1 ? at.lockedUntil : null,
    })
    .onConflict((c) =>
      c.columns(["account_kind", "account_id", "address"]).doUpdateSet({
        failures: counted,
        last_failure_at: at.now,
        locked_until: sql<Date | null>`case when ${counted} >= ${at.threshold}
            then ${at.lockedUntil}::timestamptz else signin_failures.locked_until end`,
      }),
    )
    .returning("failures")
    .executeTakeFirstOrThrow();
  return { failures: row.failures, locked: row.failures >= at.threshold };
}

/** The right password from an address: its count ends, and it becomes an address the owner uses. */
export async function recordSuccess(
  db: Executor,
  account: Account,
  address: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto("signin_failures")
    .values({ account_kind: account.kind, account_id: account.id, address, failures: 0, signed_in_at: now })
    .onConflict((c) =>
      c
        .columns(["account_kind", "account_id", "address"])
        .doUpdateSet({ failures: 0, last_failure_at: null, locked_until: null, signed_in_at: now }),
    )
    .execute();
}

/**
 * Forgets an account's rows that no longer count — no recent failure, no lock, no recent sign-in — so an
 * attacker's many addresses leave nothing behind for long.
 */
export async function pruneAccount(
  db: Executor,
  account: Account,
  at: { now: Date; forgetBefore: Date; knownSince: Date },
): Promise<void> {
  await db
    .deleteFrom("signin_failures")
    .where("account_kind", "=", account.kind)
    .where("account_id", "=", account.id)
    .where((eb) =>
      eb.and([
        eb.or([eb("last_failure_at", "is", null), eb("last_failure_at", "<=", at.forgetBefore)]),
        eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", at.now)]),
        eb.or([eb("signed_in_at", "is", null), eb("signed_in_at", "<=", at.knownSince)]),
      ]),
    )
    .execute();
}

/** Ends every count and lock of an account, keeping the addresses it signed in from. */
export async function clearAccount(db: Executor, account: Account): Promise<void> {
  await db
    .updateTable("signin_failures")
    .set({ failures: 0, last_failure_at: null, locked_until: null })
    .where("account_kind", "=", account.kind)
    .where("account_id", "=", account.id)
    .execute();
}

/** Which of these accounts have some address locked out now. */
export async function accountsWithLocks(
  db: Executor,
  kind: AccountKind,
  ids: string[],
  now: Date,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("signin_failures")
    .select("account_id")
    .distinct()
    .where("account_kind", "=", kind)
    .where("account_id", "in", ids)
    .where("locked_until", ">", now)
    .execute();
  return new Set(rows.map((r) => r.account_id));
}
