import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { StaffRole, StaffRow } from "./tables.ts";

export interface SessionGrant {
  role: StaffRole;
  departmentId: string;
  jurisdictionCode: string;
}

export interface GrantDetail {
  staffId: string;
  role: StaffRole;
  departmentId: string;
  departmentName: string;
  departmentNameEn: string;
  jurisdictionCode: string;
  jurisdictionName: string;
}

export function findStaffByUsername(db: Executor, username: string): Promise<StaffRow | undefined> {
  return db
    .selectFrom("staff")
    .selectAll()
    .where(sql<string>`lower(username)`, "=", username.toLowerCase())
    .executeTakeFirst();
}

export function findStaffById(db: Executor, id: string): Promise<StaffRow | undefined> {
  return db.selectFrom("staff").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertStaff(
  db: Executor,
  staff: {
    username: string;
    displayName: string;
    passwordHash: string;
    regionCode?: string;
    /** For a first password: when it lapses. */
    passwordExpiresAt?: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto("staff")
    .values({
      username: staff.username,
      display_name: staff.displayName,
      password_hash: staff.passwordHash,
      region_code: staff.regionCode ?? null,
      password_expires_at: staff.passwordExpiresAt ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a grant; false when the account held that role in that department already. */
export async function insertGrant(
  db: Executor,
  grant: { staffId: string; departmentId: string; role: StaffRole; jurisdictionCode: string },
): Promise<boolean> {
  const result = await db
    .insertInto("staff_roles")
    .values({
      staff_id: grant.staffId,
      department_id: grant.departmentId,
      role: grant.role,
      jurisdiction_code: grant.jurisdictionCode,
    })
    .onConflict((c) => c.columns(["staff_id", "department_id", "role"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function regionExists(db: Executor, code: string): Promise<boolean> {
  const row = await db.selectFrom("regions").select("code").where("code", "=", code).executeTakeFirst();
  return row !== undefined;
}

/** The region a department belongs to; undefined for no such department. */
export async function departmentRegionOf(db: Executor, departmentId: string): Promise<string | undefined> {
  // Not a uuid: no department, rather than a database error.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(departmentId)) return undefined;
  const row = await db
    .selectFrom("departments")
    .select("region_code")
    .where("id", "=", departmentId)
    .executeTakeFirst();
  return row?.region_code;
}

/** Removes one grant; whether there was one. */
export async function deleteGrant(
  db: Executor,
  grant: { staffId: string; departmentId: string; role: StaffRole },
): Promise<boolean> {
  const result = await db
    .deleteFrom("staff_roles")
    .where("staff_id", "=", grant.staffId)
    .where("department_id", "=", grant.departmentId)
    .where("role", "=", grant.role)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * The account, locked for the rest of the transaction: two grants to one person at once are decided one
 * after the other, so the second sees the first (the three administrators stay apart).
 */
export function lockStaff(db: Executor, id: string): Promise<StaffRow | undefined> {
  return db.selectFrom("staff").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function setDisabled(db: Executor, id: string, at: Date | null): Promise<void> {
  await db.updateTable("staff").set({ disabled_at: at }).where("id", "=", id).execute();
}

export async function grantsOf(db: Executor, staffIds: string[]): Promise<GrantDetail[]> {
  if (staffIds.length === 0) return [];
  const rows = await db
    .selectFrom("staff_roles as g")
    .innerJoin("departments as d", "d.id", "g.department_id")
    .innerJoin("regions as r", "r.code", "g.jurisdiction_code")
    .select([
      "g.staff_id",
      "g.role",
      "g.department_id",
      "d.name as department_name",
      "d.name_en as department_name_en",
      "g.jurisdiction_code",
      "r.name as jurisdiction_name",
    ])
    .where("g.staff_id", "in", staffIds)
    .orderBy("g.jurisdiction_code")
    .orderBy("d.name")
    .orderBy("g.role")
    .execute();
  return rows.map((r) => ({
    staffId: r.staff_id,
    role: r.role,
    departmentId: r.department_id,
    departmentName: r.department_name,
    departmentNameEn: r.department_name_en,
    jurisdictionCode: r.jurisdiction_code,
    jurisdictionName: r.jurisdiction_name,
  }));
}

/** Staff holding any role whose jurisdiction lies within one of `regionCodes`, or kept there. */
export function listStaffWithin(db: Executor, regionCodes: string[], limit: number): Promise<StaffRow[]> {
  return db
    .selectFrom("staff")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("staff_roles as g")
            .select(sql`1`.as("one"))
            .whereRef("g.staff_id", "=", "staff.id")
            .where((inner) =>
              inner.or(regionCodes.map((code) => inner("g.jurisdiction_code", "like", `${code}%`))),
            ),
        ),
        ...regionCodes.map((code) => eb("staff.region_code", "like", `${code}%`)),
      ]),
    )
    .orderBy("username")
    .limit(limit)
    .execute();
}

/**
 * Counts a failure atomically (a sign-in storm cannot lose counts) and locks once `max` is reached.
 * Wrong passwords and wrong second-factor codes are counted apart, so knowing the password does not buy
 * fresh guesses at the code.
 */
async function recordFailure(
  db: Executor,
  counter: "failed_signins" | "failed_totp",
  staffId: string,
  max: number,
  lockedUntil: Date,
): Promise<{ failures: number; locked: boolean }> {
  const row = await db
    .updateTable("staff")
    .set((eb) => ({
      [counter]: eb(counter, "+", 1),
      locked_until: sql<Date | null>`case when ${sql.ref(counter)} + 1 >= ${max} then ${lockedUntil}::timestamptz else locked_until end`,
    }))
    .where("id", "=", staffId)
    .returning(counter)
    .executeTakeFirstOrThrow();
  const failures = (row as Record<typeof counter, number>)[counter];
  return { failures, locked: failures >= max };
}

export const recordFailedSignIn = (db: Executor, staffId: string, max: number, lockedUntil: Date) =>
  recordFailure(db, "failed_signins", staffId, max, lockedUntil);

export async function clearSignInFailures(db: Executor, staffId: string): Promise<void> {
  await db
    .updateTable("staff")
    .set({ failed_signins: 0, locked_until: null })
    .where("id", "=", staffId)
    .execute();
}

export async function rolesOf(db: Executor, staffId: string): Promise<StaffRole[]> {
  const rows = await db
    .selectFrom("staff_roles")
    .select("role")
    .distinct()
    .where("staff_id", "=", staffId)
    .execute();
  return rows.map((r) => r.role);
}

/** Offers a new secret for enrolment; an enrolled secret is never replaced this way. */
export async function setUnconfirmedTotpSecret(
  db: Executor,
  staffId: string,
  encryptedSecret: string,
): Promise<void> {
  await db
    .updateTable("staff")
    .set({ totp_secret: encryptedSecret, totp_last_step: null })
    .where("id", "=", staffId)
    .where("totp_enrolled_at", "is", null)
    .execute();
}

/**
 * Records an accepted code's time step, completing enrolment if it was the first. Only a step later
 * than the last accepted one moves it, in one statement, so two requests racing with the same code
 * cannot both succeed: false means this code was used already.
 */
export async function acceptTotpStep(
  db: Executor,
  staffId: string,
  step: number,
  now: Date,
): Promise<boolean> {
  const row = await db
    .updateTable("staff")
    .set((eb) => ({
      totp_last_step: step,
      totp_enrolled_at: eb.fn.coalesce("totp_enrolled_at", sql<Date>`${now}::timestamptz`),
      failed_totp: 0,
    }))
    .where("id", "=", staffId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

export const recordFailedTotp = (db: Executor, staffId: string, max: number, lockedUntil: Date) =>
  recordFailure(db, "failed_totp", staffId, max, lockedUntil);

/** Forgets a staff member's second factor: the next sign-in enrols afresh. */
export async function clearTotp(db: Executor, staffId: string): Promise<boolean> {
  const row = await db
    .updateTable("staff")
    .set({ totp_secret: null, totp_enrolled_at: null, totp_last_step: null, failed_totp: 0 })
    .where("id", "=", staffId)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** A password the member chose; with `expiresAt`, a first one that must be replaced by then. */
export async function setPasswordHash(
  db: Executor,
  staffId: string,
  passwordHash: string,
  expiresAt: Date | null = null,
): Promise<void> {
  await db
    .updateTable("staff")
    .set({ password_hash: passwordHash, password_expires_at: expiresAt })
    .where("id", "=", staffId)
    .execute();
}

export async function anyStaff(db: Executor): Promise<boolean> {
  const row = await db.selectFrom("staff").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * The region whose supervisors see a staff member's own events (sign-ins, second factor): the widest
 * jurisdiction they hold, or else the region that keeps the account. Null for neither.
 */
export async function homeRegionOf(db: Executor, staffId: string): Promise<string | null> {
  const row = await db
    .selectFrom("staff_roles")
    .select("jurisdiction_code")
    .where("staff_id", "=", staffId)
    .orderBy(sql`length(jurisdiction_code)`)
    .orderBy("jurisdiction_code")
    .limit(1)
    .executeTakeFirst();
  if (row) return row.jurisdiction_code;
  const staff = await db
    .selectFrom("staff")
    .select("region_code")
    .where("id", "=", staffId)
    .executeTakeFirst();
  return staff?.region_code ?? null;
}

/** Active staff holding a role in a department, with jurisdiction over the region. */
export function staffHolding(
  db: Executor,
  task: { role: string; departmentId: string; regionCode: string },
  limit: number,
): Promise<{ id: string; display_name: string }[]> {
  return db
    .selectFrom("staff_roles as g")
    .innerJoin("staff as s", "s.id", "g.staff_id")
    .select(["s.id", "s.display_name"])
    .where("g.department_id", "=", task.departmentId)
    .where("g.role", "=", task.role as StaffRole)
    .where(sql<boolean>`${task.regionCode} like g.jurisdiction_code || '%'`)
    .where("s.disabled_at", "is", null)
    .orderBy("s.display_name")
    .limit(limit)
    .execute();
}

/** Active supervisors whose jurisdiction holds the region, nearest first. */
export function supervisorsOver(
  db: Executor,
  regionCode: string,
  limit: number,
): Promise<{ id: string; display_name: string; jurisdiction_code: string }[]> {
  return db
    .selectFrom("staff_roles as g")
    .innerJoin("staff as s", "s.id", "g.staff_id")
    .select(["s.id", "s.display_name", "g.jurisdiction_code"])
    .where("g.role", "=", "supervisor")
    .where(sql<boolean>`${regionCode} like g.jurisdiction_code || '%'`)
    .where("s.disabled_at", "is", null)
    .orderBy(sql`length(g.jurisdiction_code)`, "desc")
    .orderBy("s.id")
    .limit(limit)
    .execute();
}
