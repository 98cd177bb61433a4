import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import type { MqttClient } from "mqtt";
import type { MqttSettings } from "../../platform/config.ts";
import { redactUrl } from "../../platform/db/database.ts";
import type { Platform } from "../../platform/platform.ts";
import { type HallSignal, onHallSignal } from "../halls/signals.ts";
import type { Site } from "../halls/sites.ts";
import { type RejectReason, receive } from "./devices.ts";
import { deviceKeys } from "./keys.ts";
import { type LockerItem, type PickupResult, pickUp } from "./lockers.ts";
import { tongbanEnvelope, topicsOf } from "./protocol.ts";
import type { HallDeviceRow } from "./tables.ts";

/** What became of one device message: taken (and what it said), or ignored and why. */
export type Outcome =
  | { topic: string; accepted: true; deviceId: string; event: string; pickup?: PickupResult }
  | { topic: string; accepted: false; deviceId?: string; reason: RejectReason | "failed" };

type BridgePlatform = Pick<Platform, "config" | "database" | "jobs" | "log">;

/**
 * The bridge between Tongban and the halls' devices over MQTT. It listens to every device's state
 * topic, opens each message (`receive` checks who signed it), acts on it (a heartbeat, a pick-up from
 * a locker) and answers; it tells boards of calls from the hall signals and lockers of what was put in
 * them. The broker may come and go: the client reconnects by itself and subscribes again each time.
 * Messages it ignores are logged and counted by reason (`stats`).
 */
export class DeviceBridge {
  readonly stats = new Map<string, number>();
  /** "outcome" after each device message, "subscribed" on each (re)connection: tests follow the bridge by them. */
  readonly events = new EventEmitter();
  readonly topics;
  #client: MqttClient | undefined;
  #stopListening: (() => void) | undefined;
  #down = false;
  #subscribed: Promise<void>;
  #onSubscribed: () => void = () => {};

  constructor(
    private readonly platform: BridgePlatform,
    private readonly settings: MqttSettings,
  ) {
    this.topics = topicsOf(settings.topicRoot);
    this.#subscribed = new Promise((resolve) => {
      this.#onSubscribed = resolve;
    });
  }

  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  /** Resolves once the bridge has subscribed to the devices' topics for the first time. */
  subscribed(): Promise<void> {
    return this.#subscribed;
  }

  /** The broker as logs name it: without its password. */
  get #broker(): string {
    return redactUrl(this.settings.url);
  }

  start(): void {
    const { log } = this.platform;
    // Loaded only where a broker is configured: mqtt.js costs a server some 15 MB it may never use.
    const mqtt = createRequire(import.meta.url)("mqtt") as typeof import("mqtt");
    const client = mqtt.connect(this.settings.url, {
      clientId: `tongban-${randomBytes(6).toString("hex")}`,
      clean: true,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      // Subscribed afresh on every connection below: a restarted broker has forgotten us.
      resubscribe: false,
    });
    this.#client = client;
    client.on("connect", () => {
      if (this.#down) log.info({ broker: this.#broker }, "devices: broker reachable again");
      this.#down = false;
      client.subscribe(this.topics.stateFilter, { qos: 1 }, (error) => {
        if (error) log.error({ err: error }, "devices: could not subscribe to the devices' topics");
        else {
          this.#onSubscribed();
          this.events.emit("subscribed");
        }
      });
    });
    client.on("error", (error) => {
      if (!this.#down) log.warn({ err: error, broker: this.#broker }, "devices: broker unreachable");
      this.#down = true;
    });
    client.on("offline", () => {
      if (!this.#down) log.warn({ broker: this.#broker }, "devices: broker connection lost");
      this.#down = true;
    });
    client.on("message", (topic, payload) => {
      this.handle(topic, payload).then(
        (outcome) => this.events.emit("outcome", outcome),
        (error: unknown) => {
          log.error({ err: error, topic }, "devices: a device message failed");
          this.#count("failed");
          this.events.emit("outcome", { topic, accepted: false, reason: "failed" } satisfies Outcome);
        },
      );
    });
    this.#stopListening = onHallSignal((signal) => this.#tellBoards(signal));
  }

  async stop(): Promise<void> {
    this.#stopListening?.();
    const client = this.#client;
    this.#client = undefined;
    if (client) await client.endAsync(true);
  }

  #count(key: string): void {
    this.stats.set(key, (this.stats.get(key) ?? 0) + 1);
  }

  /** Publishes a message signed by Tongban; while the broker is away, mqtt.js keeps it till it returns. */
  publish(topic: string, body: object, options: { retain?: boolean } = {}): void {
    const signer = deviceKeys(this.platform.config.personalDataKey).signer;
    this.#client?.publish(topic, tongbanEnvelope(signer, topic, body), {
      qos: 1,
      retain: options.retain ?? false,
    });
  }

  async handle(topic: string, payload: Buffer): Promise<Outcome> {
    const { database, config, jobs, log } = this.platform;
    const received = await receive(database.db, { config }, topic, payload);
    if (!received.ok) {
      this.#count(received.reason);
      log.warn({ topic, reason: received.reason, deviceId: received.deviceId }, "devices: message ignored");
      return {
        topic,
        accepted: false,
        reason: received.reason,
        ...(received.deviceId ? { deviceId: received.deviceId } : {}),
      };
    }
    this.#count("accepted");
    const { device, site, event } = received;
    if (event.event === "pickup") {
      if (device.kind !== "locker") return { topic, accepted: true, deviceId: device.id, event: event.event };
      const result = await pickUp(database.db, { jobs, config }, device, site, event.compartment, event.code);
      if (result.result === "refused") {
        this.#count(`pickup_${result.reason}`);
        log.warn(
          { deviceId: device.id, compartment: event.compartment, reason: result.reason },
          "devices: pick-up refused",
        );
      }
      this.publish(this.topics.pickup(site.code, device.id), {
        compartment: event.compartment,
        ...(result.result === "open"
          ? { result: "open", assignment: result.item.id, caseNumber: result.item.caseNumber }
          : { result: "refused", reason: result.reason }),
      });
      return { topic, accepted: true, deviceId: device.id, event: event.event, pickup: result };
    }
    if (event.event === "opened")
      log.info({ deviceId: device.id, compartment: event.compartment }, "devices: locker opened");
    return { topic, accepted: true, deviceId: device.id, event: event.event };
  }

  /** Tells a locker what was put in it: the compartment, the case and the code's hash. */
  tellLocker(site: Site, locker: HallDeviceRow, item: LockerItem, codeHash: string): void {
    this.publish(this.topics.assign(site.code, locker.id), {
      assignment: item.id,
      compartment: item.compartment,
      caseNumber: item.caseNumber,
      codeHash,
      expiresAt: item.expiresAt,
    });
  }

  #tellBoards(signal: HallSignal): void {
    if (signal.kind === "call") {
      this.publish(this.topics.calls(signal.siteCode), {
        ticket: signal.ticketNumber,
        window: signal.windowLabel,
        callCount: signal.callCount,
        at: signal.at,
      });
    } else {
      this.publish(
        this.topics.queue(signal.siteCode),
        { waiting: signal.waiting, at: signal.at },
        { retain: true },
      );
    }
  }
}

/** The bridge of each running platform (one per server; tests build several). */
const bridges = new WeakMap<object, DeviceBridge>();

export function bridgeOf(platform: object): DeviceBridge | undefined {
  return bridges.get(platform);
}

/** Starts the bridge when MQTT_URL is set; without it nothing connects. */
export function startBridge(platform: BridgePlatform): DeviceBridge | undefined {
  const settings = platform.config.mqtt;
  if (!settings) return undefined;
  const bridge = new DeviceBridge(platform, settings);
  bridges.set(platform, bridge);
  bridge.start();
  return bridge;
}

export async function stopBridge(platform: object): Promise<void> {
  const bridge = bridges.get(platform);
  bridges.delete(platform);
  await bridge?.stop();
}
