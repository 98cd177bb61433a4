import { passwordProblem } from "../../platform/auth/password-policy.ts";
import { hashPassword, verifyPassword } from "../../platform/auth/passwords.ts";
import { hashToken } from "../../platform/auth/tokens.ts";
import type { Db } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { auditStaffEvent, type Origin } from "./audit.ts";
import type { IdentitySettings } from "./sessions.ts";
import * as store from "./store.ts";

/**
 * A staff member changes their own password — the first one a system administrator handed over, or one
 * they fear is known. The current password is asked for (a session left open on a hall's computer must
 * not be enough), and a wrong one counts towards the lockout like a failed sign-in. Every other session
 * of theirs ends; the one they are using stays.
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
      await store.deleteSessionsOf(db, staff.id);
      throw errors.accountLocked(settings.signIn.lockoutMinutes * 60);
    }
    throw errors.validation([{ field: "/currentPassword", message: "this is not your current password" }]);
  }
  const problem =
    input.newPassword === input.currentPassword
      ? "it is the password you have now"
      : passwordProblem(input.newPassword, [staff.username, staff.display_name]);
  if (problem) {
    throw errors.validation([
      { field: "/newPassword", message: `the new password is not acceptable (${problem})` },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await store.setPasswordHash(tx, staff.id, passwordHash);
    await store.deleteSessionsExcept(tx, staff.id, hashToken(sessionToken));
    await auditStaffEvent(tx, staff.id, "staff.password_changed", origin);
  });
}
