import { hashPassword, verifyPassword } from "../../platform/auth/passwords.ts";
import { hashToken, newToken } from "../../platform/auth/tokens.ts";
import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import * as store from "./store.ts";
import type { StaffRole } from "./tables.ts";

export const SESSION_HOURS = 12;

export interface StaffProfile {
  id: string;
  username: string;
  displayName: string;
  locked: boolean;
  grants: store.GrantDetail[];
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  staffId: string;
}

/**
 * Signs a staff member in. Failures count towards a lockout (SIGNIN_MAX_FAILURES, then
 * SIGNIN_LOCKOUT_MINUTES); a locked account is refused even with the right password. The previous
 * session, if any, ends: the session id always changes at sign-in.
 */
export async function signIn(
  db: Db,
  policy: Config["signIn"],
  credentials: { username: string; password: string },
  previousToken: string | undefined,
  now = new Date(),
): Promise<SignedIn> {
  const staff = await store.findStaffByUsername(db, credentials.username);
  if (staff?.locked_until && staff.locked_until > now) {
    throw errors.accountLocked(Math.ceil((staff.locked_until.getTime() - now.getTime()) / 1000));
  }
  const valid = await verifyPassword(staff?.password_hash, credentials.password);
  if (!staff || staff.disabled_at || !valid) {
    if (staff && !staff.disabled_at) {
      const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
      const { locked } = await store.recordFailedSignIn(db, staff.id, policy.maxFailures, lockedUntil);
      if (locked) throw errors.accountLocked(policy.lockoutMinutes * 60);
    }
    throw errors.badCredentials();
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await db.transaction().execute(async (tx) => {
    if (staff.failed_signins > 0 || staff.locked_until) await store.clearSignInFailures(tx, staff.id);
    if (previousToken) await store.deleteSession(tx, hashToken(previousToken));
    await store.insertSession(tx, { tokenHash: hashToken(token), staffId: staff.id, expiresAt });
  });
  return { token, expiresAt, staffId: staff.id };
}

export async function signOut(db: Executor, token: string): Promise<void> {
  await store.deleteSession(db, hashToken(token));
}

/** The actor behind a session cookie, or undefined when the session is unknown, expired or disabled. */
export async function actorForToken(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<Actor | undefined> {
  const session = await store.findLiveSession(db, hashToken(token), now);
  if (!session) return undefined;
  return {
    kind: "staff",
    id: session.id,
    username: session.username,
    displayName: session.display_name,
    grants: session.grants,
  };
}

export interface NewStaff {
  username: string;
  displayName: string;
  password: string;
  grants: { departmentId: string; role: StaffRole; jurisdictionCode: string }[];
}

/** Creates a staff account with its roles; used by the demo and by administrators. */
export async function createStaff(db: Db, staff: NewStaff): Promise<string> {
  const passwordHash = await hashPassword(staff.password);
  return db.transaction().execute(async (tx) => {
    const id = await store.insertStaff(tx, {
      username: staff.username,
      displayName: staff.displayName,
      passwordHash,
    });
    for (const grant of staff.grants) await store.insertGrant(tx, { staffId: id, ...grant });
    return id;
  });
}

function profile(
  row: { id: string; username: string; display_name: string; locked_until: Date | null },
  grants: store.GrantDetail[],
  now: Date,
): StaffProfile {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    locked: row.locked_until !== null && row.locked_until > now,
    grants: grants.filter((g) => g.staffId === row.id),
  };
}

export async function getProfile(
  db: Executor,
  actor: Actor,
  staffId: string,
  now = new Date(),
): Promise<StaffProfile> {
  const row = await store.findStaffById(db, staffId);
  if (!row) throw errors.notFound("staff member");
  const grants = await store.grantsOf(db, [row.id]);
  authorize(actor, "staff.read", { id: row.id, regionCodes: grants.map((g) => g.jurisdictionCode) });
  return profile(row, grants, now);
}

/** The staff a manager may see: everyone with a role inside the manager's own jurisdictions. */
export async function listStaff(
  db: Executor,
  actor: Actor,
  limit = 100,
  now = new Date(),
): Promise<StaffProfile[]> {
  authorize(actor, "staff.list");
  if (actor.kind !== "staff") return [];
  const jurisdictions = actor.grants
    .filter((g) => g.role === "administrator" || g.role === "supervisor")
    .map((g) => g.jurisdictionCode);
  const rows = await store.listStaffWithin(db, jurisdictions, limit);
  const grants = await store.grantsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => profile(row, grants, now));
}

/** Whether anyone has an account yet: the demo is loaded only into an empty installation. */
export async function hasAnyStaff(db: Executor): Promise<boolean> {
  return store.anyStaff(db);
}
