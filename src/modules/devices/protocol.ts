import type { KeyObject } from "node:crypto";
import { signedText, tongbanSignature } from "./keys.ts";

/**
 * The MQTT topics of one installation (its root, `tongban` unless MQTT_TOPIC_ROOT says otherwise) and
 * the envelope every message travels in. docs/devices.md is the device maker's version of this file.
 */
export function topicsOf(root: string) {
  const site = (code: string) => `${root}/sites/${code}`;
  return {
    /** Tongban → boards: a ticket called to a window. */
    calls: (siteCode: string) => `${site(siteCode)}/calls`,
    /** Tongban → boards and kiosks: how many wait (retained: a board starting up sees it at once). */
    queue: (siteCode: string) => `${site(siteCode)}/queue`,
    /** Tongban → one locker: an item put in a compartment for a case. */
    assign: (siteCode: string, deviceId: string) => `${site(siteCode)}/lockers/${deviceId}/assign`,
    /** Tongban → one locker: the answer to a pick-up (open the compartment, or refused). */
    pickup: (siteCode: string, deviceId: string) => `${site(siteCode)}/lockers/${deviceId}/pickup`,
    /** Device → Tongban: heartbeat, last will, locker events. */
    state: (siteCode: string, deviceId: string) => `${site(siteCode)}/devices/${deviceId}/state`,
    /**
     * What Tongban listens to: a shared subscription, so that of several servers on one broker only
     * one takes each message.
     */
    stateFilter: `$share/tongban/${root}/sites/+/devices/+/state`,
    /** The site and device a state topic names, or undefined for any other topic. */
    parseState(topic: string): { siteCode: string; deviceId: string } | undefined {
      const parts = topic.split("/");
      if (parts.length !== 6 || parts[0] !== root || parts[1] !== "sites" || parts[3] !== "devices") return;
      if (parts[5] !== "state") return;
      return { siteCode: parts[2] as string, deviceId: parts[4] as string };
    },
  };
}
export type Topics = ReturnType<typeof topicsOf>;

/** A device's message: its id, the time (ms) it signed it, the payload as JSON text, the HMAC. */
export interface DeviceEnvelope {
  device: string;
  ts: number;
  payload: string;
  sig: string;
}

/** What a device says in its payload. */
export type DeviceEvent =
  | { event: "online" }
  | { event: "offline" }
  | { event: "opened"; compartment: number }
  | { event: "pickup"; compartment: number; code: string };

/** The envelope, when the bytes are one; the payload is checked after the signature. */
export function parseEnvelope(raw: Buffer): DeviceEnvelope | undefined {
  if (raw.length > 4096) return;
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const e = value as Record<string, unknown>;
  if (typeof e.device !== "string" || typeof e.payload !== "string" || typeof e.sig !== "string") return;
  if (typeof e.ts !== "number" || !Number.isSafeInteger(e.ts) || e.ts <= 0) return;
  return { device: e.device, ts: e.ts, payload: e.payload, sig: e.sig };
}

const COMPARTMENT = (n: unknown): n is number =>
  Number.isInteger(n) && (n as number) > 0 && (n as number) <= 200;

export function parseEvent(payload: string): DeviceEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const e = value as Record<string, unknown>;
  switch (e.event) {
    case "online":
    case "offline":
      return { event: e.event };
    case "opened":
      return COMPARTMENT(e.compartment) ? { event: "opened", compartment: e.compartment } : undefined;
    case "pickup":
      return COMPARTMENT(e.compartment) && typeof e.code === "string" && /^\d{6}$/.test(e.code)
        ? { event: "pickup", compartment: e.compartment, code: e.code }
        : undefined;
    default:
      return;
  }
}

/** Tongban's own message: signed with its Ed25519 key over the topic, "tongban", the time and the payload. */
export function tongbanEnvelope(signer: KeyObject, topic: string, body: object, now = Date.now()): string {
  const payload = JSON.stringify(body);
  return JSON.stringify({
    device: "tongban",
    ts: now,
    payload,
    sig: tongbanSignature(signer, signedText(topic, "tongban", now, payload)),
  });
}
