import { passwordProblem } from "../../platform/auth/password-policy.ts";
import { hashPassword } from "../../platform/auth/passwords.ts";
import { unlockAccount as unlockAddresses } from "../../platform/auth/signin-guard.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { AppError, errors } from "../../platform/errors.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { auditActor } from "../audit/service.ts";
import { auditStaffEvent, type Origin } from "./audit.ts";
import { staffPlaceWords } from "./password-words.ts";
import * as sessionStore from "./session-store.ts";
import * as store from "./store.ts";
import { ADMINISTRATOR_ROLES, type AdministratorRole, type StaffRole, type StaffRow } from "./tables.ts";

/**
 * Staff accounts kept by the three administrators (三员分立, MLPS level 3):
 * - the system administrator makes accounts within their jurisdiction — with no role — and disables
 *   and enables them;
 * - the security administrator grants and revokes roles, unlocks accounts and resets second factors;
 * - the audit administrator reads what both did (the audit trail; audit/service.ts).
 * None acts on their own account, whoever holds one of the three holds no other role (here, and a
 * trigger under it), and the three roles themselves are granted only by `tongban staff` on the server:
 * whoever holds a shell
 * there holds the database anyway, while an API that could grant them would let one stolen session
 * make itself all three. Every change is in the audit trail in the same transaction.
 */

export const staffAdminErrors = {
  usernameTaken: (username: string) =>
    new AppError("staff_username_taken", 409, `The username "${username}" is taken: choose another`, {
      params: { username },
    }),
  roleReserved: (role: string) =>
    new AppError(
      "staff_role_reserved",
      403,
      `The role ${role} is one of the three administrators': it is granted with \`tongban staff grant\` on the server, not here`,
      { params: { role } },
    ),
  rolesSeparated: (held: string, wanted: string) =>
    new AppError(
      "staff_roles_separated",
      409,
      `The account holds ${held} already: the system, security and audit administrators are three different people who hold no other role, so it cannot also be ${wanted}`,
      { params: { held, wanted } },
    ),
};

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  /** The region whose administrators keep the account. */
  regionCode: string;
}

export interface Grant {
  role: StaffRole;
  departmentId: string;
  jurisdictionCode: string;
}

/** Who makes a change: a staff member through the API, or the server's operator (`tongban staff`). */
export type By = { kind: "staff"; actor: Actor } | { kind: "operator" };

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/**
 * Makes an account with no role; the system administrator's, or the operator's. Its password is a first
 * one: someone else chose it, so it lapses after FIRST_PASSWORD_HOURS and must be replaced at the first
 * sign-in (password.ts).
 */
export async function createAccount(
  db: Db,
  by: By,
  input: NewAccount,
  origin: Origin = {},
  now = new Date(),
): Promise<string> {
  const username = input.username.trim().toLowerCase();
  const problems = [
    USERNAME.test(username)
      ? undefined
      : {
          field: "/username",
          message: "2 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit",
        },
    input.displayName.trim() === "" ? { field: "/displayName", message: "the person's name" } : undefined,
    passwordFieldProblem(
      input.password,
      [username, input.displayName],
      await staffPlaceWords(db, [input.regionCode]),
    ),
  ].filter((p) => p !== undefined);
  if (!(await store.regionExists(db, input.regionCode))) {
    problems.push({ field: "/regionCode", message: `no region has the code "${input.regionCode}"` });
  }
  if (problems.length > 0) throw errors.validation(problems);
  // Refused outright (403) beyond one's jurisdiction: a region is no secret, unlike an account. Only
  // system administrators get this far (the route checks), so the validation above tells no one else.
  if (by.kind === "staff" && !can(by.actor, "staff.create", { regionCode: input.regionCode })) {
    throw errors.forbidden();
  }
  if (await store.findStaffByUsername(db, username)) throw staffAdminErrors.usernameTaken(username);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const id = await store.insertStaff(tx, {
      username,
      displayName: input.displayName.trim(),
      passwordHash,
      regionCode: input.regionCode,
      passwordExpiresAt: firstPasswordExpiry(now),
    });
    await auditStaffEvent(tx, id, "staff.create", origin, {
      by: byOf(by),
      details: { username, regionCode: input.regionCode },
    });
    return id;
  });
}

/**
 * A first password — printed by `tongban staff create` or chosen by a system administrator, so known to
 * someone besides its holder — lapses after this many hours unless replaced (ASVS 6.4.1).
 */
export const FIRST_PASSWORD_HOURS = 24;

export function firstPasswordExpiry(now: Date): Date {
  return new Date(now.getTime() + FIRST_PASSWORD_HOURS * 3_600_000);
}

function passwordFieldProblem(password: string, identity: string[], places: string[]) {
  const problem = passwordProblem(password, identity, places);
  return problem ? { field: "/password", message: `the password is not acceptable (${problem})` } : undefined;
}

/**
 * Gives a member who lost their password a new first password, from the server's command line (whoever
 * holds a shell there holds the database anyway): it lapses like any first one, every session of theirs
 * ends and every lock on the account is lifted. The second factor stays.
 */
export async function resetToFirstPassword(
  db: Db,
  staffId: string,
  password: string,
  origin: Origin = {},
  now = new Date(),
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await store.setPasswordHash(tx, staffId, passwordHash, firstPasswordExpiry(now));
    await sessionStore.deleteSessionsOf(tx, staffId);
    await store.clearSignInFailures(tx, staffId);
    await unlockAddresses(tx, { kind: "staff", id: staffId });
    await auditStaffEvent(tx, staffId, "staff.password_reset", origin, { by: byOf(OPERATOR) });
  });
}

const OPERATOR: By = { kind: "operator" };

/** Disables an account (its sessions end at once) or enables it again: the system administrator. */
export async function setAccountEnabled(
  db: Db,
  actor: Actor,
  staffId: string,
  enabled: boolean,
  origin: Origin = {},
): Promise<void> {
  const target = await visibleTarget(db, actor, staffId);
  if (!can(actor, "staff.disable", target)) throw errors.forbidden();
  await db.transaction().execute(async (tx) => {
    await store.setDisabled(tx, staffId, enabled ? null : new Date());
    if (!enabled) await sessionStore.deleteSessionsOf(tx, staffId);
    await auditStaffEvent(tx, staffId, enabled ? "staff.enable" : "staff.disable", origin, {
      by: auditActor(actor),
    });
  });
}

/** Clears the failed sign-ins that locked an account, from every address: the security administrator. */
export async function unlockAccount(
  db: Db,
  actor: Actor,
  staffId: string,
  origin: Origin = {},
): Promise<void> {
  const target = await visibleTarget(db, actor, staffId);
  if (!can(actor, "staff.unlock", target)) throw errors.forbidden();
  await db.transaction().execute(async (tx) => {
    await store.clearSignInFailures(tx, staffId);
    await unlockAddresses(tx, { kind: "staff", id: staffId });
    await auditStaffEvent(tx, staffId, "staff.unlock", origin, { by: auditActor(actor) });
  });
}

/**
 * Grants a role: through the API the security administrator's (never one of the three), from the
 * command line any. A grant held already changes nothing and is not recorded again.
 */
export async function grantRole(
  db: Db,
  by: By,
  staffId: string,
  grant: Grant,
  origin: Origin = {},
): Promise<void> {
  if (by.kind === "staff") {
    const target = await visibleTarget(db, by.actor, staffId);
    if (isAdministratorRole(grant.role)) throw staffAdminErrors.roleReserved(grant.role);
    if (!can(by.actor, "staff.grant", { ...target, jurisdictionCode: grant.jurisdictionCode })) {
      throw errors.forbidden();
    }
  }
  await checkGrantPlace(db, grant);
  await db.transaction().execute(async (tx) => {
    const staff = await store.lockStaff(tx, staffId);
    if (!staff) throw errors.notFound("staff member");
    await keepAdministratorsApart(tx, staff, grant.role);
    if (!(await store.insertGrant(tx, { staffId, ...grant }))) return;
    await auditStaffEvent(tx, staffId, "staff.grant", origin, { by: byOf(by), details: { ...grant } });
  });
}

/** Revokes a role, under the same rules as granting it; a grant not held is not found. */
export async function revokeRole(
  db: Db,
  by: By,
  staffId: string,
  grant: Omit<Grant, "jurisdictionCode">,
  origin: Origin = {},
): Promise<void> {
  const held = (await store.grantsOf(db, [staffId])).find(
    (g) => g.role === grant.role && g.departmentId === grant.departmentId,
  );
  if (by.kind === "staff") {
    const target = await visibleTarget(db, by.actor, staffId);
    if (isAdministratorRole(grant.role)) throw staffAdminErrors.roleReserved(grant.role);
    if (!can(by.actor, "staff.grant", { ...target, jurisdictionCode: held?.jurisdictionCode })) {
      throw errors.forbidden();
    }
  }
  if (!held) throw errors.notFound("grant");
  await db.transaction().execute(async (tx) => {
    if (!(await store.deleteGrant(tx, { staffId, ...grant }))) throw errors.notFound("grant");
    // The account's sessions end: a role taken away stops working now, not when they sign out.
    await sessionStore.deleteSessionsOf(tx, staffId);
    await auditStaffEvent(tx, staffId, "staff.revoke", origin, {
      by: byOf(by),
      details: { ...grant, jurisdictionCode: held.jurisdictionCode },
    });
  });
}

export function isAdministratorRole(role: string): role is AdministratorRole {
  return (ADMINISTRATOR_ROLES as readonly string[]).includes(role);
}

/**
 * The account as the rules see it — its id and the regions of its roles and its home — after checking
 * the actor may see it at all (404 otherwise, as for any record outside one's jurisdiction).
 */
export async function visibleTarget(
  db: Executor,
  actor: Actor,
  staffId: string,
): Promise<{ id: string; regionCodes: string[] }> {
  const row = await store.findStaffById(db, staffId);
  if (!row) throw errors.notFound("staff member");
  const grants = await store.grantsOf(db, [staffId]);
  const target = { id: staffId, regionCodes: regionCodesOf(row, grants) };
  authorize(actor, "staff.read", target);
  return target;
}

export function regionCodesOf(
  row: Pick<StaffRow, "region_code">,
  grants: { jurisdictionCode: string }[],
): string[] {
  const codes = grants.map((g) => g.jurisdictionCode);
  return row.region_code && !codes.includes(row.region_code) ? [...codes, row.region_code] : codes;
}

/** The department must exist, and the jurisdiction lie within the department's region. */
async function checkGrantPlace(db: Executor, grant: Grant): Promise<void> {
  const region = await store.departmentRegionOf(db, grant.departmentId);
  const problems = [];
  if (region === undefined) {
    problems.push({ field: "/departmentId", message: `no department has the id "${grant.departmentId}"` });
  } else if (!grant.jurisdictionCode.startsWith(region)) {
    problems.push({
      field: "/jurisdictionCode",
      message: `the jurisdiction must lie within the department's region ${region}`,
    });
  }
  if (problems.length === 0 && !(await store.regionExists(db, grant.jurisdictionCode))) {
    problems.push({
      field: "/jurisdictionCode",
      message: `no region has the code "${grant.jurisdictionCode}"`,
    });
  }
  if (problems.length > 0) throw errors.validation(problems);
}

/**
 * Whoever holds one of the three holds nothing else: two of them would join what the separation keeps
 * apart, and one with a supervisor's role would read the trail of their own work.
 */
async function keepAdministratorsApart(tx: Executor, staff: StaffRow, role: StaffRole): Promise<void> {
  const other = (await store.grantsOf(tx, [staff.id])).find(
    (g) => g.role !== role && (isAdministratorRole(g.role) || isAdministratorRole(role)),
  );
  if (other) throw staffAdminErrors.rolesSeparated(other.role, role);
}

function byOf(by: By) {
  return by.kind === "staff" ? auditActor(by.actor) : { actorKind: "system" as const };
}
