import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { seedOtherProvince, staffMember } from "../../../test/factories.ts";
import { isAppError } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { caseTestApp } from "../cases/testing.ts";
import { staffActor } from "../identity/service.ts";
import { someone } from "../mandates/testing.ts";
import * as appointments from "./appointments.ts";
import * as queue from "./queue.ts";
import { upsertCategory } from "./queue-store.ts";
import { ALL_DAY, minutes, type QueueWorld, queueWorld, WEDNESDAY_10 } from "./queue-testing.ts";
import { upsertSite } from "./sites-store.ts";

let t: TestApp;
let admin: Actor;
beforeAll(async () => {
  t = await caseTestApp();
  await queueWorld(t);
  const member = await staffMember(t.platform.database.db, "administrator", "330523");
  admin = (await staffActor(t.platform.database.db, member.username)) as Actor;
});
afterAll(() => t.close());

const db = () => t.platform.database.db;

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, status: error.status };
    throw error;
  }
  throw new Error("expected a refusal");
}

/** A slot of category A in `w` from `start` for 30 minutes. */
async function slot(w: QueueWorld, start: Date, capacity = 2) {
  const opened = await appointments.openSlot(db(), admin, w.code, {
    category: "A",
    startsAt: start,
    endsAt: minutes(start, 30),
    capacity,
  });
  return opened.slot.id;
}

/** A hall of 黄浦区, Shanghai (another province than the worlds' 安吉县), with category A and a slot from `start`. */
async function shanghaiHall(start: Date): Promise<{ code: string; slotId: string }> {
  const huangpu = await seedOtherProvince(db());
  const code = `huangpu-${start.getTime()}`;
  const site = await upsertSite(db(), {
    code,
    kind: "hall",
    region_code: huangpu.regionCode,
    department_id: huangpu.departmentId,
    name: "黄浦区政务服务中心",
    hours: JSON.stringify(ALL_DAY),
  });
  await upsertCategory(db(), { site_id: site.id, prefix: "A", name: "综合业务" });
  const member = await staffMember(db(), "administrator", huangpu.regionCode);
  const shanghaiAdmin = (await staffActor(db(), member.username)) as Actor;
  const opened = await appointments.openSlot(db(), shanghaiAdmin, code, {
    category: "A",
    startsAt: start,
    endsAt: minutes(start, 30),
    capacity: 2,
  });
  return { code, slotId: opened.slot.id };
}

const placesLeft = async (id: string) => {
  const row = await db()
    .selectFrom("appointment_slots")
    .select(["capacity", "booked"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row.capacity - row.booked;
};

describe("booking", () => {
  it("books, refuses a second live booking of the same slot, cancels and frees the place", async () => {
    const w = await queueWorld(t);
    const person = await someone(t);
    const id = await slot(w, minutes(new Date(), 24 * 60));
    const booked = await appointments.book(db(), person.actor, w.code, id);
    expect(booked).toMatchObject({ status: "booked", category: { prefix: "A" } });
    expect(booked.code).toMatch(new RegExp(appointments.CODE_PATTERN));
    expect(await placesLeft(id)).toBe(1);
    expect(await refusal(appointments.book(db(), person.actor, w.code, id))).toMatchObject({
      code: "appointment_already_booked",
      status: 409,
    });
    expect((await appointments.cancelAppointment(db(), person.actor, booked.id)).status).toBe("cancelled");
    expect(await placesLeft(id)).toBe(2);
    expect(await refusal(appointments.cancelAppointment(db(), person.actor, booked.id))).toMatchObject({
      code: "appointment_not_booked",
    });
    expect((await appointments.book(db(), person.actor, w.code, id)).status).toBe("booked");
  });

  it("gives the last place to exactly one of those racing for it", async () => {
    const w = await queueWorld(t);
    const id = await slot(w, minutes(new Date(), 24 * 60), 1);
    const people = await Promise.all([someone(t), someone(t), someone(t), someone(t)]);
    const outcomes = await Promise.allSettled(
      people.map((p) => appointments.book(db(), p.actor, w.code, id)),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.flatMap((o) =>
      o.status === "rejected" ? [(o.reason as { code: string }).code] : [],
    );
    expect(refused).toEqual(["appointment_slot_full", "appointment_slot_full", "appointment_slot_full"]);
    expect(await placesLeft(id)).toBe(0);
    const live = await db()
      .selectFrom("appointments")
      .select("id")
      .where("slot_id", "=", id)
      .where("status", "=", "booked")
      .execute();
    expect(live).toHaveLength(1);
  });

  it("changes to another slot atomically: a full one changes nothing", async () => {
    const w = await queueWorld(t);
    const tomorrow = minutes(new Date(), 24 * 60);
    const first = await slot(w, tomorrow);
    const full = await slot(w, minutes(tomorrow, 30), 1);
    const free = await slot(w, minutes(tomorrow, 60));
    const [person, other] = [await someone(t), await someone(t)];
    await appointments.book(db(), other.actor, w.code, full);
    const booked = await appointments.book(db(), person.actor, w.code, first);
    expect(await refusal(appointments.changeAppointment(db(), person.actor, booked.id, full))).toMatchObject({
      code: "appointment_slot_full",
    });
    expect(await placesLeft(first)).toBe(1);
    const moved = await appointments.changeAppointment(db(), person.actor, booked.id, free);
    expect(moved.slot.id).toBe(free);
    expect([await placesLeft(first), await placesLeft(free)]).toEqual([2, 1]);
    // Someone else's booking does not exist for them.
    expect((await refusal(appointments.changeAppointment(db(), other.actor, booked.id, first))).status).toBe(
      404,
    );
  });

  it("refuses a slot that has ended, an unknown slot (404) and a closed site", async () => {
    const w = await queueWorld(t);
    const person = await someone(t);
    const past = await slot(w, minutes(new Date(), -120));
    expect(await refusal(appointments.book(db(), person.actor, w.code, past))).toMatchObject({
      code: "appointment_slot_past",
    });
    expect(
      (await refusal(appointments.book(db(), person.actor, w.code, "00000000-0000-4000-8000-000000000000")))
        .status,
    ).toBe(404);
    const closed = await queueWorld(t, { open: false });
    expect(await refusal(appointments.book(db(), person.actor, closed.code, past))).toMatchObject({
      code: "queue_site_closed",
    });
  });
});

describe("in two provinces", () => {
  it("lists a person's bookings at halls of both, and moves and cancels each in its own", async () => {
    const w = await queueWorld(t);
    const person = await someone(t);
    const start = minutes(new Date(), 24 * 60);
    const shanghai = await shanghaiHall(minutes(start, 1));
    const here = await appointments.book(db(), person.actor, w.code, await slot(w, start));
    const there = await appointments.book(db(), person.actor, shanghai.code, shanghai.slotId);
    expect(there.id.slice(0, 2)).toBe("31");
    const mine = await appointments.myAppointments(db(), person.actor);
    expect(mine.map((a) => a.site.code).sort()).toEqual([w.code, shanghai.code].sort());
    const later = await slot(w, minutes(start, 60));
    expect((await appointments.changeAppointment(db(), person.actor, here.id, later)).slot.id).toBe(later);
    expect((await appointments.cancelAppointment(db(), person.actor, there.id)).status).toBe("cancelled");
    expect(await placesLeft(shanghai.slotId)).toBe(2);
  });
});

describe("checking in", () => {
  it("turns a booking into a priority ticket near its time, called before older tickets", async () => {
    const w = await queueWorld(t);
    const person = await someone(t);
    const start = minutes(WEDNESDAY_10, 60);
    const booked = await appointments.book(
      db(),
      person.actor,
      w.code,
      await slot(w, start),
      minutes(WEDNESDAY_10, -600),
    );
    const ordinary = await queue.takeTicket(
      db(),
      person.actor,
      w.code,
      { category: "A", channel: "kiosk" },
      WEDNESDAY_10,
    );
    // The day before, and 31 minutes early: refused, saying when check-in opens.
    for (const at of [minutes(start, -24 * 60), minutes(start, -31), minutes(start, 31)]) {
      expect(await refusal(appointments.checkIn(db(), w.code, booked.code, at))).toMatchObject({
        code: "appointment_check_in_closed",
        status: 409,
      });
    }
    const done = await appointments.checkIn(db(), w.code, booked.code.toLowerCase(), minutes(start, -20));
    expect(done.ticket).toMatchObject({
      number: "A002",
      priority: true,
      channel: "appointment",
      personId: person.id,
    });
    expect(done.appointment.status).toBe("checked_in");
    const called = await queue.callNext(db(), w.clerk.actor, w.code, "1", minutes(start, -10));
    expect(called.number).toBe(done.ticket.number);
    expect((await queue.callNext(db(), w.clerk.actor, w.code, "1", minutes(start, -5))).number).toBe(
      ordinary.number,
    );
    expect(await refusal(appointments.checkIn(db(), w.code, booked.code, minutes(start, -1)))).toMatchObject({
      code: "appointment_not_booked",
    });
  });

  it("refuses another site's booking and answers 404 for an unknown code", async () => {
    const w = await queueWorld(t);
    const elsewhere = await queueWorld(t);
    const person = await someone(t);
    const start = minutes(new Date(), 10);
    const booked = await appointments.book(db(), person.actor, w.code, await slot(w, start));
    expect(await refusal(appointments.checkIn(db(), elsewhere.code, booked.code, start))).toMatchObject({
      code: "appointment_other_site",
    });
    expect((await refusal(appointments.checkIn(db(), w.code, "ZZZZZZZZ", start))).status).toBe(404);
    const shanghai = await shanghaiHall(minutes(start, 60));
    expect(await refusal(appointments.checkIn(db(), shanghai.code, booked.code, start))).toMatchObject({
      code: "appointment_other_site",
    });
    expect((await refusal(appointments.checkIn(db(), w.code, "not a code", start))).status).toBe(404);
  });
});
