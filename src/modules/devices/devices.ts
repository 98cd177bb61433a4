import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { getSite, getSiteById, type Site } from "../halls/sites.ts";
import { deviceErrors } from "./errors.ts";
import { deviceKeys, deviceSecrets, deviceSignature, sameHex, sha256, signedText } from "./keys.ts";
import { type DeviceEvent, parseEnvelope, parseEvent, type Topics, topicsOf } from "./protocol.ts";
import * as store from "./store.ts";
import type { DeviceKind, HallDeviceRow } from "./tables.ts";

/** Devices say they are alive this often; after three missed heartbeats they show as offline. */
export const HEARTBEAT_SECONDS = 30;
export const OFFLINE_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS;
/** How far a message's signed time may be from ours: clocks drift, and a replay waits no longer. */
export const CLOCK_SKEW_MS = 120_000;

export type DeviceDeps = { config: Pick<Config, "personalDataKey" | "mqtt"> };
export type DeviceStatus = "online" | "offline" | "never";

export interface Device {
  id: string;
  siteCode: string;
  kind: DeviceKind;
  name: string;
  compartments: number;
  status: DeviceStatus;
  lastSeenAt: string | null;
  rejectedMessages: number;
}

/** What an administrator is given once at registration: the device is configured with it. */
export interface Credentials {
  deviceId: string;
  secret: string;
  /** Tongban's Ed25519 public key (raw, base64): Tongban's messages are signed with its private half. */
  tongbanKey: string;
  /** The topics this device publishes on and listens to. */
  topics: Record<string, string>;
}

export function statusOf(row: HallDeviceRow, at: Date): DeviceStatus {
  if (!row.last_seen_at) return "never";
  if (row.offline_at && row.offline_at >= row.last_seen_at) return "offline";
  return at.getTime() - row.last_seen_at.getTime() > OFFLINE_AFTER_SECONDS * 1000 ? "offline" : "online";
}

export function presentDevice(row: HallDeviceRow, site: Pick<Site, "code">, at: Date): Device {
  return {
    id: row.id,
    siteCode: site.code,
    kind: row.kind,
    name: row.name,
    compartments: row.compartments,
    status: statusOf(row, at),
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    rejectedMessages: row.rejected_messages,
  };
}

/** The topic root of this installation; the topics exist even when no broker is configured. */
export const topicsFor = (deps: DeviceDeps): Topics => topicsOf(deps.config.mqtt?.topicRoot ?? "tongban");

function topicsOfDevice(topics: Topics, siteCode: string, kind: DeviceKind, id: string) {
  const listens: Record<string, string> =
    kind === "locker"
      ? { assign: topics.assign(siteCode, id), pickup: topics.pickup(siteCode, id) }
      : { calls: topics.calls(siteCode), queue: topics.queue(siteCode) };
  return { state: topics.state(siteCode, id), ...listens };
}

/**
 * Registers a device of a site: an administrator over the site's region. The answer holds the device's
 * secret, which is not stored and is shown this once.
 */
export async function registerDevice(
  db: Db,
  deps: DeviceDeps,
  actor: Actor,
  siteCode: string,
  input: { kind: DeviceKind; name: string; compartments?: number | undefined },
  requestId?: string,
): Promise<{ device: Device; credentials: Credentials }> {
  const site = await getSite(db, siteCode);
  authorize(actor, "site.manage", { regionCode: site.regionCode });
  const compartments = input.compartments ?? 0;
  if (input.kind === "locker" && compartments < 1) {
    throw errors.validation([{ field: "/compartments", message: "A locker has at least one compartment" }]);
  }
  if (input.kind !== "locker" && compartments !== 0) {
    throw errors.validation([{ field: "/compartments", message: "Only a locker has compartments" }]);
  }
  const name = input.name.trim();
  const province = provinceOf(site.regionCode);
  if (await store.findDeviceByName(db, province, site.id, name)) throw deviceErrors.nameTaken(name);
  const keys = deviceKeys(deps.config.personalDataKey);
  const id = provinceId(province);
  const secret = keys.secretOf(id, 1);
  const row = await db.transaction().execute(async (tx) => {
    const saved = await store.insertDevice(tx, {
      id,
      site_id: site.id,
      province_code: province,
      region_code: site.regionCode,
      kind: input.kind,
      name,
      compartments,
      key_version: 1,
      secret_hash: sha256(secret),
      registered_by: actor.kind === "staff" ? actor.id : null,
    });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "device.register",
      subjectKind: "device",
      subjectId: id,
      regionCode: site.regionCode,
      requestId: requestId ?? null,
      details: { site: site.code, kind: input.kind, name },
    });
    return saved;
  });
  return {
    device: presentDevice(row, site, new Date()),
    credentials: {
      deviceId: id,
      secret,
      tongbanKey: keys.publicKey,
      topics: topicsOfDevice(topicsFor(deps), site.code, input.kind, id),
    },
  };
}

/** A site's devices and whether each is online, for staff of the site's region. */
export async function listDevices(
  db: Executor,
  actor: Actor,
  siteCode: string,
  at = new Date(),
): Promise<{ site: Site; devices: Device[] }> {
  const site = await getSite(db, siteCode);
  authorize(actor, "device.read", { regionCode: site.regionCode });
  const rows = await store.devicesOf(db, provinceOf(site.regionCode), site.id);
  return { site, devices: rows.map((row) => presentDevice(row, site, at)) };
}

/** A device as the lockers' service needs it, whoever asks (the caller authorizes). */
export async function findDevice(db: Executor, id: string): Promise<HallDeviceRow | undefined> {
  return isUuid(id) ? store.findDevice(db, id) : undefined;
}

export const REJECT_REASONS = [
  "wrong_topic",
  "malformed",
  "unknown_device",
  "key_changed",
  "bad_signature",
  "stale",
  "replayed",
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type Received =
  | { ok: true; device: HallDeviceRow; site: Site; event: DeviceEvent }
  | { ok: false; reason: RejectReason; deviceId?: string };

/**
 * Opens a device's message: it must come on the device's own state topic of its own site, be signed
 * with the device's secret, and be newer than every message before it and no older than the clock
 * skew — except its last will, which the broker sends long after the device signed it, and which can
 * do no more than show it offline until its next heartbeat. Anything else is refused, with the reason.
 */
export async function receive(
  db: Db,
  deps: DeviceDeps,
  topic: string,
  raw: Buffer,
  now = new Date(),
): Promise<Received> {
  const named = topicsFor(deps).parseState(topic);
  if (!named) return { ok: false, reason: "wrong_topic" };
  const envelope = parseEnvelope(raw);
  if (!envelope) return { ok: false, reason: "malformed", deviceId: named.deviceId };
  const fail = (reason: RejectReason) => ({ ok: false as const, reason, deviceId: named.deviceId });
  if (envelope.device !== named.deviceId) return fail("wrong_topic");
  const device = await findDevice(db, named.deviceId);
  if (!device) return fail("unknown_device");
  const site = await getSiteById(db, device.site_id);
  if (site.code !== named.siteCode) return fail("wrong_topic");
  // A device registered before a key rotation signs with the secret of the key it was given under,
  // until it is registered again (docs/operations.md, "Key lifecycle").
  const secret = deviceSecrets(deps.config.personalDataKey, device.id, device.key_version).find(
    (s) => sha256(s) === device.secret_hash,
  );
  if (secret === undefined) return fail("key_changed");
  const expected = deviceSignature(secret, signedText(topic, device.id, envelope.ts, envelope.payload));
  if (!sameHex(envelope.sig, expected)) {
    await store.countRejected(db, device.province_code, device.id);
    return fail("bad_signature");
  }
  const event = parseEvent(envelope.payload);
  if (!event) return fail("malformed");
  if (event.event === "offline") {
    await store.markOffline(db, device.province_code, device.id, now);
    return { ok: true, device, site, event };
  }
  if (Math.abs(now.getTime() - envelope.ts) > CLOCK_SKEW_MS) return fail("stale");
  if (!(await store.advance(db, device.province_code, device.id, envelope.ts, now))) return fail("replayed");
  return { ok: true, device, site, event };
}
