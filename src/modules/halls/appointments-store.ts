import type { Insertable, Updateable } from "kysely";
import { sql } from "kysely";
import type { Executor, Tx } from "../../platform/db/database.ts";
import { allProvinces, inProvince, provinceOfId } from "../../platform/db/distribution.ts";
import type {
  AppointmentRow,
  AppointmentSlotRow,
  AppointmentSlotTable,
  AppointmentTable,
} from "./queue-tables.ts";

/**
 * All SQL of appointment slots and bookings. Slots and bookings live in their site's province: a
 * function that works on a site's or a row's rows takes that province after the executor.
 */

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

export async function findSlot(
  db: Executor,
  province: string,
  id: string,
): Promise<AppointmentSlotRow | undefined> {
  return db
    .selectFrom("appointment_slots")
    .selectAll()
    .where("province_code", "=", province)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A site's slots that end after `from` and start before `to`, by time then category. */
export async function listSlots(
  db: Executor,
  province: string,
  siteId: string,
  from: Date,
  to: Date,
): Promise<AppointmentSlotRow[]> {
  return db
    .selectFrom("appointment_slots")
    .selectAll()
    .where("province_code", "=", province)
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
export async function takePlace(tx: Tx, province: string, slotId: string): Promise<boolean> {
  const result = await tx
    .updateTable("appointment_slots")
    .set({ booked: sql`booked + 1` })
    .where("province_code", "=", province)
    .where("id", "=", slotId)
    .where(sql<boolean>`booked < capacity`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releasePlace(tx: Tx, province: string, slotId: string): Promise<void> {
  await tx
    .updateTable("appointment_slots")
    .set({ booked: sql`booked - 1` })
    .where("province_code", "=", province)
    .where("id", "=", slotId)
    .where("booked", ">", 0)
    .execute();
}

export async function insertAppointment(tx: Tx, row: Insertable<AppointmentTable>): Promise<AppointmentRow> {
  return tx.insertInto("appointments").values(row).returningAll().executeTakeFirstOrThrow();
}

/** A booking by the id in a link: the id names its province, unless it was made before ids did. */
export async function findAppointment(db: Executor, id: string): Promise<AppointmentRow | undefined> {
  return db
    .selectFrom("appointments")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
}

export async function lockAppointment(
  tx: Tx,
  province: string,
  id: string,
): Promise<AppointmentRow | undefined> {
  return tx
    .selectFrom("appointments")
    .selectAll()
    .where("province_code", "=", province)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/** A booking by the code typed at a site: looked for in the site's province. */
export async function lockAppointmentByCode(
  tx: Tx,
  province: string,
  code: string,
): Promise<AppointmentRow | undefined> {
  return tx
    .selectFrom("appointments")
    .selectAll()
    .where("province_code", "=", province)
    .where("code", "=", code)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Whether a code not found in the site's province was booked anywhere. A code names no province: its
 * eight characters are all the permission a kiosk asks for, and two of them spent on a province would
 * leave 30 random bits of 40. Telling another province's booking from a mistyped code is worth asking
 * every province, which only a check-in about to be refused does.
 */
export async function isBookedCode(db: Executor, code: string): Promise<boolean> {
  const row = await db
    .selectFrom("appointments")
    .select("id")
    .modifyFront(allProvinces("an appointment code names no province"))
    .where("code", "=", code)
    .executeTakeFirst();
  return row !== undefined;
}

/** A person's live (not cancelled) booking of a slot. */
export async function liveBooking(
  db: Executor,
  province: string,
  slotId: string,
  personId: string,
): Promise<AppointmentRow | undefined> {
  return db
    .selectFrom("appointments")
    .selectAll()
    .where("province_code", "=", province)
    .where("slot_id", "=", slotId)
    .where("person_id", "=", personId)
    .where("status", "<>", "cancelled")
    .executeTakeFirst();
}

/** A person's bookings in the provinces where they have any (`party_provinces`), newest first. */
export async function listOfPerson(
  db: Executor,
  provinces: string[],
  personId: string,
  limit: number,
): Promise<AppointmentRow[]> {
  if (provinces.length === 0) return [];
  return db
    .selectFrom("appointments")
    .selectAll()
    .where("province_code", "in", provinces)
    .where("person_id", "=", personId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

export async function updateAppointment(
  tx: Tx,
  province: string,
  id: string,
  changes: Updateable<AppointmentTable>,
): Promise<AppointmentRow> {
  return tx
    .updateTable("appointments")
    .set({ ...changes, updated_at: new Date() })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Slots by id, in the provinces of the bookings that name them (a booking's slot is in its province). */
export async function slotsByIds(
  db: Executor,
  provinces: string[],
  ids: string[],
): Promise<AppointmentSlotRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("appointment_slots")
    .selectAll()
    .where("province_code", "in", provinces)
    .where("id", "in", ids)
    .execute();
}
