import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { provinceOfId } from "../../platform/db/distribution.ts";
import { applyOnline, call, caseTestApp, staffOf } from "../cases/testing.ts";
import { formPairs, openPage, post, withValue } from "../catalog/admin-testing.ts";
import { getSite } from "../halls/sites.ts";
import { bridgeOf } from "./bridge.ts";
import { findDevice } from "./devices.ts";
import { sha256 } from "./keys.ts";
import { MAX_ATTEMPTS, pickUp } from "./lockers.ts";
import { caseAwaitingPickup, type DeviceWorld, deviceWorld, register, textedCode } from "./testing.ts";

/** What needs no broker: registering, credentials, who sees what, putting results into lockers. */
let t: TestApp;
let w: DeviceWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await deviceWorld(t);
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const devicesUrl = () => `/api/v1/sites/${w.siteCode}/devices`;
const itemsUrl = () => `/api/v1/sites/${w.siteCode}/locker-items`;

describe("registering a device", () => {
  it("gives the administrator its credentials once and keeps only the secret's hash", async () => {
    const response = await call(t, w.admin, "POST", devicesUrl(), { kind: "board", name: "1 号叫号屏" });
    expect(response.statusCode).toBe(201);
    expect(response.headers["cache-control"]).toBe("no-store");
    const { device, credentials } = response.json();
    expect(device).toMatchObject({ kind: "board", name: "1 号叫号屏", status: "never", lastSeenAt: null });
    expect(credentials.deviceId).toBe(device.id);
    // The id names the hall's province (Zhejiang), so a look-up by it asks that province alone.
    expect(provinceOfId(device.id)).toBe("33");
    expect(credentials.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(credentials.tongbanKey, "base64")).toHaveLength(32);
    expect(credentials.topics).toEqual({
      state: `tongban/sites/${w.siteCode}/devices/${device.id}/state`,
      calls: `tongban/sites/${w.siteCode}/calls`,
      queue: `tongban/sites/${w.siteCode}/queue`,
    });
    const row = await findDevice(db(), device.id);
    expect(row?.secret_hash).toBe(sha256(credentials.secret));
    expect(JSON.stringify(row)).not.toContain(credentials.secret);
    // The list never shows a secret again.
    const listed = (await call(t, w.clerk, "GET", devicesUrl())).json();
    expect(JSON.stringify(listed)).not.toContain(credentials.secret);
    expect(listed.items).toContainEqual(expect.objectContaining({ id: device.id, status: "never" }));
  });

  it("refuses a locker without compartments, compartments on a board, and a name the site has", async () => {
    const locker = await call(t, w.admin, "POST", devicesUrl(), { kind: "locker", name: "A 柜" });
    expect(locker.statusCode).toBe(400);
    expect(locker.json().errors).toEqual([expect.objectContaining({ field: "/compartments" })]);
    const board = await call(t, w.admin, "POST", devicesUrl(), {
      kind: "board",
      name: "屏",
      compartments: 4,
    });
    expect(board.statusCode).toBe(400);
    await register(w, { kind: "kiosk", name: "自助机" });
    const twice = await call(t, w.admin, "POST", devicesUrl(), { kind: "kiosk", name: "自助机" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: "device_name_taken" });
  });

  it("is for administrators over the site's region: others are refused, and an unknown site is not there", async () => {
    expect((await call(t, undefined, "POST", devicesUrl(), { kind: "kiosk", name: "x" })).statusCode).toBe(
      401,
    );
    expect((await call(t, w.clerk, "POST", devicesUrl(), { kind: "kiosk", name: "x" })).statusCode).toBe(403);
    const elsewhere = await staffOf(t, "administrator", { region: "330522", line: "government_service" });
    expect((await call(t, elsewhere, "POST", devicesUrl(), { kind: "kiosk", name: "x" })).statusCode).toBe(
      404,
    );
    const unknown = await call(t, w.admin, "POST", "/api/v1/sites/no-such-hall/devices", {
      kind: "kiosk",
      name: "x",
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("shows a site's devices to staff of its region alone", async () => {
    const other = await staffOf(t, "window_clerk", { region: "330522" });
    expect((await call(t, other, "GET", devicesUrl())).statusCode).toBe(404);
    expect((await call(t, w.applicant, "GET", devicesUrl())).statusCode).toBe(404);
    expect((await call(t, undefined, "GET", devicesUrl())).statusCode).toBe(401);
  });

  it("connects nothing without MQTT_URL", () => {
    expect(t.platform.config.mqtt).toBeUndefined();
    expect(bridgeOf(t.platform)).toBeUndefined();
  });
});

describe("putting a result into a locker", () => {
  it("sends the applicant a one-time code that staff never see, and refuses a second item in the compartment", async () => {
    const locker = await register(w, { kind: "locker", compartments: 12 });
    const { caseId, number } = await caseAwaitingPickup(w);
    const response = await call(t, w.clerk, "POST", itemsUrl(), {
      caseNumber: number,
      device: locker.deviceId,
      compartment: 3,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      compartment: 3,
      caseNumber: number,
      status: "waiting",
      failedAttempts: 0,
    });
    const code = await textedCode(t, w.applicant.mobile);
    expect(code).toMatch(/^\d{6}$/);
    expect(response.body).not.toContain(code);
    const stored = await db()
      .selectFrom("locker_assignments")
      .selectAll()
      .where("case_id", "=", caseId)
      .executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code);
    const inbox = (await call(t, w.applicant, "GET", "/api/v1/inbox")).json();
    expect(inbox.items[0]).toMatchObject({ template: "locker.pickup_code", caseId });

    const again = await call(t, w.clerk, "POST", itemsUrl(), {
      caseNumber: number,
      device: locker.deviceId,
      compartment: 4,
    });
    expect(again.json()).toMatchObject({ code: "device_case_in_locker" });
    const other = await caseAwaitingPickup(w);
    const taken = await call(t, w.clerk, "POST", itemsUrl(), {
      caseNumber: other.number,
      device: locker.deviceId,
      compartment: 3,
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: "device_compartment_taken" });
  });

  it("refuses a compartment the locker lacks, a device that is no locker, and a case not waiting to be picked up", async () => {
    const locker = await register(w, { kind: "locker", compartments: 2 });
    const board = await register(w, { kind: "board" });
    const { number } = await caseAwaitingPickup(w);
    const beyond = await call(t, w.clerk, "POST", itemsUrl(), {
      caseNumber: number,
      device: locker.deviceId,
      compartment: 3,
    });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().errors).toEqual([expect.objectContaining({ field: "/compartment" })]);
    const notLocker = await call(t, w.clerk, "POST", itemsUrl(), {
      caseNumber: number,
      device: board.deviceId,
      compartment: 1,
    });
    expect(notLocker.statusCode).toBe(404);
    const fresh = await applyOnline(w);
    const early = await call(t, w.clerk, "POST", itemsUrl(), {
      caseNumber: fresh.number,
      device: locker.deviceId,
      compartment: 1,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: "case_action_not_allowed" });
  });

  it("is for window clerks of the site's region", async () => {
    const locker = await register(w, { kind: "locker", compartments: 2 });
    const { number } = await caseAwaitingPickup(w);
    const body = { caseNumber: number, device: locker.deviceId, compartment: 1 };
    const other = await staffOf(t, "window_clerk", { region: "330522" });
    expect((await call(t, other, "POST", itemsUrl(), body)).statusCode).toBe(404);
    expect((await call(t, w.admin, "POST", itemsUrl(), body)).statusCode).toBe(404);
    expect((await call(t, w.applicant, "POST", itemsUrl(), body)).statusCode).toBe(404);
    expect((await call(t, undefined, "POST", itemsUrl(), body)).statusCode).toBe(401);
  });

  it("opens for no code after too many wrong ones, nor once the item has waited too long", async () => {
    const registered = await register(w, { kind: "locker", compartments: 2 });
    const locker = await findDevice(db(), registered.deviceId);
    const site = await getSite(db(), w.siteCode);
    if (!locker) throw new Error("no locker");
    const { number } = await caseAwaitingPickup(w);
    await call(t, w.clerk, "POST", itemsUrl(), { caseNumber: number, device: locker.id, compartment: 1 });
    const code = await textedCode(t, w.applicant.mobile);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const deps = t.platform;
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      expect(await pickUp(db(), deps, locker, site, 1, wrong)).toEqual({
        result: "refused",
        reason: "wrong_code",
        attempts: i,
      });
    }
    expect(await pickUp(db(), deps, locker, site, 1, code)).toEqual({ result: "refused", reason: "locked" });

    const later = await caseAwaitingPickup(w);
    await call(t, w.clerk, "POST", itemsUrl(), {
      caseNumber: later.number,
      device: locker.id,
      compartment: 2,
    });
    const laterCode = await textedCode(t, w.applicant.mobile);
    const inEightDays = new Date(Date.now() + 8 * 86_400_000);
    expect(await pickUp(db(), deps, locker, site, 2, laterCode, inEightDays)).toEqual({
      result: "refused",
      reason: "expired",
    });
  });
});

describe("the hall's device page", () => {
  it("shows staff each device's state and lets a clerk put a result into a locker through the form", async () => {
    const locker = await register(w, { kind: "locker", name: "B 柜", compartments: 6 });
    const url = `/work/halls/${w.siteCode}/devices`;
    const page = await openPage(t, url, w.clerk.cookie);
    expect(page.html).toContain("B 柜");
    expect(page.html).toContain("从未连接");
    const { number } = await caseAwaitingPickup(w);
    let pairs = formPairs(page.html, "/locker-items");
    pairs = withValue(
      withValue(withValue(pairs, "caseNumber", number), "device", locker.deviceId),
      "compartment",
      "9",
    );
    const refused = await post(t, `${url}/locker-items`, pairs, page.cookie);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<a href="#compartment">这个智能柜没有这个格口');
    const placed = await post(t, `${url}/locker-items`, withValue(pairs, "compartment", "5"), page.cookie);
    expect(placed.statusCode).toBe(303);
    const after = await openPage(t, placed.headers.location as string, w.clerk.cookie);
    expect(after.html).toContain(`已放入 B 柜 5 号格，取件码已发送给办件 ${number} 的申请人。`);
    expect(after.html).toMatch(new RegExp(`B 柜 · 5</th><td>${number}</td>`));
  });

  it("sends strangers to sign in and is not there for staff of another region", async () => {
    const url = `/work/halls/${w.siteCode}/devices`;
    const anonymous = await t.app.inject({ url, headers: { accept: "text/html" } });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain("/signin?next=");
    const other = await staffOf(t, "window_clerk", { region: "330522" });
    const refused = await t.app.inject({ url, headers: { cookie: other.cookie, accept: "text/html" } });
    expect(refused.statusCode).toBe(404);
  });
});
