import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { cookiesOf } from "../../../test/app.ts";
import { staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { call, caseTestApp } from "../cases/testing.ts";
import { type Someone, someone } from "../mandates/testing.ts";
import { CHECK_IN_LIMIT } from "./appointments.ts";
import { minutes, type QueueWorld, queueWorld } from "./queue-testing.ts";

let t: TestApp;
let w: QueueWorld;
let admin: { cookie: string };
let person: Someone;
beforeAll(async () => {
  t = await caseTestApp();
  w = await queueWorld(t);
  const member = await staffMember(t.platform.database.db, "administrator", "330523");
  const session = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  admin = { cookie: `tb_session=${cookiesOf(session).tb_session}` };
  person = await someone(t);
});
afterAll(() => t.close());

const api = (path: string) => `/api/v1/sites/${w.code}${path}`;
const take = (category = "A", who?: { cookie: string }) =>
  call(t, who, "POST", api("/tickets"), { category });

describe("the queue's API", () => {
  it("takes a ticket anonymously and follows it by its link", async () => {
    const taken = await take();
    expect(taken.statusCode).toBe(201);
    const body = taken.json();
    expect(body.ticket).toMatchObject({ status: "waiting", category: "A", channel: "phone" });
    expect(body.followUrl).toBe(`/halls/${w.code}/tickets/${body.followToken}`);
    const followed = await call(t, undefined, "GET", api(`/tickets/${body.followToken}`));
    expect(followed.json()).toMatchObject({
      ticket: { number: body.ticket.number },
      ahead: expect.any(Number),
    });
  });

  it("answers 404 for an unknown site, category or link, and 400 for a malformed category", async () => {
    expect(
      (await call(t, undefined, "POST", "/api/v1/sites/no-such-hall/tickets", { category: "A" })).statusCode,
    ).toBe(404);
    expect((await take("Z")).statusCode).toBe(404);
    expect((await call(t, undefined, "GET", api(`/tickets/${"a".repeat(16)}`))).statusCode).toBe(404);
    expect((await take("a")).statusCode).toBe(400);
  });

  it("refuses a ticket for a closed hall with problem+json naming the cause", async () => {
    const closed = await queueWorld(t, { open: false });
    const response = await call(t, undefined, "POST", `/api/v1/sites/${closed.code}/tickets`, {
      category: "A",
    });
    expect(response.statusCode).toBe(409);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({
      code: "queue_site_closed",
      title: "该场所暂停服务，现在不能取号或预约。",
    });
  });

  it("lets the county's window clerk call, act and read the desk; others are refused", async () => {
    const own = await queueWorld(t);
    const at = (path: string) => `/api/v1/sites/${own.code}/windows${path}`;
    await call(t, undefined, "POST", `/api/v1/sites/${own.code}/tickets`, { category: "B" });
    expect((await call(t, undefined, "POST", at("/5/calls"), {})).statusCode).toBe(401);
    expect((await call(t, person, "POST", at("/5/calls"), {})).statusCode).toBe(403);
    const called = await call(t, own.clerk, "POST", at("/5/calls"), {});
    expect(called.statusCode).toBe(200);
    expect(called.json()).toMatchObject({ number: "B001", status: "called", window: "5" });
    const empty = await call(t, own.clerk, "POST", at("/5/calls"), {});
    expect(empty.statusCode).toBe(409);
    expect(empty.json().code).toBe("queue_empty");
    const id = called.json().id as string;
    const recall = await call(t, own.clerk, "POST", at(`/5/tickets/${id}/actions`), { action: "recall" });
    expect(recall.statusCode, recall.body).toBe(200);
    expect(recall.json().callCount).toBe(2);
    const desk = await call(t, own.clerk, "GET", at("/5/desk"));
    expect(desk.json()).toMatchObject({
      window: "5",
      serves: ["B"],
      current: { number: "B001" },
      waiting: 0,
    });
    const moved = await call(t, own.clerk, "POST", at(`/5/tickets/${id}/actions`), {
      action: "transfer",
      to: own.windows["1"],
    });
    expect(moved.json()).toMatchObject({ status: "waiting", transferredTo: "1" });
    const notCalled = await call(t, own.clerk, "POST", at(`/5/tickets/${id}/actions`), { action: "recall" });
    expect(notCalled.statusCode).toBe(409);
    expect(notCalled.json()).toMatchObject({ code: "queue_action_not_allowed", allowed: [] });
    expect((await call(t, own.clerk, "POST", at("/42/calls"), {})).statusCode).toBe(404);
  });

  it("answers the board's JSON with an ETag, and 304 while nothing changed", async () => {
    const own = await queueWorld(t);
    const url = `/api/v1/sites/${own.code}/queue`;
    const first = await call(t, undefined, "GET", url);
    const etag = first.headers.etag as string;
    expect(first.json()).toMatchObject({ site: own.code, openNow: true, calls: [] });
    expect((await call(t, undefined, "GET", url, undefined, { "if-none-match": etag })).statusCode).toBe(304);
    await call(t, undefined, "POST", `/api/v1/sites/${own.code}/tickets`, { category: "A" });
    await call(t, own.clerk, "POST", `/api/v1/sites/${own.code}/windows/1/calls`, {});
    const changed = await call(t, undefined, "GET", url, undefined, { "if-none-match": etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().calls).toEqual([expect.objectContaining({ number: "A001", window: "1" })]);
  });
});

describe("categories, slots and appointments through the API", () => {
  it("keeps categories and slots by administrators alone", async () => {
    const body = { name: "企业开办", nameEn: "Starting a business" };
    expect((await call(t, w.clerk, "PUT", api("/queue/categories/C"), body)).statusCode).toBe(403);
    const saved = await call(t, admin, "PUT", api("/queue/categories/C"), body);
    expect(saved.json()).toMatchObject({ prefix: "C", name: "企业开办", departmentIds: [] });
    const slot = {
      category: "C",
      startsAt: minutes(new Date(), 60).toISOString(),
      endsAt: minutes(new Date(), 90).toISOString(),
      capacity: 1,
    };
    expect((await call(t, admin, "POST", api("/slots"), slot)).statusCode).toBe(201);
    expect((await call(t, admin, "POST", api("/slots"), slot)).statusCode).toBe(200);
    expect((await call(t, admin, "POST", api("/slots"), { ...slot, endsAt: slot.startsAt })).statusCode).toBe(
      400,
    );
  });

  it("books, lists, moves, checks in and cancels", async () => {
    const now = new Date();
    const open = async (offset: number) =>
      (
        await call(t, admin, "POST", api("/slots"), {
          category: "A",
          startsAt: minutes(now, offset).toISOString(),
          endsAt: minutes(now, offset + 30).toISOString(),
          capacity: 1,
        })
      ).json().id as string;
    const soon = await open(10);
    const later = await open(24 * 60);
    const listed = await call(t, undefined, "GET", api("/slots?days=2"));
    expect(listed.json().items.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([soon, later]),
    );
    const booked = await call(t, person, "POST", api("/appointments"), { slot: later });
    expect(booked.statusCode).toBe(201);
    const other = await someone(t);
    expect((await call(t, other, "POST", api("/appointments"), { slot: later })).json().code).toBe(
      "appointment_slot_full",
    );
    const id = booked.json().id as string;
    expect((await call(t, other, "GET", `/api/v1/appointments/${id}`)).statusCode).toBe(404);
    const early = await call(t, undefined, "POST", api("/check-ins"), { code: booked.json().code });
    expect(early.json().code).toBe("appointment_check_in_closed");
    const moved = await call(t, person, "PATCH", `/api/v1/appointments/${id}`, { slot: soon });
    expect(moved.json()).toMatchObject({ slot: { id: soon, left: 0 } });
    const mine = await call(t, person, "GET", "/api/v1/appointments");
    expect(mine.json().items).toEqual([expect.objectContaining({ id, status: "booked" })]);
    const checkedIn = await call(t, undefined, "POST", api("/check-ins"), { code: booked.json().code });
    expect(checkedIn.statusCode).toBe(201);
    expect(checkedIn.json()).toMatchObject({
      ticket: { priority: true },
      appointment: { status: "checked_in" },
    });
    expect((await call(t, person, "DELETE", `/api/v1/appointments/${id}`)).json().code).toBe(
      "appointment_not_booked",
    );
    expect((await call(t, undefined, "POST", api("/check-ins"), { code: "ZZZZZZZZ" })).statusCode).toBe(404);
  });
});

describe("the hall's bearer values", () => {
  it("gives each ticket a link of 128 random bits, and still follows a 96-bit link given out before", async () => {
    const [first, second] = [(await take()).json(), (await take()).json()];
    for (const taken of [first, second]) {
      expect(taken.followToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(taken.followToken, "base64url")).toHaveLength(16);
    }
    expect(first.followToken).not.toBe(second.followToken);
    const followed = await call(t, undefined, "GET", api(`/tickets/${first.followToken}`));
    expect(followed.json().ticket.number).toBe(first.ticket.number);

    // A link of 16 characters, as tickets had until now: kept in the database as given, still found.
    const old = randomBytes(12).toString("base64url");
    await t.platform.database.db
      .updateTable("queue_tickets")
      .set({ follow_token: old })
      .where("province_code", "=", "33")
      .where("id", "=", second.ticket.id)
      .execute();
    const page = await t.app.inject({
      url: `/halls/${w.code}/tickets/${old}`,
      headers: { accept: "text/html" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(second.ticket.number);
    expect((await call(t, undefined, "GET", api(`/tickets/${old}`))).json().ticket.number).toBe(
      second.ticket.number,
    );
  });

  it("answers a link of any other length or alphabet as not found or malformed, never a ticket", async () => {
    const { followToken } = (await take()).json();
    for (const token of [followToken.slice(0, 21), `${followToken}a`, `${followToken.slice(0, 21)}+`]) {
      const response = await call(t, undefined, "GET", api(`/tickets/${encodeURIComponent(token)}`));
      expect(response.statusCode).toBe(400);
      expect(response.json().ticket).toBeUndefined();
    }
    expect((await call(t, undefined, "GET", api(`/tickets/${"b".repeat(22)}`))).statusCode).toBe(404);
  });

  it("stops one address walking appointment codes: 20 check-ins a minute, then 429 with when to come back", async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i <= CHECK_IN_LIMIT.max; i++) {
      last = await t.app.inject({
        method: "POST",
        url: api("/check-ins"),
        payload: { code: "ZZZZZZZZ" },
        remoteAddress: "10.9.0.1",
      });
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, CHECK_IN_LIMIT.max).every((s) => s === 404)).toBe(true);
    expect(last?.statusCode).toBe(429);
    expect(last?.headers["retry-after"]).toBeDefined();
    expect(last?.json().code).toBe("rate_limited");
    // Another address at the same hall is not held up by it.
    const other = await t.app.inject({
      method: "POST",
      url: api("/check-ins"),
      payload: { code: "ZZZZZZZZ" },
      remoteAddress: "10.9.0.2",
    });
    expect(other.statusCode).toBe(404);
  });
});
