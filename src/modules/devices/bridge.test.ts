import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { type AddressInfo, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import type { Actor } from "../../platform/policy.ts";
import { call, caseTestApp } from "../cases/testing.ts";
import { signalHall } from "../halls/signals.ts";
import { staffActor } from "../identity/service.ts";
import type { DeviceBridge } from "./bridge.ts";
import { listDevices, OFFLINE_AFTER_SECONDS } from "./devices.ts";
import {
  bridgeOfApp,
  caseAwaitingPickup,
  type DeviceWorld,
  deviceTestEnv,
  deviceWorld,
  MQTT_URL,
  nextOutcome,
  register,
  TestDevice,
  textedCode,
} from "./testing.ts";

if (!MQTT_URL) console.info("devices: MQTT_URL is not set: the tests against the MQTT broker are skipped");

/** Against the real broker (MQTT_URL), with test clients playing the hall's devices. */
describe.skipIf(!MQTT_URL)("hall devices over MQTT", () => {
  let t: TestApp;
  let w: DeviceWorld;
  let bridge: DeviceBridge;
  const devices: TestDevice[] = [];

  beforeAll(async () => {
    t = await caseTestApp(deviceTestEnv());
    w = await deviceWorld(t);
    bridge = bridgeOfApp(t);
    await bridge.subscribed();
  });
  afterAll(async () => {
    for (const device of devices) await device.end().catch(() => {});
    await t.close();
  });

  async function connected(body: Parameters<typeof register>[1]): Promise<TestDevice> {
    const device = new TestDevice(await register(w, body));
    devices.push(device);
    await device.connect();
    return device;
  }

  const statusOf = async (id: string, at = new Date()) => {
    const { devices: list } = await listDevices(t.platform.database.db, await clerkActor(), w.siteCode, at);
    return list.find((d) => d.id === id);
  };
  /** The hall's staff as the page sees them; `at` looks at the devices from another moment. */
  const clerkActor = async () => {
    const row = await t.platform.database.db
      .selectFrom("staff")
      .select("username")
      .where("id", "=", w.clerk.id)
      .executeTakeFirstOrThrow();
    return (await staffActor(t.platform.database.db, row.username)) as Actor;
  };

  it("tells the hall's boards of a call, signed by Tongban", async () => {
    const board = await connected({ kind: "board" });
    const heard = board.next("calls");
    signalHall({
      kind: "call",
      siteId: "—",
      siteCode: w.siteCode,
      ticketNumber: "A017",
      windowLabel: "3",
      callCount: 2,
      at: new Date().toISOString(),
    });
    const call = await heard;
    expect(call.genuine).toBe(true);
    expect(call.body).toMatchObject({ ticket: "A017", window: "3", callCount: 2 });
  });

  it("shows a device online after its heartbeat, offline after silence, and offline when it drops", async () => {
    const kiosk = await connected({ kind: "kiosk" });
    const handled = nextOutcome(bridge, (o) => o.deviceId === kiosk.id);
    await kiosk.send({ event: "online" });
    expect(await handled).toMatchObject({ accepted: true, event: "online" });
    expect(await statusOf(kiosk.id)).toMatchObject({ status: "online" });
    const lastSeenAt = (await statusOf(kiosk.id))?.lastSeenAt as string;
    expect(Date.parse(lastSeenAt)).toBeGreaterThan(Date.now() - 10_000);
    // Silent for longer than three heartbeats: offline, with when it was last seen.
    const later = new Date(Date.parse(lastSeenAt) + (OFFLINE_AFTER_SECONDS + 1) * 1000);
    expect(await statusOf(kiosk.id, later)).toMatchObject({ status: "offline", lastSeenAt });

    // Gone without a goodbye: the broker sends its last will.
    const will = nextOutcome(bridge, (o) => o.deviceId === kiosk.id);
    kiosk.drop();
    expect(await will).toMatchObject({ accepted: true, event: "offline" });
    expect(await statusOf(kiosk.id)).toMatchObject({ status: "offline" });
  });

  it("ignores and counts a forged, unsigned, replayed, stale or misaddressed message", async () => {
    const kiosk = await connected({ kind: "kiosk" });
    const other = await register(w, { kind: "kiosk" });
    const expectIgnored = async (reason: string, send: () => Promise<void>) => {
      const before = bridge.stats.get(reason) ?? 0;
      const outcome = nextOutcome(bridge, (o) => o.topic === kiosk.credentials.topics.state);
      await send();
      expect(await outcome).toMatchObject({ accepted: false, reason });
      expect(bridge.stats.get(reason)).toBe(before + 1);
    };
    await expectIgnored("bad_signature", () => kiosk.send({ event: "online" }, { secret: other.secret }));
    await expectIgnored("malformed", () => kiosk.send({}, { raw: JSON.stringify({ event: "online" }) }));
    await expectIgnored("malformed", () => kiosk.send({}, { raw: "not json" }));
    const ts = Date.now();
    await expectIgnored("stale", () => kiosk.send({ event: "online" }, { ts: ts - 600_000 }));
    const first = nextOutcome(bridge, (o) => o.deviceId === kiosk.id);
    await kiosk.send({ event: "online" }, { ts });
    expect(await first).toMatchObject({ accepted: true });
    // Nothing refused after this moves the time it was last seen.
    const lastSeen = (await statusOf(kiosk.id))?.lastSeenAt;
    await expectIgnored("replayed", () => kiosk.send({ event: "online" }, { ts }));
    // Another device's id in a message on this device's topic.
    await expectIgnored("wrong_topic", () =>
      kiosk.send(
        {},
        { raw: kiosk.envelope({ event: "online" }, { device: other.deviceId, secret: other.secret }) },
      ),
    );
    const after = await statusOf(kiosk.id);
    expect(after).toMatchObject({ status: "online", lastSeenAt: lastSeen, rejectedMessages: 1 });
  });

  it("closes the case's delivery when the applicant picks up with the code; a wrong or used code opens nothing", async () => {
    const locker = await connected({ kind: "locker", compartments: 8 });
    const { caseId, number } = await caseAwaitingPickup(w);
    const assigned = locker.next("assign");
    const response = await call(t, w.clerk, "POST", `/api/v1/sites/${w.siteCode}/locker-items`, {
      caseNumber: number,
      device: locker.id,
      compartment: 5,
    });
    expect(response.statusCode).toBe(201);
    const assignment = await assigned;
    expect(assignment.genuine).toBe(true);
    expect(assignment.body).toMatchObject({
      compartment: 5,
      caseNumber: number,
      codeHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const code = await textedCode(t, w.applicant.mobile);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");

    const pickup = async (compartment: number, typed: string) => {
      const answer = locker.next("pickup");
      const outcome = nextOutcome(bridge, (o) => o.deviceId === locker.id);
      await locker.send({ event: "pickup", compartment, code: typed });
      return { outcome: await outcome, answer: await answer };
    };
    const refused = await pickup(5, wrong);
    expect(refused.outcome).toMatchObject({
      accepted: true,
      pickup: { result: "refused", reason: "wrong_code", attempts: 1 },
    });
    expect(refused.answer).toMatchObject({
      genuine: true,
      body: { compartment: 5, result: "refused", reason: "wrong_code" },
    });
    const caseNow = async () => (await call(t, w.applicant, "GET", `/api/v1/cases/${caseId}`)).json();
    expect(await caseNow()).toMatchObject({ state: "delivery" });

    const opened = await pickup(5, code);
    expect(opened.answer).toMatchObject({
      genuine: true,
      body: { compartment: 5, result: "open", caseNumber: number },
    });
    const closed = await caseNow();
    expect(closed).toMatchObject({ state: "closed", outcome: "granted" });
    expect(closed.delivery.deliveredAt).toEqual(expect.any(String));
    const timeline = (await call(t, w.applicant, "GET", `/api/v1/cases/${caseId}/timeline`)).json();
    expect(timeline.map((e: { action: string }) => e.action).slice(-2)).toEqual(["deliver", "close"]);

    // The code worked once: the compartment is free, and the same code finds nothing in it.
    const reused = await pickup(5, code);
    expect(reused.answer.body).toMatchObject({ result: "refused", reason: "no_item" });
    const deliveries = (await call(t, w.applicant, "GET", `/api/v1/cases/${caseId}/timeline`)).json();
    expect(deliveries.filter((e: { action: string }) => e.action === "deliver")).toHaveLength(1);
    const next = await caseAwaitingPickup(w);
    const free = await call(t, w.clerk, "POST", `/api/v1/sites/${w.siteCode}/locker-items`, {
      caseNumber: next.number,
      device: locker.id,
      compartment: 5,
    });
    expect(free.statusCode).toBe(201);
  });
});

/** A broker of the test's own, so that restarting it disturbs no one else's. */
const MOSQUITTO =
  spawnSync("sh", ["-c", "command -v mosquitto"]).stdout.toString().trim() ||
  (existsSync("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startBroker(port: number): Promise<ChildProcess> {
  const dir = mkdtempSync(join(tmpdir(), "tongban-mosquitto-"));
  const conf = join(dir, "mosquitto.conf");
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const broker = spawn(MOSQUITTO, ["-c", conf], { stdio: "ignore" });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      }).on("error", () => resolve(false));
    });
    if (up) return broker;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`mosquitto did not start on port ${port}`);
}

const once = (emitter: NodeJS.EventEmitter, event: string, ms = 10_000) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    emitter.once(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });

describe.skipIf(!MQTT_URL || !MOSQUITTO)("the bridge when its broker restarts", () => {
  it("connects and subscribes again by itself, and hears the devices as before", async () => {
    const port = await freePort();
    let broker = await startBroker(port);
    const t = await caseTestApp({ ...deviceTestEnv(), MQTT_URL: `mqtt://127.0.0.1:${port}` });
    try {
      const w = await deviceWorld(t);
      const bridge = bridgeOfApp(t);
      await bridge.subscribed();
      broker.kill("SIGTERM");
      await once(broker, "exit");
      const back = once(bridge.events, "subscribed");
      broker = await startBroker(port);
      await back;
      expect(bridge.connected).toBe(true);
      const kiosk = new TestDevice(await register(w, { kind: "kiosk" }), `mqtt://127.0.0.1:${port}`);
      await kiosk.connect();
      const heard = nextOutcome(bridge, (o) => o.deviceId === kiosk.id);
      await kiosk.send({ event: "online" });
      expect(await heard).toMatchObject({ accepted: true, event: "online" });
      await kiosk.end();
    } finally {
      await t.close();
      broker.kill("SIGTERM");
    }
  }, 60_000);
});
