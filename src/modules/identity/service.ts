import { hashPassword, verifyPassword } from "../../platform/auth/passwords.ts";
import {
  accountsWithLockedAddresses,
  checkAddress,
  clientAddress,
  recordRightPassword,
  recordWrongPassword,
} from "../../platform/auth/signin-guard.ts";
import { hashToken } from "../../platform/auth/tokens.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { STAFF_READERS } from "../../platform/policy/people.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { type AuditInput, recordAudit } from "../audit/service.ts";
import { refuseOutsideAdminNetworks } from "./admin-networks.ts";
import { auditStaffEvent, type Origin } from "./audit.ts";
import { passwordErrors } from "./password.ts";
import { needsSecondFactor, prepareChallenge } from "./second-factor.ts";
import * as sessionStore from "./session-store.ts";
import { DEFAULT_IDLE_MINUTES, type IdentitySettings, issueSession, type SignedIn } from "./sessions.ts";
import { regionCodesOf } from "./staff-admin.ts";
import * as store from "./store.ts";
import type { StaffRole, StaffRow } from "./tables.ts";

export type { Origin } from "./audit.ts";
export { isOwingNewPassword, replaceFirstPassword } from "./password.ts";
export {
  completeSecondFactor,
  isPendingSignIn,
  resetSecondFactor,
  secondFactorChallenge,
} from "./second-factor.ts";
export type { Challenge, IdentitySettings, SignedIn } from "./sessions.ts";

export interface StaffProfile {
  id: string;
  username: string;
  displayName: string;
  locked: boolean;
  disabled: boolean;
  grants: store.GrantDetail[];
}

/**
 * Signs a staff member in. Wrong passwords count per account and client address (signin-guard.ts):
 * SIGNIN_MAX_FAILURES of them lock that address out for SIGNIN_LOCKOUT_MINUTES, even against the right
 * password, while the owner signs in from elsewhere. The previous session, if any, ends: the session id
 * always changes at sign-in. What the session may do then comes in steps: a first password must be
 * replaced (`passwordChange`, `replaceFirstPassword`), and is refused once it has lapsed; then, when
 * REQUIRE_STAFF_MFA holds and the person holds any role, the second factor is owed (`secondFactor`,
 * `completeSecondFactor`). Until the last step the session signs no one in.
 */
export async function signIn(
  db: Db,
  settings: IdentitySettings,
  credentials: { username: string; password: string },
  previousToken: string | undefined,
  origin: Origin = {},
  now = new Date(),
): Promise<SignedIn> {
  const policy = settings.signIn;
  const staff = await store.findStaffByUsername(db, credentials.username);
  const account = staff ? ({ kind: "staff", id: staff.id } as const) : undefined;
  const address = clientAddress(origin.address);
  // Wrong second-factor codes lock the account itself: only someone who knew the password got that far.
  if (staff?.locked_until && staff.locked_until > now) {
    throw errors.accountLocked(Math.ceil((staff.locked_until.getTime() - now.getTime()) / 1000));
  }
  const guard = account ? await checkAddress(db, account, address, policy, now) : undefined;
  const valid = await verifyPassword(staff?.password_hash, credentials.password);
  if (!staff || !account || !guard || staff.disabled_at || !valid) {
    // Unknown accounts take the same path, a write included, so timing tells nothing either.
    const locked = await db.transaction().execute(async (tx) => {
      if (!staff || !account || !guard) {
        await recordAudit(tx, {
          actorKind: "anonymous",
          action: "staff.signin_failed",
          requestId: origin.requestId ?? null,
          details: { reason: "unknown_account" },
        });
        return false;
      }
      const outcome = staff.disabled_at
        ? { locked: false }
        : await recordWrongPassword(tx, account, address, guard, policy, now);
      await auditStaffEvent(tx, staff.id, "staff.signin_failed", origin, {
        by: { actorKind: "anonymous" },
        details: { reason: staff.disabled_at ? "disabled" : "wrong_password", locked: outcome.locked },
      });
      return outcome.locked;
    });
    if (locked) throw errors.accountLocked(policy.lockoutMinutes * 60);
    throw errors.badCredentials();
  }
  await refuseOutsideAdminNetworks(db, settings, staff.id, origin);
  if (staff.password_expires_at && staff.password_expires_at <= now) {
    await db.transaction().execute((tx) =>
      auditStaffEvent(tx, staff.id, "staff.signin_failed", origin, {
        by: { actorKind: "anonymous" },
        details: { reason: "first_password_expired" },
      }),
    );
    throw passwordErrors.firstPasswordExpired();
  }
  const owesNewPassword = staff.password_expires_at !== null;
  const owesSecondFactor =
    !owesNewPassword &&
    settings.requireStaffMfa &&
    needsSecondFactor(settings, await store.rolesOf(db, staff.id));
  return db.transaction().execute(async (tx) => {
    await recordRightPassword(tx, account, address, now);
    if (staff.failed_signins > 0 || staff.locked_until) await store.clearSignInFailures(tx, staff.id);
    const stage = owesNewPassword ? "password_change" : owesSecondFactor ? "mfa_pending" : "complete";
    const session = await issueSession(tx, staff.id, stage, previousToken, now, origin.userAgent);
    const secondFactor = owesSecondFactor ? await prepareChallenge(tx, settings, staff) : undefined;
    await auditStaffEvent(tx, staff.id, "staff.signin", origin, {
      details: { stage, ...(secondFactor ? { secondFactor: secondFactor.mfa } : {}) },
    });
    return {
      ...session,
      staffId: staff.id,
      ...(secondFactor ? { secondFactor } : {}),
      ...(owesNewPassword ? { passwordChange: true } : {}),
    };
  });
}

export async function signOut(db: Executor, token: string): Promise<void> {
  await sessionStore.deleteSession(db, hashToken(token));
}

/**
 * The actor behind a session cookie, or undefined when the session is unknown, expired, idle for longer
 * than `idleMinutes`, or its account disabled. A session in use is marked so, at most once a minute.
 */
export async function actorForToken(
  db: Executor,
  token: string,
  now = new Date(),
  idleMinutes = DEFAULT_IDLE_MINUTES,
): Promise<Actor | undefined> {
  const tokenHash = hashToken(token);
  const session = await sessionStore.findLiveSession(
    db,
    tokenHash,
    now,
    new Date(now.getTime() - idleMinutes * 60_000),
  );
  if (!session) return undefined;
  if (now.getTime() - session.last_seen_at.getTime() > 60_000)
    await sessionStore.touchSession(db, tokenHash, now);
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

/**
 * Creates a staff account with its roles, for the demo's seed (the published demo password, only while
 * DEMO is on, which https turns off) and for tests. Its password is an ordinary one, not a first one
 * to be replaced: accounts for real people come from `createAccount` (staff-admin.ts).
 */
export async function createStaff(
  db: Db,
  staff: NewStaff,
  createdBy: Pick<AuditInput, "actorKind" | "actorId"> = { actorKind: "system" },
  origin: Origin = {},
): Promise<string> {
  const passwordHash = await hashPassword(staff.password);
  return db.transaction().execute(async (tx) => {
    const id = await store.insertStaff(tx, {
      username: staff.username,
      displayName: staff.displayName,
      passwordHash,
    });
    for (const grant of staff.grants) await store.insertGrant(tx, { staffId: id, ...grant });
    await auditStaffEvent(tx, id, "staff.create", origin, {
      by: createdBy,
      details: { username: staff.username, grants: staff.grants },
    });
    return id;
  });
}

/** `lockedOut`: the accounts some address is locked out of (signin-guard.ts), shown as locked too. */
function profile(
  row: Pick<StaffRow, "id" | "username" | "display_name" | "locked_until" | "disabled_at">,
  grants: store.GrantDetail[],
  lockedOut: Set<string>,
  now: Date,
): StaffProfile {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    locked: (row.locked_until !== null && row.locked_until > now) || lockedOut.has(row.id),
    disabled: row.disabled_at !== null,
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
  authorize(actor, "staff.read", { id: row.id, regionCodes: regionCodesOf(row, grants) });
  return profile(row, grants, await accountsWithLockedAddresses(db, "staff", [row.id], now), now);
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
    .filter((g) => (STAFF_READERS as readonly string[]).includes(g.role))
    .map((g) => g.jurisdictionCode);
  const rows = await store.listStaffWithin(db, jurisdictions, limit);
  const grants = await store.grantsOf(
    db,
    rows.map((r) => r.id),
  );
  const lockedOut = await accountsWithLockedAddresses(
    db,
    "staff",
    rows.map((r) => r.id),
    now,
  );
  return rows.map((row) => profile(row, grants, lockedOut, now));
}

/** Whether anyone has an account yet: the demo is loaded only into an empty installation. */
export async function hasAnyStaff(db: Executor): Promise<boolean> {
  return store.anyStaff(db);
}

/**
 * Who can work a task: active staff holding its role in its department, with the case's region in
 * their jurisdiction (at most `limit`, by name).
 */
export async function staffForTask(
  db: Executor,
  task: { role: string; departmentId: string; regionCode: string },
  limit = 50,
): Promise<{ id: string; displayName: string }[]> {
  const rows = await store.staffHolding(db, task, limit);
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

/**
 * The nearest supervisors over a region (效能监察): those whose jurisdiction is the smallest that holds
 * it, who hear of its cases that stay overdue (a province's supervisors are not told of every county's).
 */
export async function supervisorsOver(
  db: Executor,
  regionCode: string,
  limit = 20,
): Promise<{ id: string; displayName: string }[]> {
  const rows = await store.supervisorsOver(db, regionCode, limit);
  const nearest = rows[0]?.jurisdiction_code.length;
  const seen = new Set<string>();
  return rows
    .filter((r) => r.jurisdiction_code.length === nearest && !seen.has(r.id) && seen.add(r.id))
    .map((r) => ({ id: r.id, displayName: r.display_name }));
}

/** A staff member as the policy sees them, by username: for the demo acting as its accounts. */
export async function staffActor(db: Executor, username: string): Promise<Actor | undefined> {
  const staff = await store.findStaffByUsername(db, username);
  if (!staff) return undefined;
  const grants = await store.grantsOf(db, [staff.id]);
  return {
    kind: "staff",
    id: staff.id,
    username: staff.username,
    displayName: staff.display_name,
    grants: grants.map((g) => ({
      role: g.role,
      departmentId: g.departmentId,
      jurisdictionCode: g.jurisdictionCode,
    })),
  };
}
