import type { Config } from "../config.ts";
import type { Executor } from "../db/database.ts";
import { errors } from "../errors.ts";
import { currentRequest } from "../request-scope.ts";
import * as store from "./signin-guard-store.ts";

export type { Account } from "./signin-guard-store.ts";

/**
 * Against guessing without handing strangers a way to lock people out (ASVS 6.1.1, 6.3.1; docs/security.md,
 * "Authentication pathways"):
 * - Wrong passwords are counted per account and client address (`request.ip`, as TRUST_PROXY gives it).
 *   SIGNIN_MAX_FAILURES of them lock that address out of that account for SIGNIN_LOCKOUT_MINUTES, even
 *   against the right password; the owner, from any other address, signs in as usual.
 * - Across all addresses, more than ACCOUNT_CEILING_FACTOR times as many within a day mark a spread-out
 *   attack: then an address the account has not signed in from for KNOWN_ADDRESS_DAYS gets one try per
 *   lockout instead of SIGNIN_MAX_FAILURES. That slows the attacker to one guess per address and
 *   quarter of an hour and never refuses the right password on its first try, nor touches the
 *   addresses the owner uses.
 * - Counts older than FORGET_HOURS are forgotten; a right password ends its address's count.
 */
export const ACCOUNT_CEILING_FACTOR = 4;
export const KNOWN_ADDRESS_DAYS = 90;
export const FORGET_HOURS = 24;

type Policy = Pick<Config["signIn"], "maxFailures" | "lockoutMinutes">;

/** How many wrong passwords lock this address out of the account now. */
export interface Guard {
  threshold: number;
}

const hoursBefore = (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000);

/**
 * Before the password is checked: refuses (423) an address locked out of the account, else says how
 * many wrong passwords it may still send before it is.
 */
export async function checkAddress(
  db: Executor,
  account: store.Account,
  address: string,
  policy: Policy,
  now: Date,
): Promise<Guard> {
  const pair = await store.findPair(db, account, address);
  if (pair?.locked_until && pair.locked_until > now) {
    throw errors.accountLocked(Math.ceil((pair.locked_until.getTime() - now.getTime()) / 1000));
  }
  const known = pair?.signed_in_at && pair.signed_in_at > hoursBefore(now, KNOWN_ADDRESS_DAYS * 24);
  if (known) return { threshold: policy.maxFailures };
  const recent = await store.recentFailures(db, account, hoursBefore(now, FORGET_HOURS));
  return { threshold: recent >= policy.maxFailures * ACCOUNT_CEILING_FACTOR ? 1 : policy.maxFailures };
}

/** After a wrong password: counts it, and says whether the address is now locked out. */
export async function recordWrongPassword(
  tx: Executor,
  account: store.Account,
  address: string,
  guard: Guard,
  policy: Policy,
  now: Date,
): Promise<{ locked: boolean }> {
  const forgetBefore = hoursBefore(now, FORGET_HOURS);
  await store.pruneAccount(tx, account, {
    now,
    forgetBefore,
    knownSince: hoursBefore(now, KNOWN_ADDRESS_DAYS * 24),
  });
  const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
  const { locked } = await store.recordFailure(tx, account, address, {
    now,
    forgetBefore,
    lockedUntil,
    threshold: guard.threshold,
  });
  return { locked };
}

/** After the right password: the address's count ends and the owner is known to use it. */
export function recordRightPassword(tx: Executor, account: store.Account, address: string, now: Date) {
  return store.recordSuccess(tx, account, address, now);
}

/** Lifts every address's lock on an account: an administrator's unlock, a password reset. */
export function unlockAccount(tx: Executor, account: store.Account): Promise<void> {
  return store.clearAccount(tx, account);
}

export const accountsWithLockedAddresses = store.accountsWithLocks;

/**
 * The address failures are counted by: the one the caller names, else the request being served's
 * (`request.ip`, after the proxies TRUST_PROXY believes); work outside a request shares "unknown".
 */
export function clientAddress(named: string | undefined): string {
  return named ?? currentRequest()?.ip ?? "unknown";
}
