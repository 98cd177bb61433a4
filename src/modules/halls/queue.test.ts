import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { isAppError } from "../../platform/errors.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { caseTestApp } from "../cases/testing.ts";
import { someone } from "../mandates/testing.ts";
import * as queue from "./queue.ts";
import { upsertCategory } from "./queue-store.ts";
import { clerkOf, minutes, type QueueWorld, queueWorld, USUAL_HOURS, WEDNESDAY_10 } from "./queue-testing.ts";
import { type HallSignal, onHallSignal } from "./signals.ts";
import { upsertWindow } from "./sites-store.ts";

let t: TestApp;
beforeAll(async () => {
  t = await caseTestApp();
});
afterAll(() => t.close());

const db = () => t.platform.database.db;

/** The error code a promise is refused with. */
async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; status: number; params: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, status: error.status, params: error.extra.params };
    throw error;
  }
  throw new Error("expected a refusal");
}

const take = (w: QueueWorld, category: string, at: Date) =>
  queue.takeTicket(db(), ANONYMOUS, w.code, { category, channel: "kiosk" }, at);

describe("taking tickets", () => {
  it("numbers each category's tickets by day: A001, A002, B001, and A001 again the next day", async () => {
    const w = await queueWorld(t);
    const numbers = [
      (await take(w, "A", WEDNESDAY_10)).number,
      (await take(w, "A", minutes(WEDNESDAY_10, 1))).number,
      (await take(w, "B", minutes(WEDNESDAY_10, 2))).number,
      (await take(w, "A", minutes(WEDNESDAY_10, 24 * 60))).number,
    ];
    expect(numbers).toEqual(["A001", "A002", "B001", "A001"]);
  });

  it("ties a signed-in person's ticket to them; an anonymous one to nobody", async () => {
    const w = await queueWorld(t);
    const person = await someone(t);
    const mine = await queue.takeTicket(db(), person.actor, w.code, { category: "A", channel: "phone" });
    expect(mine.personId).toBe(person.id);
    expect((await take(w, "A", new Date())).personId).toBeNull();
    const followed = await queue.followTicket(db(), w.code, mine.followToken);
    expect(followed.ticket.number).toBe(mine.number);
    expect(followed.ahead).toBe(0);
  });

  it("refuses a closed hall with the reason and the next opening", async () => {
    const usual = await queueWorld(t, { hours: USUAL_HOURS });
    const at = (clock: string, day = "2026-07-08") => new Date(`${day}T${clock}:00+08:00`);
    expect(await refusal(take(usual, "A", at("07:00")))).toMatchObject({
      code: "queue_site_outside_hours",
      status: 409,
      params: { next: "2026-07-08 08:30" },
    });
    expect(await refusal(take(usual, "A", at("12:30")))).toMatchObject({
      params: { next: "2026-07-08 13:30" },
    });
    expect(await refusal(take(usual, "A", at("17:30")))).toMatchObject({
      params: { next: "2026-07-09 08:30" },
    });
    // Saturday 11 July 2026: a rest day, and the usual hours keep none; Monday opens.
    expect(await refusal(take(usual, "A", at("10:00", "2026-07-11")))).toMatchObject({
      code: "queue_site_rest_day",
      params: { next: "2026-07-13 08:30" },
    });
    // National Day 2026: 1–7 October are off; the 8th is a working day again.
    expect(await refusal(take(usual, "A", at("10:00", "2026-10-02")))).toMatchObject({
      code: "queue_site_rest_day",
      params: { next: "2026-10-08 08:30" },
    });
    expect((await take(usual, "A", at("08:30"))).number).toBe("A001");
    const closed = await queueWorld(t, { open: false });
    expect(await refusal(take(closed, "A", WEDNESDAY_10))).toMatchObject({ code: "queue_site_closed" });
  });

  it("answers 404 for an unknown site, category or ticket link", async () => {
    const w = await queueWorld(t);
    expect((await refusal(take({ ...w, code: "no-such-hall" }, "A", WEDNESDAY_10))).status).toBe(404);
    expect((await refusal(take(w, "Z", WEDNESDAY_10))).status).toBe(404);
    expect((await refusal(queue.followTicket(db(), w.code, "x".repeat(16)))).status).toBe(404);
  });
});

describe("calling", () => {
  it("calls the oldest ticket a window serves: a department window only its departments' categories", async () => {
    const w = await queueWorld(t);
    const a1 = await take(w, "A", WEDNESDAY_10);
    const b1 = await take(w, "B", minutes(WEDNESDAY_10, 1));
    const a2 = await take(w, "A", minutes(WEDNESDAY_10, 2));
    const police = await queue.callNext(db(), w.clerk.actor, w.code, "5", minutes(WEDNESDAY_10, 3));
    expect(police).toMatchObject({ number: b1.number, status: "called", window: "5", callCount: 1 });
    expect(await refusal(queue.callNext(db(), w.clerk.actor, w.code, "5"))).toMatchObject({
      code: "queue_empty",
      status: 409,
    });
    expect((await queue.callNext(db(), w.clerk.actor, w.code, "1", minutes(WEDNESDAY_10, 4))).number).toBe(
      a1.number,
    );
    // Calling the next finishes the ticket the window was serving.
    expect((await queue.callNext(db(), w.clerk.actor, w.code, "1", minutes(WEDNESDAY_10, 5))).number).toBe(
      a2.number,
    );
    const first = await queue.followTicket(db(), w.code, a1.followToken);
    expect(first.ticket.status).toBe("done");
    expect(await refusal(queue.callNext(db(), w.clerk.actor, w.code, "1"))).toMatchObject({
      code: "queue_empty",
    });
  });

  it("calls today's tickets only: one left waiting when the hall closed is not called the next day", async () => {
    const w = await queueWorld(t);
    const yesterday = await take(w, "A", WEDNESDAY_10);
    const nextDay = minutes(WEDNESDAY_10, 24 * 60);
    expect(await refusal(queue.callNext(db(), w.clerk.actor, w.code, "1", nextDay))).toMatchObject({
      code: "queue_empty",
    });
    const today = await take(w, "A", minutes(nextDay, 1));
    // Both are A001: numbers start again each day, so calling yesterday's would call the wrong person.
    expect(today.number).toBe(yesterday.number);
    const called = await queue.callNext(db(), w.clerk.actor, w.code, "1", minutes(nextDay, 2));
    expect(called.id).toBe(today.id);
    const board = await queue.boardOf(db(), w.code, minutes(nextDay, 3));
    expect(board.categories.find((c) => c.prefix === "A")?.waiting).toBe(0);
    expect((await queue.followTicket(db(), w.code, yesterday.followToken)).ticket.status).toBe("waiting");
  });

  it("remembers a site's windows and categories between calls, but never refuses from memory", async () => {
    const w = await queueWorld(t);
    await take(w, "A", WEDNESDAY_10);
    await queue.callNext(db(), w.clerk.actor, w.code, "1", minutes(WEDNESDAY_10, 1));
    // A window, then a category, made after the desk was remembered, behind the service's back.
    await upsertWindow(db(), { site_id: w.siteId, label: "19", kind: "comprehensive" });
    const second = await take(w, "A", minutes(WEDNESDAY_10, 2));
    const atNew = await queue.callNext(db(), w.clerk.actor, w.code, "19", minutes(WEDNESDAY_10, 3));
    expect(atNew).toMatchObject({ number: second.number, window: "19" });
    await upsertCategory(db(), {
      site_id: w.siteId,
      prefix: "C",
      name: "出入境",
      department_ids: [w.police],
    });
    const passport = await take(w, "C", minutes(WEDNESDAY_10, 4));
    const police = await queue.callNext(db(), w.clerk.actor, w.code, "5", minutes(WEDNESDAY_10, 5));
    expect(police.number).toBe(passport.number);
  });

  it("refuses an inactive window, an unknown one (404) and a clerk of another county (404)", async () => {
    const w = await queueWorld(t);
    await take(w, "A", WEDNESDAY_10);
    expect(await refusal(queue.callNext(db(), w.clerk.actor, w.code, "9"))).toMatchObject({
      code: "queue_window_inactive",
    });
    expect((await refusal(queue.callNext(db(), w.clerk.actor, w.code, "42"))).status).toBe(404);
    const stranger = await clerkOf(t, "330522");
    expect((await refusal(queue.callNext(db(), stranger.actor, w.code, "1"))).status).toBe(404);
  });

  it("recalls a called ticket (count +1) and refuses to recall one not called, listing what is allowed", async () => {
    const w = await queueWorld(t);
    const waiting = await take(w, "A", WEDNESDAY_10);
    await take(w, "A", minutes(WEDNESDAY_10, 1));
    const act = (id: string, action: queue.TicketAction, label = "1", to?: string) =>
      queue.actOnTicket(db(), w.clerk.actor, w.code, label, id, { action, toWindowId: to });
    expect(await refusal(act(waiting.id, "recall"))).toMatchObject({
      code: "queue_action_not_allowed",
      status: 409,
    });
    const called = await queue.callNext(db(), w.clerk.actor, w.code, "1", minutes(WEDNESDAY_10, 2));
    expect((await act(called.id, "recall")).callCount).toBe(2);
    expect(await refusal(act(called.id, "done", "2"))).toMatchObject({ code: "queue_not_this_window" });
    expect((await act(called.id, "no_show")).status).toBe("no_show");
    const late = await refusal(act(called.id, "done"));
    expect(late.code).toBe("queue_action_not_allowed");
  });

  it("transfers to another window of the site, where it is called ahead of older tickets", async () => {
    const w = await queueWorld(t);
    const first = await take(w, "A", WEDNESDAY_10);
    const older = await take(w, "A", minutes(WEDNESDAY_10, 1));
    const called = await queue.callNext(db(), w.clerk.actor, w.code, "1", minutes(WEDNESDAY_10, 2));
    expect(called.number).toBe(first.number);
    const act = (to: string) =>
      queue.actOnTicket(db(), w.clerk.actor, w.code, "1", called.id, { action: "transfer", toWindowId: to });
    expect(await refusal(act(w.windows["9"]))).toMatchObject({ code: "queue_window_inactive" });
    const other = await queueWorld(t);
    expect(await refusal(act(other.windows["2"]))).toMatchObject({ code: "queue_transfer_other_site" });
    expect(await refusal(act(w.windows["1"]))).toMatchObject({ code: "queue_transfer_same_window" });
    // Window 5 serves only the police's category, but a ticket transferred to it is its own.
    const moved = await act(w.windows["5"]);
    expect(moved).toMatchObject({ status: "waiting", transferredTo: "5", window: null });
    expect((await queue.callNext(db(), w.clerk.actor, w.code, "2", minutes(WEDNESDAY_10, 3))).number).toBe(
      older.number,
    );
    expect((await queue.callNext(db(), w.clerk.actor, w.code, "5", minutes(WEDNESDAY_10, 4))).number).toBe(
      first.number,
    );
  });

  it("never gives two windows calling at once the same ticket", async () => {
    const w = await queueWorld(t);
    const labels = ["11", "12", "13", "14", "15", "16", "17", "18"];
    for (const label of labels) await upsertWindow(db(), { site_id: w.siteId, label, kind: "comprehensive" });
    for (let i = 0; i < 5; i++) await take(w, "A", minutes(WEDNESDAY_10, i));
    const outcomes = await Promise.allSettled(
      labels.map((label) => queue.callNext(db(), w.clerk.actor, w.code, label, minutes(WEDNESDAY_10, 9))),
    );
    const numbers = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.number] : []));
    expect(numbers.sort()).toEqual(["A001", "A002", "A003", "A004", "A005"]);
    const refused = outcomes.flatMap((o) =>
      o.status === "rejected" ? [(o.reason as { code: string }).code] : [],
    );
    expect(refused).toEqual(["queue_empty", "queue_empty", "queue_empty"]);
  });

  it("tells the hall's devices of each call and of the waiting count, after the change", async () => {
    const w = await queueWorld(t);
    const heard: HallSignal[] = [];
    const stop = onHallSignal((signal) => {
      if (signal.siteCode === w.code) heard.push(signal);
    });
    try {
      await take(w, "A", WEDNESDAY_10);
      await queue.callNext(db(), w.clerk.actor, w.code, "1", minutes(WEDNESDAY_10, 1));
    } finally {
      stop();
    }
    expect(heard.map((s) => s.kind)).toEqual(["queue", "call", "queue"]);
    expect(heard[0]).toMatchObject({ waiting: 1 });
    expect(heard[1]).toMatchObject({ ticketNumber: "A001", windowLabel: "1", callCount: 1 });
    expect(heard[2]).toMatchObject({ waiting: 0 });
  });

  it("shows the board: today's calls to their windows and the waiting per category", async () => {
    const w = await queueWorld(t);
    const now = new Date();
    await take(w, "A", now);
    await take(w, "B", new Date(now.getTime() + 1));
    await take(w, "B", new Date(now.getTime() + 2));
    await queue.callNext(db(), w.clerk.actor, w.code, "5", new Date(now.getTime() + 3));
    const board = await queue.boardOf(db(), w.code, now);
    expect(board.openNow).toBe(true);
    expect(board.categories.map((c) => [c.prefix, c.waiting])).toEqual([
      ["A", 1],
      ["B", 1],
    ]);
    expect(board.calls.map((c) => [c.number, c.windowLabel])).toEqual([["B001", "5"]]);
  });
});
