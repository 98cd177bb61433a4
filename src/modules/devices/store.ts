import type { Insertable } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { HallDeviceRow, HallDeviceTable, LockerAssignmentRow, LockerAssignmentTable } from "./tables.ts";

export async function insertDevice(db: Executor, row: Insertable<HallDeviceTable>): Promise<HallDeviceRow> {
  return db.insertInto("hall_devices").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function setSecretHash(db: Executor, id: string, hash: string): Promise<void> {
  await db.updateTable("hall_devices").set({ secret_hash: hash }).where("id", "=", id).execute();
}

export async function findDevice(db: Executor, id: string): Promise<HallDeviceRow | undefined> {
  return db.selectFrom("hall_devices").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findDeviceByName(
  db: Executor,
  siteId: string,
  name: string,
): Promise<HallDeviceRow | undefined> {
  return db
    .selectFrom("hall_devices")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("name", "=", name)
    .executeTakeFirst();
}

export async function devicesOf(db: Executor, siteId: string): Promise<HallDeviceRow[]> {
  return db
    .selectFrom("hall_devices")
    .selectAll()
    .where("site_id", "=", siteId)
    .orderBy("kind")
    .orderBy("name")
    .execute();
}

/**
 * Takes a signed message's timestamp if it is newer than every one before: false for a replay. One
 * statement, so two servers hearing the same message agree which of them took it.
 */
export async function advance(db: Executor, id: string, ts: number, at: Date): Promise<boolean> {
  const taken = await db
    .updateTable("hall_devices")
    .set({ last_ts: ts, last_seen_at: at })
    .where("id", "=", id)
    .where("last_ts", "<", String(ts))
    .returning("id")
    .executeTakeFirst();
  return taken !== undefined;
}

export async function markOffline(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable("hall_devices").set({ offline_at: at }).where("id", "=", id).execute();
}

export async function countRejected(db: Executor, id: string): Promise<void> {
  await db
    .updateTable("hall_devices")
    .set((eb) => ({ rejected_messages: eb("rejected_messages", "+", 1) }))
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
  deviceId: string,
  compartment: number,
): Promise<LockerAssignmentRow | undefined> {
  return db
    .selectFrom("locker_assignments")
    .selectAll()
    .where("device_id", "=", deviceId)
    .where("compartment", "=", compartment)
    .where("status", "=", "waiting")
    .forUpdate()
    .executeTakeFirst();
}

export async function waitingIn(db: Executor, siteId: string): Promise<LockerAssignmentRow[]> {
  return db
    .selectFrom("locker_assignments")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("status", "=", "waiting")
    .orderBy("device_id")
    .orderBy("compartment")
    .execute();
}

export async function waitingForCase(db: Executor, caseId: string): Promise<LockerAssignmentRow | undefined> {
  return db
    .selectFrom("locker_assignments")
    .selectAll()
    .where("case_id", "=", caseId)
    .where("status", "=", "waiting")
    .executeTakeFirst();
}

export async function countFailure(db: Executor, id: string): Promise<number> {
  const row = await db
    .updateTable("locker_assignments")
    .set((eb) => ({ failed_attempts: eb("failed_attempts", "+", 1) }))
    .where("id", "=", id)
    .returning("failed_attempts")
    .executeTakeFirstOrThrow();
  return row.failed_attempts;
}

export async function markPickedUp(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .updateTable("locker_assignments")
    .set({ status: "picked_up", picked_up_at: at })
    .where("id", "=", id)
    .execute();
}

export async function findAssignment(db: Executor, id: string): Promise<LockerAssignmentRow | undefined> {
  return db.selectFrom("locker_assignments").selectAll().where("id", "=", id).executeTakeFirst();
}
