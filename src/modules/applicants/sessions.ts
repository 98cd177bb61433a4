import { verifyPassword } from "../../platform/auth/passwords.ts";
import { hashToken, newToken } from "../../platform/auth/tokens.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { type AccountDeps, findPersonByIdentifier, type Origin } from "./service.ts";
import * as store from "./store.ts";

export const SESSION_HOURS = 12;

export interface SignedIn {
  token: string;
  expiresAt: Date;
  personId: string;
}

/**
 * Signs a person in with their e-mail or ID number. The rules are the staff's: failures count towards
 * a lockout (SIGNIN_MAX_FAILURES, then SIGNIN_LOCKOUT_MINUTES), a locked account is refused even with
 * the right password, and an unknown account is answered exactly like a wrong password, after the
 * same password hashing work. The session id always changes at sign-in.
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
  if (person?.locked_until && person.locked_until > now) {
    throw errors.accountLocked(Math.ceil((person.locked_until.getTime() - now.getTime()) / 1000));
  }
  const valid = await verifyPassword(person?.password_hash ?? undefined, credentials.password);
  if (!person || !valid) {
    const locked = await db.transaction().execute(async (tx) => {
      const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
      const outcome = person
        ? await store.recordFailedSignIn(tx, person.id, policy.maxFailures, lockedUntil)
        : undefined;
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
    if (person.failed_signins > 0 || person.locked_until) await store.clearSignInFailures(tx, person.id);
    const opened = await startSession(tx, person.id, previousToken, now);
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
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  if (previousToken) await store.deleteSession(tx, hashToken(previousToken));
  await store.insertSession(tx, { tokenHash: hashToken(token), personId, expiresAt });
  return { token, expiresAt };
}

export async function signOut(db: Executor, token: string): Promise<void> {
  await store.deleteSession(db, hashToken(token));
}

/** The person behind a session token, or undefined when the session is unknown or expired. */
export async function personActorForToken(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<Actor | undefined> {
  const session = await store.findLiveSession(db, hashToken(token), now);
  return session ? { kind: "person", id: session.id, name: session.name } : undefined;
}
