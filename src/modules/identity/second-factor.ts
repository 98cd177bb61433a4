import { hashToken } from "../../platform/auth/tokens.ts";
import { matchingStep, newTotpSecret, totpUri } from "../../platform/auth/totp.ts";
import { DecryptionError, decrypt, encrypt } from "../../platform/crypto.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, can } from "../../platform/policy.ts";
import { auditActor } from "../audit/service.ts";
import { auditStaffEvent, type Origin } from "./audit.ts";
import * as sessionStore from "./session-store.ts";
import { type Challenge, type IdentitySettings, issueSession, type SignedIn } from "./sessions.ts";
import { visibleTarget } from "./staff-admin.ts";
import * as store from "./store.ts";
import { STAFF_ROLES, type StaffRole } from "./tables.ts";

/**
 * Every staff role: each reads personal data or changes what the public is owed, and MLPS level 3 asks
 * two factors of every user of the system. An account with no role yet has nothing to protect.
 */
export const SECOND_FACTOR_ROLES: readonly StaffRole[] = STAFF_ROLES;

export function needsSecondFactor(settings: IdentitySettings, roles: readonly StaffRole[]): boolean {
  return settings.requireStaffMfa && roles.some((role) => SECOND_FACTOR_ROLES.includes(role));
}

/**
 * What the second step asks of this staff member: a code when enrolled; otherwise the secret to enrol
 * with. An offered but unconfirmed secret is offered again, so signing in twice does not leave a stale
 * entry in the person's app.
 */
export async function prepareChallenge(
  db: Executor,
  settings: IdentitySettings,
  staff: { id: string; username: string; totp_secret: string | null; totp_enrolled_at: Date | null },
): Promise<Challenge> {
  if (staff.totp_enrolled_at) return { mfa: "verify" };
  let secret: string | undefined;
  if (staff.totp_secret) {
    try {
      secret = decrypt(settings.personalDataKey, staff.totp_secret);
    } catch (error) {
      // Offered under a key since replaced; nothing depends on it yet, so offer a new one.
      if (!(error instanceof DecryptionError)) throw error;
    }
  }
  if (!secret) {
    secret = newTotpSecret();
    await store.setUnconfirmedTotpSecret(db, staff.id, encrypt(settings.personalDataKey, secret));
  }
  return { mfa: "enrol", secret, uri: totpUri(secret, staff.username, settings.baseUrl) };
}

/** The challenge of a pending session, or undefined when the token is not one (unknown, expired, done). */
export async function secondFactorChallenge(
  db: Executor,
  settings: IdentitySettings,
  token: string,
  now = new Date(),
): Promise<Challenge | undefined> {
  const pending = await sessionStore.findPendingSession(db, hashToken(token), now);
  return pending ? prepareChallenge(db, settings, pending) : undefined;
}

/** Whether the token is a session that still owes the second factor. */
export async function isPendingSignIn(db: Executor, token: string, now = new Date()): Promise<boolean> {
  return (await sessionStore.findPendingSession(db, hashToken(token), now)) !== undefined;
}

/**
 * Finishes a sign-in with a TOTP code. A right code, from a time step later than the last one accepted,
 * turns the pending session into a full one under a new id (and confirms enrolment if it was the first);
 * a wrong or reused one counts towards the account lockout of SIGNIN_MAX_FAILURES and
 * SIGNIN_LOCKOUT_MINUTES, counted apart from wrong passwords, so knowing the password does not buy
 * fresh guesses.
 */
export async function completeSecondFactor(
  db: Db,
  settings: IdentitySettings,
  pendingToken: string | undefined,
  code: string,
  origin: Origin = {},
  now = new Date(),
): Promise<SignedIn> {
  const pending = pendingToken
    ? await sessionStore.findPendingSession(db, hashToken(pendingToken), now)
    : undefined;
  if (!pendingToken || !pending?.totp_secret) throw errors.unauthenticated();
  if (pending.locked_until && pending.locked_until > now) {
    throw errors.accountLocked(Math.ceil((pending.locked_until.getTime() - now.getTime()) / 1000));
  }
  const secret = decrypt(settings.personalDataKey, pending.totp_secret);
  const step = await matchingStep(secret, code, pending.totp_last_step, now);
  const session =
    step === undefined
      ? undefined
      : await db.transaction().execute(async (tx) => {
          // Another request may have spent this code a moment ago: the update decides, not the read.
          if (!(await store.acceptTotpStep(tx, pending.id, step, now))) return undefined;
          const issued = await issueSession(tx, pending.id, "complete", pendingToken, now);
          const action = pending.totp_enrolled_at ? "staff.mfa_verified" : "staff.mfa_enrolled";
          await auditStaffEvent(tx, pending.id, action, origin);
          return issued;
        });
  if (!session) {
    const { lockoutMinutes, maxFailures } = settings.signIn;
    const lockedUntil = new Date(now.getTime() + lockoutMinutes * 60_000);
    const locked = await db.transaction().execute(async (tx) => {
      const outcome = await store.recordFailedTotp(tx, pending.id, maxFailures, lockedUntil);
      await auditStaffEvent(tx, pending.id, "staff.mfa_failed", origin, {
        by: { actorKind: "anonymous" },
        details: { locked: outcome.locked },
      });
      return outcome.locked;
    });
    if (locked) throw errors.accountLocked(lockoutMinutes * 60);
    throw errors.mfaInvalid();
  }
  return { ...session, staffId: pending.id };
}

/**
 * Forgets a staff member's second factor (a lost or replaced phone) and ends their sessions: the next
 * sign-in enrols afresh. The security administrator over their jurisdiction may; no one may for
 * themselves, so a stolen session cannot strip its owner's second factor.
 */
export async function resetSecondFactor(
  db: Db,
  actor: Actor,
  staffId: string,
  origin: Origin = {},
): Promise<void> {
  const target = await visibleTarget(db, actor, staffId);
  if (!can(actor, "staff.resetMfa", target)) throw errors.forbidden();
  await db.transaction().execute(async (tx) => {
    await store.clearTotp(tx, staffId);
    await sessionStore.deleteSessionsOf(tx, staffId);
    await auditStaffEvent(tx, staffId, "staff.mfa_reset", origin, { by: auditActor(actor) });
  });
}
