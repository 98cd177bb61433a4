import type { Insertable, Updateable } from "kysely";
import { sql } from "kysely";
import type { Executor, Tx } from "../../platform/db/database.ts";
import type {
  AppointmentRow,
  AppointmentSlotRow,
  AppointmentSlotTable,
  AppointmentTable,
} from "./queue-tables.ts";

/** All SQL of appointment slots and bookings. */

export async function insertSlot(
  db: Executor,
  row: Insertable<AppointmentSlotTable>,
): Promise<AppointmentSlotRow | undefined> {
  return db
    .insertInto("appointment_slots")
    .values(row)
    .onConflict((oc) => oc.columns(["province_code", "category_id", "starts_at"]).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findSlot(db: Executor, id: string): Promise<AppointmentSlotRow | undefined> {
  return db.selectFrom("appointment_slots").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A site's slots that end after `from` and start before `to`, by time then category. */
export async function listSlots(
  db: Executor,
  siteId: string,
  from: Date,
  to: Date,
): Promise<AppointmentSlotRow[]> {
  return db
    .selectFrom("appointment_slots")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("ends_at", ">", from)
    .where("starts_at", "<", to)
    .orderBy("starts_at")
    .orderBy("category_id")
    .limit(500)
    .execute();
}

/**
 * Takes one place if one is left, in one statement: under concurrency the row lock makes the second
 * booker re-read `booked`, so the last place goes to exactly one of them.
 */
export async function takePlace(tx: Tx, slotId: string): Promise<boolean> {
  const result = await tx
    .updateTable("appointment_slots")
    .set({ booked: sql`booked + 1` })
    .where("id", "=", slotId)
    .where(sql<boolean>`booked < capacity`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releasePlace(tx: Tx, slotId: string): Promise<void> {
  await tx
    .updateTable("appointment_slots")
    .set({ booked: sql`booked - 1` })
    .where("id", "=", slotId)
    .where("booked", ">", 0)
    .execute();
}

export async function insertAppointment(tx: Tx, row: Insertable<AppointmentTable>): Promise<AppointmentRow> {
  return tx.insertInto("appointments").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findAppointment(db: Executor, id: string): Promise<AppointmentRow | undefined> {
  return db.selectFrom("appointments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function lockAppointment(tx: Tx, id: string): Promise<AppointmentRow | undefined> {
  return tx.selectFrom("appointments").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function lockAppointmentByCode(tx: Tx, code: string): Promise<AppointmentRow | undefined> {
  return tx.selectFrom("appointments").selectAll().where("code", "=", code).forUpdate().executeTakeFirst();
}

/** A person's live (not cancelled) booking of a slot. */
export async function liveBooking(
  db: Executor,
  slotId: string,
  personId: string,
): Promise<AppointmentRow | undefined> {
  return db
    .selectFrom("appointments")
    .selectAll()
    .where("slot_id", "=", slotId)
    .where("person_id", "=", personId)
    .where("status", "<>", "cancelled")
    .executeTakeFirst();
}

export async function listOfPerson(db: Executor, personId: string, limit: number): Promise<AppointmentRow[]> {
  return db
    .selectFrom("appointments")
    .selectAll()
    .where("person_id", "=", personId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

export async function updateAppointment(
  tx: Tx,
  id: string,
  changes: Updateable<AppointmentTable>,
): Promise<AppointmentRow> {
  return tx
    .updateTable("appointments")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function slotsByIds(db: Executor, ids: string[]): Promise<AppointmentSlotRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("appointment_slots").selectAll().where("id", "in", ids).execute();
}
