import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import type { Logger } from "pino";
import type { Db } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { isUuid } from "../../platform/ids.ts";
import type { JobDefinition } from "../../platform/jobs.ts";
import { currentSigningKey, signatureHeader, signDelivery } from "./signing.ts";
import * as store from "./store.ts";

export const DELIVER_JOB = "webhooks.deliver";

/** pg-boss waits about 2^n seconds before retry n: eight retries ride out some minutes of a receiver's outage. */
export const DELIVER_RETRY_LIMIT = 8;
export const DELIVER_TIMEOUT_MS = 10_000;

// Where a delivery never goes, whoever set the subscription up: the host's own network ("this network",
// link-local — the cloud metadata service lives at 169.254.169.254), multicast and reserved addresses.
// Private ranges stay allowed: a province's own systems commonly sit on the government extranet.
const NEVER = new BlockList();
NEVER.addSubnet("0.0.0.0", 8, "ipv4");
NEVER.addSubnet("169.254.0.0", 16, "ipv4");
NEVER.addSubnet("224.0.0.0", 4, "ipv4");
NEVER.addSubnet("240.0.0.0", 4, "ipv4");
NEVER.addAddress("::", "ipv6");
NEVER.addSubnet("fe80::", 10, "ipv6");
NEVER.addSubnet("ff00::", 8, "ipv6");
// Tongban's own machine: its database, its admin ports. Only tests, building the job themselves, may.
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** Why a delivery may not go to this IP address, or undefined when it may. */
export function addressRefusal(
  address: string,
  options: { allowLoopback?: boolean } = {},
): string | undefined {
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  if (NEVER.check(address, family)) return "a link-local, multicast or reserved address";
  if (!options.allowLoopback && LOOPBACK.check(address, family)) return "a loopback address of this server";
  return undefined;
}

/** A delivery that may not be made to where its URL leads: no retry will change that. */
export class RefusedAddressError extends Error {
  override name = "RefusedAddressError";
}

/** Resolves a host name and refuses it when any of its addresses may not be reached. */
function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as LookupAddress[];
      for (const { address } of list) {
        const refusal = addressRefusal(address, { allowLoopback });
        if (refusal) return callback(new RefusedAddressError(`${hostname} is ${address}, ${refusal}`), "", 0);
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

export interface PostOptions {
  timeoutMs: number;
  allowLoopback: boolean;
}

/**
 * POSTs the body and resolves with the answer's status. Redirects are not followed (node:http never
 * does) and the answer's body is never read: the connection is dropped once the status is known, so a
 * receiver sending megabytes back costs nothing. The address is checked after resolving, on the
 * connection itself, so a name cannot resolve to one address when checked and another when used.
 */
export function postJson(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const refusal = isIP(host) ? addressRefusal(host, options) : undefined;
    if (refusal) return reject(new RefusedAddressError(`${host} is ${refusal}`));
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(options.timeoutMs),
        lookup: guardedLookup(options.allowLoopback),
        agent: false,
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

export interface WebhookDeliveryDeps {
  personalDataKey: Buffer;
  /** Attempts before the delivery is marked failed: the job's retry limit plus one. */
  maxAttempts: number;
  timeoutMs: number;
  allowLoopback: boolean;
  /** REQUIRE_TLS: an http subscription made before it was turned on is failed, never sent in clear. */
  requireTls?: boolean;
  log: Logger;
}

function describe(error: unknown, timeoutMs: number): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.name === "AbortError" || e?.name === "TimeoutError") return `no answer within ${timeoutMs / 1000} s`;
  return (e?.message || String(error)).slice(0, 1000);
}

/**
 * Sends one delivery, signed with the live key: a 2xx answer delivers it; anything else — another
 * status, a redirect, a timeout, a refused connection — is recorded and thrown, so the queue retries
 * with backoff until the last attempt marks it failed. An address it may never reach, or a subscription
 * deleted meanwhile, fails it at once. Delivery is at least once: receivers de-duplicate by event id.
 */
export async function deliverWebhook(
  db: Db,
  id: string,
  deps: WebhookDeliveryDeps,
): Promise<"delivered" | "skipped" | "failed"> {
  const log = deps.log.child({ webhookDelivery: id });
  const delivery = isUuid(id) ? await store.findDelivery(db, id) : undefined;
  if (delivery?.status !== "pending") {
    log.info({ status: delivery?.status ?? "missing" }, "webhook delivery not pending: nothing to send");
    return "skipped";
  }
  const subscription = await store.findSubscription(db, delivery.subscriptionId);
  if (!subscription || subscription.disabledAt) {
    await fail(db, delivery, deps, log, {
      status: null,
      error: "the subscription was deleted",
      final: true,
      counted: false,
    });
    return "failed";
  }
  if (deps.requireTls && new URL(subscription.url).protocol === "http:") {
    await fail(db, delivery, deps, log, {
      status: null,
      error:
        "REQUIRE_TLS is on and the subscription's URL is http://: subscribe its https:// address instead",
      final: true,
      counted: false,
    });
    return "failed";
  }
  const { payload } = delivery;
  // The stored JSON comes back with its keys reordered; the receiver gets them in the documented order.
  const body = JSON.stringify({
    id: payload.id,
    type: payload.type,
    occurredAt: payload.occurredAt,
    regionCode: payload.regionCode,
    data: payload.data,
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  let status: number | null = null;
  let error: string;
  let permanent = false;
  try {
    // Inside the try: a key that cannot be read (PERSONAL_DATA_KEY changed) is a failed attempt too.
    const key = await currentSigningKey(db, deps.personalDataKey);
    const headers = {
      "content-type": "application/json",
      "user-agent": "Tongban-Webhooks/1",
      "tongban-event-id": payload.id,
      "tongban-event-type": payload.type,
      "tongban-timestamp": timestamp,
      "tongban-signature": signatureHeader(key.id, signDelivery(key.privateKey, timestamp, body)),
    };
    status = await postJson(new URL(subscription.url), body, headers, deps);
    if (status >= 200 && status < 300) {
      await store.markDelivered(db, provinceOf(delivery.regionCode), delivery.id, status, new Date());
      log.info({ status, eventType: payload.type }, "webhook delivered");
      return "delivered";
    }
    error =
      status >= 300 && status < 400
        ? `HTTP ${status}: redirects are not followed, point the subscription at the final address`
        : `HTTP ${status}`;
  } catch (caught) {
    permanent = caught instanceof RefusedAddressError;
    error = describe(caught, deps.timeoutMs);
  }
  await fail(db, delivery, deps, log, { status, error, final: permanent, counted: true });
  if (permanent) return "failed";
  throw new Error(`Webhook delivery ${delivery.id} failed: ${error}`);
}

async function fail(
  db: Db,
  delivery: Pick<store.Delivery, "id" | "regionCode">,
  deps: WebhookDeliveryDeps,
  log: Logger,
  failure: { status: number | null; error: string; final: boolean; counted: boolean },
): Promise<void> {
  const recorded = await store.recordFailure(db, provinceOf(delivery.regionCode), delivery.id, {
    ...failure,
    maxAttempts: deps.maxAttempts,
  });
  const details = { attempts: recorded?.attempts, maxAttempts: deps.maxAttempts, error: failure.error };
  if (recorded?.status === "pending") log.warn(details, "webhook not delivered: will try again");
  else log.error(details, "webhook delivery failed for good");
}

export interface WebhookJobOptions {
  retryLimit?: number;
  timeoutMs?: number;
  /** Deliver to 127.0.0.1 and ::1 too: for tests, whose receivers run on this machine. */
  allowLoopback?: boolean;
}

/** Delivers one webhook (`{ id }`); the row counts attempts, since the job's data carries no retry count. */
export function createWebhookDeliverJob(options: WebhookJobOptions = {}): JobDefinition<{ id: string }> {
  const retryLimit = options.retryLimit ?? DELIVER_RETRY_LIMIT;
  return {
    name: DELIVER_JOB,
    retryLimit,
    run: async (data, { db, log, config }) => {
      await deliverWebhook(db, String(data.id), {
        personalDataKey: config.personalDataKey,
        maxAttempts: retryLimit + 1,
        timeoutMs: options.timeoutMs ?? DELIVER_TIMEOUT_MS,
        allowLoopback: options.allowLoopback ?? false,
        requireTls: config.requireTls,
        log,
      });
    },
  };
}

export const webhookDeliverJob = createWebhookDeliverJob();
