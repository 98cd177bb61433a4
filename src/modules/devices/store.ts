import type { Insertable } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { inProvince, provinceOfId } from "../../platform/db/distribution.ts";
import type { HallDeviceRow, HallDeviceTable, LockerAssignmentRow, LockerAssignmentTable } from "./tables.ts";

/**
 * All SQL of devices and lockers. Both live in their site's province: a function on a site's or a row's
 * rows takes that province after the executor; a device's id from a topic or a form names its own.
 */

export async function insertDevice(db: Executor, row: Insertable<HallDeviceTable>): Promise<HallDeviceRow> {
  return db.insertInto("hall_devices").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function setSecretHash(db: Executor, province: string, id: string, hash: string): Promise<void> {
  await db
    .updateTable("hall_devices")
    .set({ secret_hash: hash })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .execute();
}

/** A device by its id: the id names its province, unless it was made before ids did. */
export async function findDevice(db: Executor, id: string): Promise<HallDeviceRow | undefined> {
  return db
    .selectFrom("hall_devices")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
}

export async function findDeviceByName(
  db: Executor,
  province: string,
  siteId: string,
  name: string,
): Promise<HallDeviceRow | undefined> {
  return db
    .selectFrom("hall_devices")
    .selectAll()
    .where("province_code", "=", province)
    .where("site_id", "=", siteId)
    .where("name", "=", name)
    .executeTakeFirst();
}

export async function devicesOf(db: Executor, province: string, siteId: string): Promise<HallDeviceRow[]> {
  return db
    .selectFrom("hall_devices")
    .selectAll()
    .where("province_code", "=", province)
    .where("site_id", "=", siteId)
    .orderBy("kind")
    .orderBy("name")
    .execute();
}

/**
 * Takes a signed message's timestamp if it is newer than every one before: false for a replay. One
 * statement, so two servers hearing the same message agree which of them took it.
 */
export async function advance(
  db: Executor,
  province: string,
  id: string,
  ts: number,
  at: Date,
): Promise<boolean> {
  const taken = await db
    .updateTable("hall_devices")
    .set({ last_ts: ts, last_seen_at: at })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .where("last_ts", "<", String(ts))
    .returning("id")
    .executeTakeFirst();
  return taken !== undefined;
}

export async function markOffline(db: Executor, province: string, id: string, at: Date): Promise<void> {
  await db
    .updateTable("hall_devices")
    .set({ offline_at: at })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .execute();
}

export async function countRejected(db: Executor, province: string, id: string): Promise<void> {
  await db
    .updateTable("hall_devices")
    .set((eb) => ({ rejected_messages: eb("rejected_messages", "+", 1) }))
    .where("province_code", "=", province)
    .where("id", "=", id)
    .execute();
}

export async function insertAssignment(
  db: Executor,
  row: Insertable<LockerAssignmentTable>,
): Promise<LockerAssignmentRow> {
  return db.insertInto("locker_assignments").values(row).returningAll().executeTakeFirstOrThrow();
}

/** The item waiting in a compartment, locked for the pick-up that may take it. */
export async function lockWaiting(
  db: Executor,
  province: string,
  deviceId: string,
  compartment: number,
): Promise<LockerAssignmentRow | undefined> {
  return db
    .selectFrom("locker_assignments")
    .selectAll()
    .where("province_code", "=", province)
    .where("device_id", "=", deviceId)
    .where("compartment", "=", compartment)
    .where("status", "=", "waiting")
    .forUpdate()
    .executeTakeFirst();
}

export async function waitingIn(
  db: Executor,
  province: string,
  siteId: string,
): Promise<LockerAssignmentRow[]> {
  return db
    .selectFrom("locker_assignments")
    .selectAll()
    .where("province_code", "=", province)
    .where("site_id", "=", siteId)
    .where("status", "=", "waiting")
    .orderBy("device_id")
    .orderBy("compartment")
    .execute();
}

/**
 * The item of a case waiting in a locker of the provinces given: a case is put in a locker of its
 * site's province, which is its own unless a hall took it in for another province's handling.
 */
export async function waitingForCase(
  db: Executor,
  provinces: string[],
  caseId: string,
): Promise<LockerAssignmentRow | undefined> {
  return db
    .selectFrom("locker_assignments")
    .selectAll()
    .where("province_code", "in", provinces)
    .where("case_id", "=", caseId)
    .where("status", "=", "waiting")
    .executeTakeFirst();
}

export async function countFailure(db: Executor, province: string, id: string): Promise<number> {
  const row = await db
    .updateTable("locker_assignments")
    .set((eb) => ({ failed_attempts: eb("failed_attempts", "+", 1) }))
    .where("province_code", "=", province)
    .where("id", "=", id)
    .returning("failed_attempts")
    .executeTakeFirstOrThrow();
  return row.failed_attempts;
}

export async function markPickedUp(db: Executor, province: string, id: string, at: Date): Promise<void> {
  await db
    .updateTable("locker_assignments")
    .set({ status: "picked_up", picked_up_at: at })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .execute();
}

/** An item by its id: the id names its province, unless it was made before ids did. */
export async function findAssignment(db: Executor, id: string): Promise<LockerAssignmentRow | undefined> {
  return db
    .selectFrom("locker_assignments")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
}
