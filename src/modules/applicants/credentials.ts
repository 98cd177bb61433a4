import { hashPassword, verifyPassword } from "../../platform/auth/passwords.ts";
import {
  checkAddress,
  clientAddress,
  recordRightPassword,
  recordWrongPassword,
} from "../../platform/auth/signin-guard.ts";
import { hashToken } from "../../platform/auth/tokens.ts";
import { decrypt } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { accountErrors, FieldsError } from "./errors.ts";
import type { AccountDeps, Origin } from "./service.ts";
import { deleteSessionsExcept } from "./session-store.ts";
import * as store from "./store.ts";
import type { PersonRow } from "./tables.ts";
import * as check from "./validate.ts";

/**
 * How long a sign-in through the identity platform stands in for the password an account without one
 * cannot give, before a change to how the account is reached.
 */
export const RECENT_SIGNIN_MINUTES = 10;

/** What the change is for, in the audit trail of a wrong password. */
type Purpose = "password_change" | "mobile_change" | "mfa_enrol" | "mfa_remove";

/** A signed-in person's own account; anyone else's does not exist. */
export async function ownAccount(db: Db, actor: Actor, personId: string): Promise<PersonRow> {
  authorize(actor, "account.update", { personId });
  const person = await store.findPersonById(db, personId);
  if (!person) throw errors.notFound("account");
  return person;
}

/** Whether the person can sign in with a password (an account opened through the platform may not). */
export async function hasPassword(db: Db, actor: Actor, personId: string): Promise<boolean> {
  return (await ownAccount(db, actor, personId)).password_hash !== null;
}

/**
 * Asks for the password again before a change to how the account is reached: a session left open on a
 * service point's computer must not be enough (ASVS 6.2.3, 7.5.1). The sign-in guard counts it exactly
 * like a sign-in (per account and client address, signin-guard.ts): an address locked out is refused even
 * with the right password, and a wrong password counts towards the lock. The one that locks also ends
 * all the account's sessions, this one included, so whoever guesses from a stolen session is put out.
 */
export async function reauthenticate(
  db: Db,
  deps: Pick<AccountDeps, "config">,
  person: PersonRow,
  password: string,
  purpose: Purpose,
  field: string,
  origin: Origin,
  now: Date,
): Promise<void> {
  const policy = deps.config.signIn;
  const account = { kind: "person", id: person.id } as const;
  const address = clientAddress(origin.address);
  const guard = await checkAddress(db, account, address, policy, now);
  if (await verifyPassword(person.password_hash ?? undefined, password)) {
    await recordRightPassword(db, account, address, now);
    return;
  }
  const locked = await db.transaction().execute(async (tx) => {
    const outcome = await recordWrongPassword(tx, account, address, guard, policy, now);
    if (outcome.locked) await store.deleteSessionsOf(tx, person.id);
    await recordAudit(tx, {
      actorKind: "person",
      actorId: person.id,
      action: "person.reauth_failed",
      subjectKind: "person",
      subjectId: person.id,
      personId: person.id,
      requestId: origin.requestId ?? null,
      details: { purpose, locked: outcome.locked },
    });
    return outcome.locked;
  });
  if (locked) throw errors.accountLocked(policy.lockoutMinutes * 60);
  throw new FieldsError([{ field, key: "account.problem.currentPassword" }]);
}

/**
 * A person changes their own password, giving the current one. Problems with the new password are
 * reported before the current one is checked, so a new password the policy refuses costs no try. On
 * success every other session of the person ends — whoever else held one is out — and this one stays.
 * An account without a password (opened through the identity platform) is told where its password is.
 */
export async function changePassword(
  db: Db,
  deps: Pick<AccountDeps, "config">,
  actor: Actor,
  personId: string,
  input: { currentPassword?: string | undefined; newPassword?: string | undefined },
  sessionToken: string | undefined,
  origin: Origin,
  now = new Date(),
): Promise<void> {
  const person = await ownAccount(db, actor, personId);
  if (!person.password_hash) throw accountErrors.noPassword();
  const current = input.currentPassword ?? "";
  const issues: check.Issues = [];
  if (current === "") issues.push({ field: "/currentPassword", key: "account.problem.required" });
  const idNumber = decrypt(deps.config.personalDataKey, person.id_number_enc);
  const fresh = check.password(
    issues,
    "/newPassword",
    input.newPassword,
    check.identityParts({ ...person, idNumber }),
    await check.placeWordsOf(db, person.address_region_code),
  );
  if (fresh !== "" && fresh === current) {
    issues.push({ field: "/newPassword", key: "account.problem.password.same" });
  }
  if (issues.length > 0) throw new FieldsError(issues);
  await reauthenticate(db, deps, person, current, "password_change", "/currentPassword", origin, now);
  const passwordHash = await hashPassword(fresh);
  await db.transaction().execute(async (tx) => {
    await store.setPassword(tx, person.id, passwordHash);
    if (sessionToken) await deleteSessionsExcept(tx, person.id, hashToken(sessionToken));
    else await store.deleteSessionsOf(tx, person.id);
    await recordAudit(tx, {
      actorKind: "person",
      actorId: person.id,
      action: "person.password_changed",
      subjectKind: "person",
      subjectId: person.id,
      personId: person.id,
      requestId: origin.requestId ?? null,
    });
  });
}

/**
 * Proves it is the account's holder asking, for a change of how the account is reached: the password
 * again, or — for an account that has none — a sign-in through the identity platform at most
 * RECENT_SIGNIN_MINUTES ago, which the platform has just vouched for.
 */
export async function confirmHolder(
  db: Db,
  deps: Pick<AccountDeps, "config">,
  person: PersonRow,
  password: string,
  sessionToken: string | undefined,
  origin: Origin,
  now: Date,
): Promise<void> {
  if (person.password_hash) {
    await reauthenticate(db, deps, person, password, "mobile_change", "/password", origin, now);
    return;
  }
  const started = sessionToken
    ? await store.findSessionStart(db, person.id, hashToken(sessionToken))
    : undefined;
  if (!started || now.getTime() - started.getTime() > RECENT_SIGNIN_MINUTES * 60_000) {
    throw accountErrors.recentSignInNeeded(RECENT_SIGNIN_MINUTES);
  }
}
