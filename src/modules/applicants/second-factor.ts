/**
 * People's second factor (ASVS 6.3.3; docs/security.md, G2): a TOTP authenticator a person enrols from
 * their account (or, with REQUIRE_PEOPLE_MFA on, at sign-in), with ten one-time recovery codes. Once
 * enrolled, a password sign-in opens a session that owes a code and signs no one in until it is given;
 * the code completes it under a new session id. Wrong codes are counted by the sign-in guard with wrong
 * passwords (per account and address, signin-guard.ts), and the password alone does not end the count.
 * Sign-in through the province's identity platform is never asked for it: the platform authenticated
 * the person itself, as the only way into an account without a password.
 */
import { verifyPassword } from "../../platform/auth/passwords.ts";
import {
  checkAddress,
  clientAddress,
  type Guard,
  recordRightPassword,
  recordWrongPassword,
} from "../../platform/auth/signin-guard.ts";
import { hashToken } from "../../platform/auth/tokens.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import {
  type Enrolment,
  enrolmentOf,
  firstCodeStep,
  issueRecoveryCodes,
  offerEnrolment,
  offeredSecret,
  spendCode,
  type TypedCode,
  typedCode,
} from "./authenticator.ts";
import { ownAccount, reauthenticate } from "./credentials.ts";
import { accountErrors, type FieldIssue, FieldsError } from "./errors.ts";
import * as factorStore from "./second-factor-store.ts";
import type { AccountDeps, Origin } from "./service.ts";
import { deleteSessionsExcept } from "./session-store.ts";
import { PENDING_MINUTES, type SignedIn, startSession } from "./sessions.ts";
import * as store from "./store.ts";

type Deps = Pick<AccountDeps, "config">;

/** What a sign-in that owes the second factor asks: a code, or enrolment first (what the app must scan). */
export type Challenge = { mfa: "verify" } | ({ mfa: "enrol" } & Enrolment);

/** A sign-in finished by the second factor; enrolling at sign-in also gives the recovery codes, once. */
export interface SecondFactorSignedIn extends SignedIn {
  recoveryCodes?: string[];
}

export interface SecondFactorStatus {
  enrolled: boolean;
  enrolledAt: Date | null;
  recoveryCodesLeft: number;
  /** An account without a password signs in only through the identity platform: nothing to add to. */
  hasPassword: boolean;
}

function audit(
  tx: Executor,
  personId: string,
  action: string,
  origin: Origin,
  details?: Record<string, unknown>,
  anonymous = false,
) {
  return recordAudit(tx, {
    ...(anonymous
      ? { actorKind: "anonymous" as const }
      : { actorKind: "person" as const, actorId: personId }),
    action,
    subjectKind: "person",
    subjectId: personId,
    personId,
    requestId: origin.requestId ?? null,
    ...(details ? { details } : {}),
  });
}

function staged(db: Executor, token: string | undefined, now: Date) {
  return token ? factorStore.findStagedSession(db, hashToken(token), now) : Promise.resolve(undefined);
}

/** Whether the token is a sign-in still owing the second factor (pages send it to the code's form). */
export async function isPendingSignIn(db: Executor, token: string | undefined, now = new Date()) {
  return (await staged(db, token, now)) !== undefined;
}

/**
 * What the pending sign-in behind the token asks, or undefined when there is none (unknown, expired,
 * done). A secret offered and not yet confirmed is offered again, so signing in twice does not leave a
 * stale entry in the person's app.
 */
export async function signInChallenge(
  db: Db,
  deps: Deps,
  token: string | undefined,
  now = new Date(),
): Promise<Challenge | undefined> {
  const pending = await staged(db, token, now);
  if (!pending) return undefined;
  if (pending.stage === "mfa_pending") return { mfa: "verify" };
  const offered = pending.enrolled_at
    ? undefined
    : offeredSecret(deps.config.personalDataKey, pending.secret_enc);
  const secret =
    offered ?? (await db.transaction().execute((tx) => offerEnrolment(tx, deps, pending.id, now)));
  return { mfa: "enrol", ...enrolmentOf(deps.config, secret, pending) };
}

/** Counts a wrong code like a wrong password; the one that locks the address ends `endSessions`. */
async function countWrongCode(
  db: Db,
  deps: Deps,
  personId: string,
  guard: Guard,
  address: string,
  origin: Origin,
  now: Date,
  what: { purpose: string; endSessions: (tx: Executor) => Promise<void> },
): Promise<never> {
  const policy = deps.config.signIn;
  const locked = await db.transaction().execute(async (tx) => {
    const outcome = await recordWrongPassword(
      tx,
      { kind: "person", id: personId },
      address,
      guard,
      policy,
      now,
    );
    if (outcome.locked) await what.endSessions(tx);
    await audit(
      tx,
      personId,
      "person.mfa_failed",
      origin,
      { purpose: what.purpose, locked: outcome.locked },
      true,
    );
    return outcome.locked;
  });
  if (locked) throw errors.accountLocked(policy.lockoutMinutes * 60);
  if (what.purpose === "signin") throw errors.mfaInvalid();
  throw new FieldsError([{ field: "/code", key: "account.mfa.problem.codeWrong" }]);
}

/**
 * Finishes a password sign-in with a code: an authenticator's (from a time step later than the last one
 * accepted) or an unspent recovery code; or, at the enrolment REQUIRE_PEOPLE_MFA asks for, the first code
 * of the offered secret. The pending session is replaced by a full one under a new id. Answers 401
 * unauthenticated when no sign-in is pending, 400 for a missing or malformed code (not counted), 401
 * mfa_invalid for a wrong, replayed or spent one and 423 once wrong codes lock the address (counted as
 * wrong passwords are; the locking one ends the pending sign-in).
 */
export async function completeSignIn(
  db: Db,
  deps: Deps,
  pendingToken: string | undefined,
  code: string | undefined,
  origin: Origin,
  now = new Date(),
): Promise<SecondFactorSignedIn> {
  const pending = await staged(db, pendingToken, now);
  if (!pendingToken || !pending) throw errors.unauthenticated();
  const verifying = pending.stage === "mfa_pending";
  // The factor was removed since the password was given: this sign-in has nothing left to finish.
  if (verifying && (!pending.enrolled_at || !pending.secret_enc)) throw errors.unauthenticated();
  const typed = typedCode(code, "/code", verifying);
  const key = deps.config.personalDataKey;
  const account = { kind: "person", id: pending.id } as const;
  const address = clientAddress(origin.address);
  const guard = await checkAddress(db, account, address, deps.config.signIn, now);
  const done = await db.transaction().execute(async (tx) => {
    let recoveryCodes: string[] | undefined;
    if (verifying) {
      const factor = { secret_enc: pending.secret_enc ?? "", last_step: pending.last_step };
      if (!(await spendCode(tx, key, pending.id, factor, typed, now))) return undefined;
      const left =
        typed.kind === "recovery" ? await factorStore.recoveryCodesLeft(tx, pending.id) : undefined;
      await audit(tx, pending.id, "person.mfa_verified", origin, {
        with: typed.kind,
        ...(left === undefined ? {} : { recoveryCodesLeft: left }),
      });
    } else {
      const secret = pending.enrolled_at ? undefined : offeredSecret(key, pending.secret_enc);
      const step = secret ? await firstCodeStep(secret, typed, now) : undefined;
      if (step === undefined || !(await factorStore.confirmFactor(tx, pending.id, step, now)))
        return undefined;
      recoveryCodes = await issueRecoveryCodes(tx, key, pending.id);
      await audit(tx, pending.id, "person.mfa_enrolled", origin, { at: "signin" });
    }
    await recordRightPassword(tx, account, address, now);
    const session = await startSession(tx, pending.id, pendingToken, now, origin.userAgent, {
      method: "second_factor",
    });
    return { ...session, personId: pending.id, ...(recoveryCodes ? { recoveryCodes } : {}) };
  });
  if (done) return done;
  return countWrongCode(db, deps, pending.id, guard, address, origin, now, {
    purpose: "signin",
    endSessions: (tx) => store.deleteSession(tx, hashToken(pendingToken)),
  });
}

/** Whether the person has an authenticator, and how many recovery codes are left. */
export async function secondFactorStatus(
  db: Db,
  actor: Actor,
  personId: string,
): Promise<SecondFactorStatus> {
  const person = await ownAccount(db, actor, personId);
  const factor = await factorStore.findFactor(db, person.id);
  return {
    enrolled: factor?.enrolled_at != null,
    enrolledAt: factor?.enrolled_at ?? null,
    recoveryCodesLeft: factor?.enrolled_at ? await factorStore.recoveryCodesLeft(db, person.id) : 0,
    hasPassword: person.password_hash !== null,
  };
}

/**
 * Starts enrolling an authenticator: the password again (counted like a sign-in, credentials.ts), so
 * that a session left open cannot tie the account to a stranger's phone; then a new secret is offered,
 * to be confirmed with a first code within PENDING_MINUTES. An account without a password is refused
 * (409 no_password): it signs in only through the identity platform, which has its own factors.
 */
export async function startEnrolment(
  db: Db,
  deps: Deps,
  actor: Actor,
  personId: string,
  password: string | undefined,
  origin: Origin,
  now = new Date(),
): Promise<Enrolment> {
  const person = await ownAccount(db, actor, personId);
  if (!person.password_hash) throw accountErrors.noPassword();
  if ((await factorStore.findFactor(db, person.id))?.enrolled_at) throw accountErrors.secondFactorExists();
  if (!password) throw new FieldsError([{ field: "/password", key: "account.problem.required" }]);
  await reauthenticate(db, deps, person, password, "mfa_enrol", "/password", origin, now);
  const secret = await db.transaction().execute(async (tx) => {
    const offered = await offerEnrolment(tx, deps, person.id, now);
    await audit(tx, person.id, "person.mfa_enrol_started", origin);
    return offered;
  });
  return enrolmentOf(deps.config, secret, person);
}

/**
 * Confirms the offered secret with its first code. The person's other sessions end — they were opened
 * by the password alone — and this one is replaced under a new id, proved by the factor now. Answers
 * the recovery codes, shown this once. A wrong first code is a 400 not counted: the password was given
 * to start, and guessing the code of a secret not yet one's own gains nothing.
 */
export async function confirmEnrolment(
  db: Db,
  deps: Deps,
  actor: Actor,
  personId: string,
  code: string | undefined,
  sessionToken: string | undefined,
  origin: Origin,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date; recoveryCodes: string[] }> {
  const person = await ownAccount(db, actor, personId);
  if (!sessionToken) throw errors.unauthenticated();
  const typed = typedCode(code, "/code", false);
  const factor = await factorStore.findFactor(db, person.id);
  if (factor?.enrolled_at) throw accountErrors.secondFactorExists();
  const fresh = factor && now.getTime() - factor.offered_at.getTime() <= PENDING_MINUTES * 60_000;
  const secret = fresh ? offeredSecret(deps.config.personalDataKey, factor.secret_enc) : undefined;
  if (!secret) throw accountErrors.enrolmentNone(PENDING_MINUTES);
  const step = await firstCodeStep(secret, typed, now);
  if (step === undefined) throw new FieldsError([{ field: "/code", key: "account.mfa.problem.codeWrong" }]);
  return db.transaction().execute(async (tx) => {
    if (!(await factorStore.confirmFactor(tx, person.id, step, now)))
      throw accountErrors.secondFactorExists();
    const recoveryCodes = await issueRecoveryCodes(tx, deps.config.personalDataKey, person.id);
    await deleteSessionsExcept(tx, person.id, hashToken(sessionToken));
    const session = await startSession(tx, person.id, sessionToken, now, origin.userAgent, {
      method: "second_factor",
    });
    await audit(tx, person.id, "person.mfa_enrolled", origin, { at: "account" });
    return { ...session, recoveryCodes };
  });
}

/**
 * Removes the authenticator and its recovery codes, given the password and a code (an authenticator's
 * or a recovery code): both factors, so neither a stolen session nor a stolen phone is enough. Both are
 * counted by the sign-in guard, and the password alone does not end the count here either; the attempt
 * that locks the address ends every session of the person.
 */
export async function removeSecondFactor(
  db: Db,
  deps: Deps,
  actor: Actor,
  personId: string,
  input: { password?: string | undefined; code?: string | undefined },
  origin: Origin,
  now = new Date(),
): Promise<void> {
  const person = await ownAccount(db, actor, personId);
  const factor = await factorStore.findFactor(db, person.id);
  if (!factor?.enrolled_at || !person.password_hash) throw accountErrors.secondFactorNone();
  const issues: FieldIssue[] = [];
  if (!input.password) issues.push({ field: "/password", key: "account.problem.required" });
  let typed: TypedCode | undefined;
  try {
    typed = typedCode(input.code, "/code", true);
  } catch (error) {
    if (!(error instanceof FieldsError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0 || !typed || !input.password) throw new FieldsError(issues);
  const account = { kind: "person", id: person.id } as const;
  const address = clientAddress(origin.address);
  const guard = await checkAddress(db, account, address, deps.config.signIn, now);
  const endSessions = (tx: Executor) => store.deleteSessionsOf(tx, person.id);
  if (!(await verifyPassword(person.password_hash, input.password))) {
    // Counted and answered as a wrong password everywhere else is (credentials.ts).
    await reauthenticate(db, deps, person, input.password, "mfa_remove", "/password", origin, now);
  }
  const code = typed;
  const removed = await db.transaction().execute(async (tx) => {
    if (!(await spendCode(tx, deps.config.personalDataKey, person.id, factor, code, now))) return false;
    await factorStore.deleteFactor(tx, person.id);
    await recordRightPassword(tx, account, address, now);
    await audit(tx, person.id, "person.mfa_removed", origin, { with: code.kind });
    return true;
  });
  if (!removed) {
    await countWrongCode(db, deps, person.id, guard, address, origin, now, {
      purpose: "mfa_remove",
      endSessions,
    });
  }
}
