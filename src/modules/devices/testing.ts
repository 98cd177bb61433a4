/** For tests of hall devices: a device played by an MQTT client of the test, against the real broker. */
import { createPublicKey, randomBytes, verify } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import { outbox } from "../applicants/testing.ts";
import {
  act,
  type CaseWorld,
  call,
  caseWorld,
  multipartFile,
  SAMPLE_ANSWERS,
  type Staff,
  staffOf,
  TINY_PDF,
  taskAt,
} from "../cases/testing.ts";
import { bridgeOf, type DeviceBridge, type Outcome } from "./bridge.ts";
import type { Credentials } from "./devices.ts";
import { deviceSignature, signedText } from "./keys.ts";

export const MQTT_URL = process.env.MQTT_URL;

/** Settings for a test app whose bridge talks under a topic root of its own, unheard by other tests. */
export function deviceTestEnv(): Record<string, string> {
  return { MQTT_URL: MQTT_URL ?? "", MQTT_TOPIC_ROOT: `tb-test-${randomBytes(5).toString("hex")}` };
}

export function bridgeOfApp(t: TestApp): DeviceBridge {
  const bridge = bridgeOf(t.platform);
  if (!bridge) throw new Error("The test app has no device bridge: is MQTT_URL set?");
  return bridge;
}

/** The bridge's next outcome that `match` accepts. */
export function nextOutcome(
  bridge: DeviceBridge,
  match: (o: Outcome) => boolean = () => true,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      bridge.events.off("outcome", listener);
      reject(new Error("No device message was handled within 5 s"));
    }, 5000);
    const listener = (outcome: Outcome) => {
      if (!match(outcome)) return;
      clearTimeout(timer);
      bridge.events.off("outcome", listener);
      resolve(outcome);
    };
    bridge.events.on("outcome", listener);
  });
}

export interface Heard {
  topic: string;
  body: Record<string, unknown>;
  /** Tongban's signature checked with the key given at registration. */
  genuine: boolean;
}

/**
 * A device as its maker would build it: it signs what it sends with its secret and checks what Tongban
 * sends with Tongban's public key.
 */
export class TestDevice {
  readonly heard: Heard[] = [];
  #client: MqttClient | undefined;
  #waiters: { topic: string; resolve: (h: Heard) => void }[] = [];

  constructor(
    readonly credentials: Credentials,
    readonly brokerUrl = MQTT_URL as string,
  ) {}

  get id(): string {
    return this.credentials.deviceId;
  }

  /** Connects with its last will ("offline") and listens to its topics. */
  async connect(): Promise<void> {
    const { topics } = this.credentials;
    this.#client = await mqtt.connectAsync(this.brokerUrl, {
      clientId: `test-device-${randomBytes(4).toString("hex")}`,
      reconnectPeriod: 0,
      will: {
        topic: topics.state as string,
        payload: Buffer.from(this.envelope({ event: "offline" })),
        qos: 1,
        retain: false,
      },
    });
    this.#client.on("message", (topic, payload) => this.#hear(topic, payload));
    const listening = Object.entries(topics)
      .filter(([name]) => name !== "state")
      .map(([, topic]) => topic);
    if (listening.length > 0) await this.#client.subscribeAsync(listening, { qos: 1 });
  }

  /** Leaves without saying goodbye: the broker sends the last will. */
  drop(): void {
    (this.#client as unknown as { stream: { destroy(): void } }).stream.destroy();
  }

  async end(): Promise<void> {
    await this.#client?.endAsync(true);
  }

  /** The signed envelope of an event; `secret` and `ts` let a test forge or replay one. */
  envelope(event: object, options: { secret?: string; ts?: number; device?: string } = {}): string {
    const device = options.device ?? this.id;
    const ts = options.ts ?? Date.now();
    const payload = JSON.stringify(event);
    const text = signedText(this.credentials.topics.state as string, device, ts, payload);
    const sig = deviceSignature(options.secret ?? this.credentials.secret, text);
    return JSON.stringify({ device, ts, payload, sig });
  }

  async send(event: object, options: { secret?: string; ts?: number; raw?: string } = {}): Promise<void> {
    const body = options.raw ?? this.envelope(event, options);
    await this.#client?.publishAsync(this.credentials.topics.state as string, body, { qos: 1 });
  }

  /** The next message Tongban sends on one of the device's topics (by its name: assign, pickup, calls…). */
  next(name: string): Promise<Heard> {
    const topic = this.credentials.topics[name] as string;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Nothing heard on ${name} within 5 s`)), 5000);
      this.#waiters.push({
        topic,
        resolve: (heard) => {
          clearTimeout(timer);
          resolve(heard);
        },
      });
    });
  }

  #hear(topic: string, raw: Buffer): void {
    const envelope = JSON.parse(raw.toString("utf8")) as {
      device: string;
      ts: number;
      payload: string;
      sig: string;
    };
    const key = createPublicKey({
      key: {
        kty: "OKP",
        crv: "Ed25519",
        x: Buffer.from(this.credentials.tongbanKey, "base64").toString("base64url"),
      },
      format: "jwk",
    });
    const genuine = verify(
      null,
      Buffer.from(signedText(topic, envelope.device, envelope.ts, envelope.payload)),
      key,
      Buffer.from(envelope.sig, "base64"),
    );
    const heard = { topic, body: JSON.parse(envelope.payload) as Record<string, unknown>, genuine };
    this.heard.push(heard);
    const waiter = this.#waiters.findIndex((w) => w.topic === topic);
    if (waiter >= 0) this.#waiters.splice(waiter, 1)[0]?.resolve(heard);
  }
}

export interface DeviceWorld extends CaseWorld {
  admin: Staff;
  siteCode: string;
}

/** The case world, an administrator of the county and a hall of its own (a unique code). */
export async function deviceWorld(t: TestApp): Promise<DeviceWorld> {
  const w = await caseWorld(t);
  const admin = await staffOf(t, "administrator", { line: "government_service" });
  const siteCode = `hall-${randomBytes(4).toString("hex")}`;
  const saved = await call(t, admin, "PUT", `/api/v1/sites/${siteCode}`, {
    kind: "hall",
    regionCode: "330523",
    departmentId: await department(t.platform.database.db, "330523"),
    name: "安吉县政务服务中心",
    nameEn: "Anji County Service Centre",
    hours: { working: [["08:30", "17:00"]], rest: [] },
  });
  if (saved.statusCode !== 200) throw new Error(`site: ${saved.statusCode} ${saved.body}`);
  return { ...w, admin, siteCode };
}

/** Registers a device of the world's hall as its administrator: the device and its credentials. */
export async function register(
  w: DeviceWorld,
  body: { kind: "kiosk" | "board" | "locker"; name?: string; compartments?: number },
): Promise<Credentials> {
  const response = await call(w.t, w.admin, "POST", `/api/v1/sites/${w.siteCode}/devices`, {
    name: `${body.kind}-${randomBytes(3).toString("hex")}`,
    ...body,
  });
  if (response.statusCode !== 201) throw new Error(`register: ${response.statusCode} ${response.body}`);
  return response.json().credentials as Credentials;
}

/**
 * A case of the world's applicant, decided and issued, waiting to be picked up at the counter: its
 * id and number.
 */
export async function caseAwaitingPickup(w: DeviceWorld): Promise<{ caseId: string; number: string }> {
  const { t, applicant } = w;
  const started = await call(t, applicant, "POST", "/api/v1/applications", { offering: w.offeringId });
  const id = started.json().id as string;
  await call(t, applicant, "PATCH", `/api/v1/applications/${id}`, {
    answers: SAMPLE_ANSWERS,
    delivery: { method: "pickup" },
  });
  const file = multipartFile("申请书.pdf", TINY_PDF);
  await t.app.inject({
    method: "PUT",
    url: `/api/v1/applications/${id}/materials/application`,
    headers: { cookie: applicant.cookie, ...file.headers },
    payload: file.payload,
  });
  const submitted = await call(t, applicant, "POST", `/api/v1/applications/${id}/submission`, {});
  if (submitted.statusCode !== 201) throw new Error(`submit: ${submitted.statusCode} ${submitted.body}`);
  const { caseId, number } = submitted.json() as { caseId: string; number: string };
  const steps: [Staff, string, object][] = [
    [w.clerk, "intake", { action: "accept" }],
    [w.reviewer, "review", { action: "complete", opinion: "agree" }],
    [w.approver, "decision", { action: "grant", reason: "符合条件", legalBasis: "《食品安全法》第三十五条" }],
    [w.reviewer, "issuance", { action: "issue" }],
  ];
  for (const [who, stage, body] of steps) {
    const done = await act(t, who, (await taskAt(t, caseId, stage)).id, body);
    if (done.statusCode !== 200) throw new Error(`${stage}: ${done.statusCode} ${done.body}`);
  }
  return { caseId, number };
}

/** The pick-up code last texted to a mobile number. */
export async function textedCode(t: TestApp, mobile: string): Promise<string> {
  const sent = (await outbox(t, mobile)).filter((m) => m.template === "locker.pickup_code").at(-1);
  if (!sent) throw new Error(`No code was texted to ${mobile}`);
  return String(sent.params.code);
}
