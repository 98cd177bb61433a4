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
import { type AccountDeps, findPersonByIdentifier, type Origin } from "./service.ts";
import { touchSession } from "./session-store.ts";
import * as store from "./store.ts";

export const SESSION_HOURS = 12;
/** Minutes a session may go unused before it ends, unless SESSION_IDLE_MINUTES says otherwise. */
export const DEFAULT_IDLE_MINUTES = 30;

export interface SignedIn {
  token: string;
  expiresAt: Date;
  personId: string;
}

/**
 * Signs a person in with their e-mail or ID number. The rules are the staff's: wrong passwords count per
 * account and client address (signin-guard.ts), SIGNIN_MAX_FAILURES of them lock that address out for
 * SIGNIN_LOCKOUT_MINUTES even against the right password, while the owner signs in from elsewhere; an
 * unknown account is answered exactly like a wrong password, after the same password hashing work. The
 * session id always changes at sign-in.
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
  const session = await db.transaction().execute(async (tx) => {
    await recordRightPassword(tx, { kind: "person", id: person.id }, address, now);
    const opened = await startSession(tx, person.id, previousToken, now, origin.userAgent);
    await recordAudit(tx, {
      actorKind: "person",
      actorId: person.id,
      action: "person.signin",
      subjectKind: "person",
      subjectId: person.id,
      personId: person.id,
      requestId: origin.requestId ?? null,
    });
    return opened;
  });
  return { ...session, personId: person.id };
}

/**
 * Opens a session for a person who has just proved who they are, in the sign-in's transaction, and ends
 * the session the browser came with: the session id always changes at sign-in (no session fixation).
 */
export async function startSession(
  tx: Executor,
  personId: string,
  previousToken: string | undefined,
  now: Date,
  userAgent?: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  if (previousToken) await store.deleteSession(tx, hashToken(previousToken));
  await store.insertSession(tx, {
    tokenHash: hashToken(token),
    personId,
    expiresAt,
    device: describeDevice(userAgent),
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
