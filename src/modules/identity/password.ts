import { type PasswordProblem, passwordProblem } from "../../platform/auth/password-policy.ts";
import { hashPassword, verifyPassword } from "../../platform/auth/passwords.ts";
import { hashToken } from "../../platform/auth/tokens.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { AppError, errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { auditStaffEvent, type Origin } from "./audit.ts";
import { staffPlaceWords } from "./password-words.ts";
import { needsSecondFactor, prepareChallenge } from "./second-factor.ts";
import * as sessionStore from "./session-store.ts";
import { type IdentitySettings, issueSession, type SignedIn } from "./sessions.ts";
import { FIRST_PASSWORD_HOURS } from "./staff-admin.ts";
import * as store from "./store.ts";
import type { StaffRow } from "./tables.ts";

export const passwordErrors = {
  firstPasswordExpired: () =>
    new AppError(
      "first_password_expired",
      401,
      `This first password has expired: it works for ${FIRST_PASSWORD_HOURS} hours. Ask your system administrator for a new one`,
      { params: { hours: FIRST_PASSWORD_HOURS } },
    ),
};

/** Why a new password is refused: the policy's reasons, or that it is the password held now. */
export type NewPasswordProblem = PasswordProblem | "unchanged";

/** The new password checked against the policy, the member's name, places and departments. */
async function newPasswordProblem(
  db: Executor,
  staff: Pick<StaffRow, "id" | "username" | "display_name" | "password_hash">,
  newPassword: string,
): Promise<NewPasswordProblem | undefined> {
  const home = await store.findStaffById(db, staff.id);
  const grants = await store.grantsOf(db, [staff.id]);
  const places = await staffPlaceWords(
    db,
    [home?.region_code ?? null, ...grants.map((g) => g.jurisdictionCode)],
    grants.map((g) => g.departmentName),
  );
  const problem = passwordProblem(newPassword, [staff.username, staff.display_name], places);
  if (problem) return problem;
  return (await verifyPassword(staff.password_hash, newPassword)) ? "unchanged" : undefined;
}

/** A 400 naming the field for the API, and the problem (`params.problem`) for a page to put in words. */
function refuseNewPassword(problem: NewPasswordProblem): AppError {
  const why = problem === "unchanged" ? "it is the password you have now" : problem;
  return new AppError("validation_failed", 400, "Some fields are not valid", {
    fields: [{ field: "/newPassword", message: `the new password is not acceptable (${why})` }],
    params: { problem },
  });
}

/**
 * A staff member changes their own password — one they fear is known, or any time. The current password
 * is asked for (a session left open on a hall's computer must not be enough), and a wrong one counts
 * towards the lockout like a failed sign-in. Every other session of theirs ends; the one they are using
 * stays.
 */
export async function changeOwnPassword(
  db: Db,
  settings: IdentitySettings,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  sessionToken: string,
  origin: Origin = {},
  now = new Date(),
): Promise<void> {
  if (actor.kind !== "staff") throw errors.forbidden();
  const staff = await store.findStaffById(db, actor.id);
  if (!staff) throw errors.unauthenticated();
  if (!(await verifyPassword(staff.password_hash, input.currentPassword))) {
    const lockedUntil = new Date(now.getTime() + settings.signIn.lockoutMinutes * 60_000);
    const outcome = await db.transaction().execute(async (tx) => {
      const counted = await store.recordFailedSignIn(tx, staff.id, settings.signIn.maxFailures, lockedUntil);
      await auditStaffEvent(tx, staff.id, "staff.password_change_failed", origin, {
        details: { locked: counted.locked },
      });
      return counted;
    });
    if (outcome.locked) {
      await sessionStore.deleteSessionsOf(db, staff.id);
      throw errors.accountLocked(settings.signIn.lockoutMinutes * 60);
    }
    throw errors.validation([{ field: "/currentPassword", message: "this is not your current password" }]);
  }
  const problem = await newPasswordProblem(db, staff, input.newPassword);
  if (problem) throw refuseNewPassword(problem);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await store.setPasswordHash(tx, staff.id, passwordHash);
    await sessionStore.deleteSessionsExcept(tx, staff.id, hashToken(sessionToken));
    await auditStaffEvent(tx, staff.id, "staff.password_changed", origin);
  });
}

/** Whether the token is a sign-in that still owes a new password in place of a first one. */
export async function isOwingNewPassword(db: Executor, token: string, now = new Date()): Promise<boolean> {
  return (await sessionStore.findStagedSession(db, hashToken(token), "password_change", now)) !== undefined;
}

/**
 * Replaces a first password at the first sign-in, the only thing its session may do. The password just
 * typed proved who asks, so it is not asked again. The session id changes, every other session of the
 * member ends, and what follows is the second factor when it is owed, or a full session.
 */
export async function replaceFirstPassword(
  db: Db,
  settings: IdentitySettings,
  pendingToken: string | undefined,
  newPassword: string,
  origin: Origin = {},
  now = new Date(),
): Promise<SignedIn> {
  const pending = pendingToken
    ? await sessionStore.findStagedSession(db, hashToken(pendingToken), "password_change", now)
    : undefined;
  if (!pendingToken || !pending) throw errors.unauthenticated();
  if (pending.password_expires_at && pending.password_expires_at <= now) {
    throw passwordErrors.firstPasswordExpired();
  }
  const problem = await newPasswordProblem(db, pending, newPassword);
  if (problem) throw refuseNewPassword(problem);
  const passwordHash = await hashPassword(newPassword);
  const owesSecondFactor = needsSecondFactor(settings, await store.rolesOf(db, pending.id));
  return db.transaction().execute(async (tx) => {
    await store.setPasswordHash(tx, pending.id, passwordHash);
    await sessionStore.deleteSessionsExcept(tx, pending.id, hashToken(pendingToken));
    const stage = owesSecondFactor ? "mfa_pending" : "complete";
    const session = await issueSession(tx, pending.id, stage, pendingToken, now);
    const secondFactor = owesSecondFactor ? await prepareChallenge(tx, settings, pending) : undefined;
    await auditStaffEvent(tx, pending.id, "staff.first_password_replaced", origin, { details: { stage } });
    return { ...session, staffId: pending.id, ...(secondFactor ? { secondFactor } : {}) };
  });
}
