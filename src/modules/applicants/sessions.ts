import { describeDevice } from "../../platform/auth/devices.ts";
import { verifyPassword } from "../../platform/auth/passwords.ts";
import { idleSince } from "../../platform/auth/session-list.ts";
import {
  checkAddress,
  clientAddress,
  recordRightPassword,
  recordWrongPassword,
} from "../../platform/auth/signin-guard.ts";
import { hashToken, newToken } from "../../platform/auth/tokens.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import * as factorStore from "./second-factor-store.ts";
import { type AccountDeps, findPersonByIdentifier, type Origin } from "./service.ts";
import { touchSession } from "./session-store.ts";
import * as store from "./store.ts";
import type { PersonSessionMethod, PersonSessionStage } from "./tables.ts";

export const SESSION_HOURS = 12;
/** Minutes a session may go unused before it ends, unless SESSION_IDLE_MINUTES says otherwise. */
export const DEFAULT_IDLE_MINUTES = 30;

/** Time to give the code (or enrol) after the password; then sign in again. */
export const PENDING_MINUTES = 10;

export interface SignedIn {
  token: string;
  expiresAt: Date;
  personId: string;
  /**
   * Present while the session owes the second factor: `verify`, a code of the person's authenticator or
   * a recovery code; `enrol`, REQUIRE_PEOPLE_MFA asks them to set one up first. Until then it signs no
   * one in (second-factor.ts finishes it).
   */
  secondFactor?: "verify" | "enrol";
}

/**
 * Signs a person in with their e-mail or ID number. The rules are the staff's: wrong passwords count per
 * account and client address (signin-guard.ts), SIGNIN_MAX_FAILURES of them lock that address out for
 * SIGNIN_LOCKOUT_MINUTES even against the right password, while the owner signs in from elsewhere; an
 * unknown account is answered exactly like a wrong password, after the same password hashing work. The
 * session id always changes at sign-in. A person with a second factor owes a code next (`secondFactor`
 * "verify"); with REQUIRE_PEOPLE_MFA on, one without must enrol first ("enrol"): second-factor.ts.
 */
export async function signIn(
  db: Db,
  deps: Pick<AccountDeps, "config">,
  credentials: { identifier: string; password: string },
  previousToken: string | undefined,
  origin: Origin,
  now = new Date(),
): Promise<SignedIn> {
  const policy = deps.config.signIn;
  const person = await findPersonByIdentifier(db, deps.config.personalDataKey, credentials.identifier);
  const account = person ? ({ kind: "person", id: person.id } as const) : undefined;
  const address = clientAddress(origin.address);
  const guard = account ? await checkAddress(db, account, address, policy, now) : undefined;
  const valid = await verifyPassword(person?.password_hash ?? undefined, credentials.password);
  if (!person || !valid) {
    const locked = await db.transaction().execute(async (tx) => {
      const outcome =
        account && guard ? await recordWrongPassword(tx, account, address, guard, policy, now) : undefined;
      await recordAudit(tx, {
        actorKind: "anonymous",
        action: "person.signin_failed",
        ...(person ? { subjectKind: "person", subjectId: person.id, personId: person.id } : {}),
        requestId: origin.requestId ?? null,
        details: { reason: person ? "wrong_password" : "unknown_account", locked: outcome?.locked ?? false },
      });
      return outcome?.locked ?? false;
    });
    if (locked) throw errors.accountLocked(policy.lockoutMinutes * 60);
    throw errors.badCredentials();
  }
  const factor = await factorStore.findFactor(db, person.id);
  const stage: PersonSessionStage = factor?.enrolled_at
    ? "mfa_pending"
    : deps.config.requirePeopleMfa
      ? "mfa_enrol"
      : "complete";
  const session = await db.transaction().execute(async (tx) => {
    // The password alone does not end the address's count while a code is still owed: wrong codes add to
    // it (second-factor.ts), and knowing the password must not buy fresh guesses at the code.
    if (stage === "complete") await recordRightPassword(tx, { kind: "person", id: person.id }, address, now);
    const opened = await startSession(tx, person.id, previousToken, now, origin.userAgent, { stage });
    await recordAudit(tx, {
      actorKind: "person",
      actorId: person.id,
      action: "person.signin",
      subjectKind: "person",
      subjectId: person.id,
      personId: person.id,
      requestId: origin.requestId ?? null,
      ...(stage === "complete" ? {} : { details: { stage } }),
    });
    return opened;
  });
  const secondFactor = stage === "mfa_pending" ? "verify" : stage === "mfa_enrol" ? "enrol" : undefined;
  return { ...session, personId: person.id, ...(secondFactor ? { secondFactor } : {}) };
}

/**
 * Opens a session for a person who has just proved who they are, in the sign-in's transaction, and ends
 * the session the browser came with: the session id always changes at sign-in (no session fixation),
 * and at each later step. `how` says how far the sign-in got (a stage before `complete` lasts
 * PENDING_MINUTES and signs no one in) and what proved it: `password` unless told otherwise, which
 * signs in no one who has a second factor (store.findLiveSession).
 */
export async function startSession(
  tx: Executor,
  personId: string,
  previousToken: string | undefined,
  now: Date,
  userAgent?: string,
  how: { stage?: PersonSessionStage; method?: PersonSessionMethod } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const stage = how.stage ?? "complete";
  const token = newToken();
  const lifetime = stage === "complete" ? SESSION_HOURS * 3_600_000 : PENDING_MINUTES * 60_000;
  const expiresAt = new Date(now.getTime() + lifetime);
  if (previousToken) await store.deleteSession(tx, hashToken(previousToken));
  await store.insertSession(tx, {
    tokenHash: hashToken(token),
    personId,
    expiresAt,
    device: describeDevice(userAgent),
    stage,
    method: how.method ?? "password",
  });
  return { token, expiresAt };
}

export async function signOut(db: Executor, token: string): Promise<void> {
  await store.deleteSession(db, hashToken(token));
}

/**
 * The person behind a session token, or undefined when the session is unknown, expired or unused for
 * longer than `idleMinutes` (SESSION_IDLE_MINUTES, as for staff). A session in use is marked so, at most
 * once a minute.
 */
export async function personActorForToken(
  db: Executor,
  token: string,
  now = new Date(),
  idleMinutes = DEFAULT_IDLE_MINUTES,
): Promise<Actor | undefined> {
  const tokenHash = hashToken(token);
  const session = await store.findLiveSession(db, tokenHash, now, idleSince(now, idleMinutes));
  if (!session) return undefined;
  if (now.getTime() - session.last_seen_at.getTime() > 60_000) await touchSession(db, tokenHash, now);
  return { kind: "person", id: session.id, name: session.name };
}
