import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { receive } from "../devices/devices.ts";
import { deviceKeys, deviceSignature, signedText } from "../devices/keys.ts";
import { USUAL_HOURS } from "../halls/hours.ts";
import { upsertSite } from "../halls/sites-store.ts";
import { DEMO_DEVICES, demoDeviceId, seedDemoDevices } from "./devices.ts";

let d: TestDatabase;
const key = randomBytes(32);

beforeAll(async () => {
  d = await createTestDatabase();
  await seedRegionSlice(d.handle.db);
  await upsertSite(d.handle.db, {
    code: "anji-hall",
    kind: "hall",
    region_code: "330523",
    department_id: await department(d.handle.db, "330523", "government_service"),
    name: "安吉县政务服务中心",
    hours: JSON.stringify(USUAL_HOURS),
  });
});
afterAll(() => d.close());

const devicesOfHall = () =>
  d.handle.db
    .selectFrom("hall_devices")
    .select(["id", "kind", "name", "compartments", "secret_hash"])
    .orderBy("kind")
    .execute();

it("registers the hall's kiosk, board and 12-compartment locker once, however often it runs", async () => {
  await seedDemoDevices(d.handle.db, key);
  const first = await devicesOfHall();
  await seedDemoDevices(d.handle.db, key);
  expect(await devicesOfHall()).toEqual(first);
  expect(first.map((r) => [r.kind, r.compartments])).toEqual([
    ["board", 0],
    ["kiosk", 0],
    ["locker", 12],
  ]);
  expect(first.map((r) => r.id).sort()).toEqual(
    DEMO_DEVICES.map((x) => demoDeviceId(x.site, x.name, "33")).sort(),
  );
});

it("stores no secret, yet a device configured with the secret derived from the server's key is heard", async () => {
  await seedDemoDevices(d.handle.db, key);
  const kiosk = (await devicesOfHall()).find((r) => r.kind === "kiosk");
  if (!kiosk) throw new Error("no kiosk");
  const secret = deviceKeys(key).secretOf(kiosk.id, 1);
  expect(JSON.stringify(await devicesOfHall())).not.toContain(secret);
  const topic = `tongban/sites/anji-hall/devices/${kiosk.id}/state`;
  const envelope = (signedWith: string) => {
    const ts = Date.now();
    const payload = JSON.stringify({ event: "online" });
    const sig = deviceSignature(signedWith, signedText(topic, kiosk.id, ts, payload));
    return Buffer.from(JSON.stringify({ device: kiosk.id, ts, payload, sig }));
  };
  const deps = { config: { personalDataKey: key, mqtt: undefined } };
  expect(await receive(d.handle.db, deps, topic, envelope(secret))).toMatchObject({ ok: true });
  const otherServer = { config: { personalDataKey: randomBytes(32), mqtt: undefined } };
  expect(await receive(d.handle.db, otherServer, topic, envelope(secret))).toMatchObject({
    ok: false,
    reason: "key_changed",
  });
});
