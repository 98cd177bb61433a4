import { randomInt } from "node:crypto";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { noteParty, partyProvinces } from "../applicants/party-provinces-store.ts";
import * as store from "./appointments-store.ts";
import {
  type Category,
  getCategory,
  issueTicket,
  listCategories,
  presentCategory,
  presentTicket,
  signalWaiting,
  type Ticket,
} from "./queue.ts";
import { queueErrors } from "./queue-errors.ts";
import { chinaMinute } from "./queue-hours.ts";
import * as queueStore from "./queue-store.ts";
import type {
  AppointmentRow,
  AppointmentSlotRow,
  AppointmentStatus,
  QueueCategoryRow,
} from "./queue-tables.ts";
import { getSite, getSiteById, type Site } from "./sites.ts";

/**
 * Check-ins by code from one address a minute, at the kiosk or through the API: a code is 40 bits, and
 * whoever walks the codes of the day learns when others come and can check them in. A hall's kiosk and
 * the phones on its Wi-Fi share one address, so the limit leaves room for a morning's queue.
 */
export const CHECK_IN_LIMIT = { max: 20, timeWindow: 60_000 };
/** Check-in opens this long before the slot starts (people come early) and closes when it ends. */
export const CHECK_IN_EARLY_MS = 30 * 60_000;
/** Letters and digits that cannot be mistaken for one another when read aloud or typed at a kiosk. */
const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_LENGTH = 8;
export const CODE_PATTERN = `^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Slot {
  id: string;
  categoryId: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  booked: number;
}

export interface Appointment {
  id: string;
  code: string;
  status: AppointmentStatus;
  site: { code: string; name: string; nameEn: string };
  slot: Slot;
  category: { prefix: string; name: string; nameEn: string };
  ticketId: string | null;
  createdAt: Date;
}

function presentSlot(row: AppointmentSlotRow): Slot {
  return {
    id: row.id,
    categoryId: row.category_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    booked: row.booked,
  };
}

function newCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

/** Bookings with their slot, site and category, for their person's eyes. */
async function present(db: Executor, rows: AppointmentRow[]): Promise<Appointment[]> {
  const provinces = [...new Set(rows.map((r) => r.province_code))];
  const slotIds = [...new Set(rows.map((r) => r.slot_id))];
  const slots = new Map((await store.slotsByIds(db, provinces, slotIds)).map((s) => [s.id, s]));
  const sites = new Map<string, Site>();
  const categories = new Map<string, Category>();
  for (const siteId of new Set(rows.map((r) => r.site_id))) {
    const site = await getSiteById(db, siteId);
    sites.set(siteId, site);
    for (const c of await listCategories(db, siteId)) categories.set(c.id, c);
  }
  return rows.map((row) => {
    const slot = slots.get(row.slot_id) as AppointmentSlotRow;
    const site = sites.get(row.site_id) as Site;
    const category = categories.get(slot.category_id) as Category;
    return {
      id: row.id,
      code: row.code,
      status: row.status,
      site: { code: site.code, name: site.name, nameEn: site.nameEn },
      slot: presentSlot(slot),
      category: { prefix: category.prefix, name: category.name, nameEn: category.nameEn },
      ticketId: row.ticket_id,
      createdAt: row.created_at,
    };
  });
}

/** Opens a slot of a category (administrators over the site's region). An existing start is kept. */
export async function openSlot(
  db: Executor,
  actor: Actor,
  siteCode: string,
  input: { category: string; startsAt: Date; endsAt: Date; capacity: number },
): Promise<{ slot: Slot; created: boolean }> {
  const site = await getSite(db, siteCode);
  authorize(actor, "site.manage", { regionCode: site.regionCode });
  const category = await getCategory(db, site, input.category);
  if (!(input.endsAt > input.startsAt)) {
    throw errors.validation([{ field: "/endsAt", message: "The slot must end after it starts" }]);
  }
  const province = provinceOf(site.regionCode);
  const row = await store.insertSlot(db, {
    province_code: province,
    id: provinceId(province),
    site_id: site.id,
    category_id: category.id,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    capacity: input.capacity,
  });
  if (row) return { slot: presentSlot(row), created: true };
  const slots = await store.listSlots(db, province, site.id, input.startsAt, input.endsAt);
  const existing = slots.find(
    (s) => s.category_id === category.id && s.starts_at.getTime() === input.startsAt.getTime(),
  );
  return { slot: presentSlot(existing as AppointmentSlotRow), created: false };
}

/** A site's slots from `from` for `days` days, each with its places left. Public. */
export async function listSlots(
  db: Executor,
  siteCode: string,
  from: Date,
  days: number,
): Promise<{ site: Site; categories: Category[]; slots: Slot[] }> {
  const site = await getSite(db, siteCode);
  const to = new Date(from.getTime() + days * 86_400_000);
  const [categories, rows] = await Promise.all([
    listCategories(db, site.id),
    store.listSlots(db, provinceOf(site.regionCode), site.id, from, to),
  ]);
  return { site, categories, slots: rows.map(presentSlot) };
}

async function slotOfSite(db: Executor, site: Site, slotId: string): Promise<AppointmentSlotRow> {
  const slot = UUID.test(slotId) ? await store.findSlot(db, provinceOf(site.regionCode), slotId) : undefined;
  if (!slot || slot.site_id !== site.id) throw queueErrors.slotNotFound();
  return slot;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "23505";

/**
 * Books a place for the signed-in person: one live booking per person and slot, and the last place to
 * exactly one of those racing for it.
 */
export async function book(
  db: Db,
  actor: Actor,
  siteCode: string,
  slotId: string,
  at = new Date(),
): Promise<Appointment> {
  authorize(actor, "appointment.book");
  const personId = (actor as { id: string }).id;
  const site = await getSite(db, siteCode);
  if (!site.open) throw queueErrors.siteClosed();
  const slot = await slotOfSite(db, site, slotId);
  if (slot.ends_at <= at) throw queueErrors.slotPast();
  if (await store.liveBooking(db, slot.province_code, slot.id, personId)) throw queueErrors.alreadyBooked();
  try {
    const row = await db.transaction().execute(async (tx) => {
      if (!(await store.takePlace(tx, slot.province_code, slot.id))) throw queueErrors.slotFull();
      await noteParty(tx, { kind: "person", id: personId }, slot.province_code);
      return store.insertAppointment(tx, {
        province_code: slot.province_code,
        id: provinceId(slot.province_code),
        slot_id: slot.id,
        site_id: site.id,
        region_code: site.regionCode,
        person_id: personId,
        code: newCode(),
        status: "booked",
      });
    });
    return (await present(db, [row]))[0] as Appointment;
  } catch (error) {
    // The same person booking twice at once: the database's one-live-booking rule stopped the second.
    if (isUniqueViolation(error)) throw queueErrors.alreadyBooked();
    throw error;
  }
}

export async function myAppointments(db: Executor, actor: Actor): Promise<Appointment[]> {
  authorize(actor, "appointment.book");
  const personId = (actor as { id: string }).id;
  const provinces = await partyProvinces(db, { kind: "person", id: personId });
  return present(db, await store.listOfPerson(db, provinces, personId, 100));
}

/** A booking its person (or whoever may manage it) asks for by id. */
async function ownAppointment(db: Executor, actor: Actor, id: string): Promise<AppointmentRow> {
  const row = UUID.test(id) ? await store.findAppointment(db, id) : undefined;
  if (!row) throw queueErrors.appointmentNotFound();
  authorize(actor, "appointment.manage", { personId: row.person_id });
  return row;
}

export async function getAppointment(db: Executor, actor: Actor, id: string): Promise<Appointment> {
  return (await present(db, [await ownAppointment(db, actor, id)]))[0] as Appointment;
}

/**
 * Moves a booking to another slot of the same site, atomically: the new place is taken and the old
 * one given back in one transaction, or nothing changes.
 */
export async function changeAppointment(
  db: Db,
  actor: Actor,
  id: string,
  slotId: string,
  at = new Date(),
): Promise<Appointment> {
  const own = await ownAppointment(db, actor, id);
  const current = (await present(db, [own]))[0] as Appointment;
  const site = await getSite(db, current.site.code);
  const slot = await slotOfSite(db, site, slotId);
  if (slot.id === current.slot.id) return current;
  if (slot.ends_at <= at) throw queueErrors.slotPast();
  const province = own.province_code;
  try {
    const row = await db.transaction().execute(async (tx) => {
      const locked = await store.lockAppointment(tx, province, id);
      if (locked?.status !== "booked") throw queueErrors.notBooked(locked?.status ?? "gone");
      if (!(await store.takePlace(tx, province, slot.id))) throw queueErrors.slotFull();
      await store.releasePlace(tx, province, locked.slot_id);
      return store.updateAppointment(tx, province, id, { slot_id: slot.id });
    });
    return (await present(db, [row]))[0] as Appointment;
  } catch (error) {
    if (isUniqueViolation(error)) throw queueErrors.alreadyBooked();
    throw error;
  }
}

/** Cancels a booking and gives its place back. */
export async function cancelAppointment(db: Db, actor: Actor, id: string): Promise<Appointment> {
  const province = (await ownAppointment(db, actor, id)).province_code;
  const row = await db.transaction().execute(async (tx) => {
    const locked = await store.lockAppointment(tx, province, id);
    if (locked?.status !== "booked") throw queueErrors.notBooked(locked?.status ?? "gone");
    await store.releasePlace(tx, province, locked.slot_id);
    return store.updateAppointment(tx, province, id, { status: "cancelled" });
  });
  return (await present(db, [row]))[0] as Appointment;
}

/**
 * Checks a booking in at the kiosk or a window by its code: it becomes a ticket of its category that is
 * called before ordinary ones. Only at its own site, and only from 30 minutes before its start to its
 * end: another day's booking is refused, saying when check-in opens. The code is the permission.
 */
export async function checkIn(
  db: Db,
  siteCode: string,
  code: string,
  at = new Date(),
): Promise<{ ticket: Ticket; appointment: Appointment }> {
  const site = await getSite(db, siteCode);
  const normalised = code.trim().toUpperCase();
  if (!new RegExp(CODE_PATTERN).test(normalised)) throw queueErrors.appointmentNotFound();
  const province = provinceOf(site.regionCode);
  const row = await db.transaction().execute(async (tx) => {
    const booking = await store.lockAppointmentByCode(tx, province, normalised);
    if (!booking) {
      throw (await store.isBookedCode(tx, normalised))
        ? queueErrors.otherSite()
        : queueErrors.appointmentNotFound();
    }
    if (booking.site_id !== site.id) throw queueErrors.otherSite();
    if (booking.status !== "booked") throw queueErrors.notBooked(booking.status);
    const slot = (await store.findSlot(tx, province, booking.slot_id)) as AppointmentSlotRow;
    const opens = new Date(slot.starts_at.getTime() - CHECK_IN_EARLY_MS);
    if (at < opens || at > slot.ends_at) {
      throw queueErrors.checkInClosed(chinaMinute(opens), chinaMinute(slot.ends_at));
    }
    const category = await queueStore.findCategoryById(tx, slot.category_id);
    const ticket = await issueTicket(
      tx,
      site,
      presentCategory(category as QueueCategoryRow),
      { channel: "appointment", personId: booking.person_id, appointmentId: booking.id, priority: true },
      at,
    );
    const updated = await store.updateAppointment(tx, province, booking.id, {
      status: "checked_in",
      ticket_id: ticket.id,
    });
    return { ticket, updated };
  });
  await signalWaiting(db, site, at);
  const [appointment] = await present(db, [row.updated]);
  return { ticket: presentTicket(row.ticket, []), appointment: appointment as Appointment };
}
