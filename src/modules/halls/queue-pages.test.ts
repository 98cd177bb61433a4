import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { cookiesOf } from "../../../test/app.ts";
import { staffMember } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { assetUrl } from "../../web/assets.ts";
import { caseTestApp } from "../cases/testing.ts";
import { formPairs, openPage, post, withValue } from "../catalog/admin-testing.ts";
import { staffActor } from "../identity/service.ts";
import { someone } from "../mandates/testing.ts";
import * as appointments from "./appointments.ts";
import * as queue from "./queue.ts";
import { minutes, type QueueWorld, queueWorld } from "./queue-testing.ts";

let t: TestApp;
let w: QueueWorld;
beforeAll(async () => {
  t = await caseTestApp();
  w = await queueWorld(t);
});
afterAll(() => t.close());

/** An anonymous visitor's page with the CSRF cookie its forms need. */
async function anonymousPage(url: string) {
  const page = await t.app.inject({ url, headers: { accept: "text/html" } });
  expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
  const cookie = Object.entries(cookiesOf(page))
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
  return { html: page.body, cookie };
}

describe("the kiosk and the phone page", () => {
  it("takes a ticket by a category's button and shows it with its link", async () => {
    const page = await anonymousPage(`/halls/${w.code}/kiosk`);
    expect(page.html).toContain("B 户籍业务");
    const pairs = withValue(formPairs(page.html, `action="/halls/${w.code}/kiosk"`), "category", "B");
    const taken = await post(t, `/halls/${w.code}/kiosk`, pairs, page.cookie);
    expect(taken.statusCode, taken.body.slice(0, 300)).toBe(303);
    const ticket = await t.app.inject({
      url: taken.headers.location as string,
      headers: { accept: "text/html" },
    });
    expect(ticket.body).toMatch(/B\d{3}/);
    expect(ticket.body).toContain('http-equiv="refresh"');
    expect(ticket.body).toContain(`/halls/${w.code}/tickets/`);
  });

  it("refuses a closed hall on the page, saying why", async () => {
    const closed = await queueWorld(t, { open: false });
    const page = await anonymousPage(`/halls/${closed.code}/ticket`);
    const pairs = formPairs(page.html, `action="/halls/${closed.code}/ticket"`);
    const refused = await post(t, `/halls/${closed.code}/ticket`, pairs, page.cookie);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("该场所暂停服务");
  });

  it("checks an appointment in at the kiosk, and says so when the code is unknown", async () => {
    const person = await someone(t);
    const member = await staffMember(t.platform.database.db, "administrator", "330523");
    const admin = (await staffActor(t.platform.database.db, member.username)) as Actor;
    const opened = await appointments.openSlot(t.platform.database.db, admin, w.code, {
      category: "A",
      startsAt: minutes(new Date(), 5),
      endsAt: minutes(new Date(), 35),
      capacity: 3,
    });
    const booked = await appointments.book(t.platform.database.db, person.actor, w.code, opened.slot.id);
    const page = await anonymousPage(`/halls/${w.code}/kiosk`);
    const form = formPairs(page.html, `action="/halls/${w.code}/kiosk/check-in"`);
    const unknown = await post(
      t,
      `/halls/${w.code}/kiosk/check-in`,
      withValue(form, "code", "ZZZZZZZZ"),
      page.cookie,
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('class="error-summary"');
    const done = await post(
      t,
      `/halls/${w.code}/kiosk/check-in`,
      withValue(form, "code", booked.code),
      page.cookie,
    );
    expect(done.statusCode).toBe(303);
  });

  it("stops one address walking appointment codes at the kiosk, saying to wait", async () => {
    const page = await anonymousPage(`/halls/${w.code}/kiosk`);
    const form = withValue(
      formPairs(page.html, `action="/halls/${w.code}/kiosk/check-in"`),
      "code",
      "ZZZZZZZZ",
    );
    const tryCode = () =>
      t.app.inject({
        method: "POST",
        url: `/halls/${w.code}/kiosk/check-in`,
        headers: {
          cookie: page.cookie,
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
        },
        payload: new URLSearchParams(form).toString(),
        remoteAddress: "10.9.1.1",
      });
    for (let i = 0; i < appointments.CHECK_IN_LIMIT.max; i++) expect((await tryCode()).statusCode).toBe(404);
    const stopped = await tryCode();
    expect(stopped.statusCode).toBe(429);
    expect(stopped.headers["retry-after"]).toBeDefined();
    expect(stopped.headers["content-type"]).toContain("text/html");
    expect(stopped.body).toContain("请求太频繁");
  });
});

describe("the board", () => {
  it("shows calls and waiting counts, refreshing without JavaScript and polling with it", async () => {
    const own = await queueWorld(t);
    await queue.takeTicket(t.platform.database.db, own.clerk.actor, own.code, {
      category: "A",
      channel: "kiosk",
    });
    await queue.callNext(t.platform.database.db, own.clerk.actor, own.code, "2");
    const page = await t.app.inject({ url: `/halls/${own.code}/board`, headers: { accept: "text/html" } });
    expect(page.body).toContain("请 A001 号到 2 号窗口");
    expect(page.body).toMatch(/<noscript><meta http-equiv="refresh" content="5"\/?><\/noscript>/);
    expect(page.body).toContain(assetUrl("board.js"));
    expect(page.body).toContain(`data-board="/api/v1/sites/${own.code}/queue"`);
    const css =
      (await t.app.inject(assetUrl("hall.css"))).body + (await t.app.inject(assetUrl("app.css"))).body;
    expect(gzipSync(page.body + css).length).toBeLessThan(30_000);
  });
});

describe("the clerk's window console", () => {
  it("sends a visitor who is not staff to sign in", async () => {
    const page = await t.app.inject({
      url: `/work/halls/${w.code}/windows/1`,
      headers: { accept: "text/html" },
    });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toContain("/signin?next=");
  });

  it("calls, says when nobody waits, recalls, transfers and finishes through no-JS forms", async () => {
    const own = await queueWorld(t);
    const base = `/work/halls/${own.code}/windows/1`;
    let page = await openPage(t, base, own.clerk.cookie);
    const empty = await post(t, `${base}/calls`, formPairs(page.html, `action="${base}/calls"`), page.cookie);
    expect(empty.statusCode).toBe(409);
    expect(empty.body).toContain("目前没有人在等候本窗口。");
    await queue.takeTicket(t.platform.database.db, own.clerk.actor, own.code, {
      category: "A",
      channel: "kiosk",
    });
    const called = await post(
      t,
      `${base}/calls`,
      formPairs(page.html, `action="${base}/calls"`),
      page.cookie,
    );
    expect(called.statusCode).toBe(303);
    page = await openPage(t, called.headers.location as string, own.clerk.cookie);
    expect(page.html).toContain("已叫 A001 到本窗口。");
    const ticketForm = (action: string) => {
      const at = page.html.indexOf(`name="action" value="${action}"`);
      const start = page.html.lastIndexOf("<form", at);
      const url = /action="([^"]+)"/.exec(page.html.slice(start))?.[1] as string;
      return { url, pairs: formPairs(page.html.slice(start), "<form") };
    };
    const recall = ticketForm("recall");
    const recalled = await post(t, recall.url, recall.pairs, page.cookie);
    expect(recalled.headers.location).toContain("done=recall");
    const transfer = ticketForm("transfer");
    const moved = await post(t, transfer.url, withValue(transfer.pairs, "to", own.windows["5"]), page.cookie);
    expect(moved.statusCode).toBe(303);
    page = await openPage(t, moved.headers.location as string, own.clerk.cookie);
    expect(page.html).toContain("A001 已转到 5 号窗口。");
    expect(page.html).toContain("当前没有正在办理的号码。");
  });

  it("offers the rating pad for the visit it has just finished, and only then", async () => {
    const own = await queueWorld(t);
    const base = `/work/halls/${own.code}/windows/1`;
    await queue.takeTicket(t.platform.database.db, own.clerk.actor, own.code, {
      category: "A",
      channel: "kiosk",
    });
    const ticket = await queue.callNext(t.platform.database.db, own.clerk.actor, own.code, "1");
    let page = await openPage(t, base, own.clerk.cookie);
    expect(page.html).not.toContain("/work/ratings/pad/");
    const at = page.html.indexOf('name="action" value="done"');
    const form = page.html.slice(page.html.lastIndexOf("<form", at));
    const finished = await post(t, `${base}/tickets/${ticket.id}`, formPairs(form, "<form"), page.cookie);
    expect(finished.headers.location).toContain(`ticket=${ticket.id}`);
    page = await openPage(t, finished.headers.location as string, own.clerk.cookie);
    const pad = `/work/ratings/pad/${own.code}/${ticket.id}`;
    expect(page.html).toContain(`href="${pad}"`);
    const opened = await t.app.inject({
      url: pad,
      headers: { accept: "text/html", cookie: own.clerk.cookie },
    });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toMatch(/^\/rate\/[A-Za-z0-9_-]{24}$/);
  });

  it("is not found for a clerk of another county", async () => {
    const { clerkOf } = await import("./queue-testing.ts");
    const stranger = await clerkOf(t, "330522");
    const page = await t.app.inject({
      url: `/work/halls/${w.code}/windows/1`,
      headers: { accept: "text/html", cookie: stranger.cookie },
    });
    expect(page.statusCode).toBe(404);
  });
});

describe("appointments pages", () => {
  it("books a slot, lists it with its code, and cancels it", async () => {
    const own = await queueWorld(t);
    const member = await staffMember(t.platform.database.db, "administrator", "330523");
    const admin = (await staffActor(t.platform.database.db, member.username)) as Actor;
    await appointments.openSlot(t.platform.database.db, admin, own.code, {
      category: "B",
      startsAt: minutes(new Date(), 120),
      endsAt: minutes(new Date(), 150),
      capacity: 2,
    });
    const anonymous = await t.app.inject({
      url: `/halls/${own.code}/appointments`,
      headers: { accept: "text/html" },
    });
    expect(anonymous.body).toContain("登录后预约");
    const person = await someone(t);
    let page = await openPage(t, `/halls/${own.code}/appointments`, person.cookie);
    const booked = await post(
      t,
      `/halls/${own.code}/appointments`,
      formPairs(page.html, `action="/halls/${own.code}/appointments"`),
      page.cookie,
    );
    expect(booked.statusCode).toBe(303);
    page = await openPage(t, booked.headers.location as string, person.cookie);
    expect(page.html).toMatch(/预约成功。您的预约码是 [2-9A-Z]{8}。/);
    const cancel = /action="(\/appointments\/[^"]+\/cancel)"/.exec(page.html)?.[1] as string;
    const cancelled = await post(t, cancel, formPairs(page.html, `action="${cancel}"`), page.cookie);
    expect(cancelled.headers.location).toBe("/appointments?done=cancelled");
    page = await openPage(t, "/appointments", person.cookie);
    expect(page.html).toContain("已取消");
  });
});
