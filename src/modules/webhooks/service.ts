import { randomUUID } from "node:crypto";
import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { AppError, errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { CODE_LENGTHS, isRegionCode } from "../regions/codes.ts";
import { getRegion } from "../regions/service.ts";
import { addressRefusal, DELIVER_JOB } from "./jobs.ts";
import { currentSigningKey } from "./signing.ts";
import * as store from "./store.ts";
import { type DeliveryStatus, WEBHOOK_EVENT_TYPES } from "./tables.ts";

export { type PublicSigningKey, publicSigningKeys, rotateSigningKey } from "./signing.ts";
export type { Delivery, EventPayload, Subscription } from "./store.ts";
export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./tables.ts";

/** Something that happened, for the integrators subscribed to its type in its region. */
export interface WebhookEvent {
  /** One of WEBHOOK_EVENT_TYPES. */
  type: string;
  /** The region of the case or licence: subscriptions of this region and every region above receive it. */
  regionCode: string;
  occurredAt: Date;
  /** JSON data: ids and states, never more personal data than an integrator of the region needs. */
  data: Record<string, unknown>;
}

const MAX_EVENT_BYTES = 64 * 1024;

/** The event's region and the regions above it, by their codes. */
function regionAndAncestors(code: string): string[] {
  return CODE_LENGTHS.filter((length) => length <= code.length).map((length) => code.slice(0, length));
}

function checkEvent(event: WebhookEvent): string {
  if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(event.type)) {
    throw new TypeError(`Unknown webhook event type "${event.type}": add it to WEBHOOK_EVENT_TYPES first`);
  }
  if (!isRegionCode(event.regionCode)) throw new TypeError(`Not a region code: "${event.regionCode}"`);
  if (!(event.occurredAt instanceof Date) || Number.isNaN(event.occurredAt.getTime())) {
    throw new TypeError("A webhook event needs the Date it occurred at");
  }
  if (typeof event.data !== "object" || event.data === null || Array.isArray(event.data)) {
    throw new TypeError("A webhook event's data is a JSON object");
  }
  const json = JSON.stringify(event.data);
  if (Buffer.byteLength(json) > MAX_EVENT_BYTES) {
    throw new TypeError(`A webhook event's data must stay under ${MAX_EVENT_BYTES} bytes of JSON`);
  }
  return json;
}

/**
 * Sends an event to every live subscription that takes it: one delivery row and one job each, in the
 * caller's transaction, so they exist only if the change they report commits. Runs on every case
 * transition, so without a subscription it costs one indexed query. An unknown type, a bad region
 * code or data that is not a JSON object is the caller's mistake and throws a TypeError.
 */
export async function emitWebhookEvent(
  tx: Executor,
  jobs: Jobs,
  event: WebhookEvent,
): Promise<{ eventId: string; deliveries: string[] }> {
  const [emitted] = await emitWebhookEvents(tx, jobs, [event]);
  return emitted as { eventId: string; deliveries: string[] };
}

/**
 * Several events of one change (a transition that accepts, decides and closes a case at once), in
 * order, with one query for the subscriptions of all of them. Every event must be of one region.
 */
export async function emitWebhookEvents(
  tx: Executor,
  jobs: Jobs,
  events: readonly WebhookEvent[],
): Promise<{ eventId: string; deliveries: string[] }[]> {
  const checked = events.map((event) => ({
    event,
    data: JSON.parse(checkEvent(event)) as Record<string, unknown>,
  }));
  if (!tx.isTransaction) return tx.transaction().execute((own) => emitWebhookEvents(own, jobs, events));
  const first = events[0];
  if (!first) return [];
  if (events.some((e) => e.regionCode !== first.regionCode)) {
    throw new TypeError("emitWebhookEvents takes the events of one region");
  }
  const subscriptions = await store.matchingSubscriptions(tx, regionAndAncestors(first.regionCode), [
    ...new Set(events.map((e) => e.type)),
  ]);
  const emitted: { eventId: string; deliveries: string[] }[] = [];
  for (const { event, data } of checked) {
    const eventId = randomUUID();
    const taking = subscriptions
      .filter((s) => s.events.includes("*") || s.events.includes(event.type))
      .map((s) => s.id);
    if (taking.length === 0) {
      emitted.push({ eventId, deliveries: [] });
      continue;
    }
    const deliveries = await store.insertDeliveries(tx, taking, {
      id: eventId,
      type: event.type,
      occurredAt: event.occurredAt.toISOString(),
      regionCode: event.regionCode,
      data,
    });
    for (const id of deliveries) await jobs.send(DELIVER_JOB, { id }, { tx });
    emitted.push({ eventId, deliveries });
  }
  return emitted;
}

// — subscriptions, kept by administrators —

export interface WebhookDeps {
  config: Pick<Config, "personalDataKey" | "requireTls">;
  jobs: Jobs;
}

export interface Origin {
  requestId?: string;
}

export interface SubscriptionInput {
  name: string;
  url: string;
  regionCode: string;
  events: string[];
}

export const webhookErrors = {
  notFound: () => errors.notFound("webhook subscription"),
  deliveryNotFound: () => errors.notFound("webhook delivery"),
  notFailed: (status: DeliveryStatus) =>
    new AppError(
      "webhook_delivery_not_failed",
      409,
      status === "pending"
        ? "This delivery is still being tried: wait for it to be delivered or to fail"
        : "This delivery was delivered already",
      { allowed: [], params: { status } },
    ),
  subscriptionDeleted: () =>
    new AppError(
      "webhook_subscription_deleted",
      409,
      "The subscription of this delivery was deleted: create it again to receive events",
    ),
};

/** An administrator (of `scope`'s region, when given: regions are public, so outside it is 403, not 404). */
function administrator(actor: Actor, scope: { regionCode: string } | "any" = "any"): string {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  if (actor.kind !== "staff" || !can(actor, "webhook.manage", scope)) throw errors.forbidden();
  return actor.id;
}

/**
 * Why a URL may not receive webhooks, or undefined. Only http(s), without a user name or password
 * (they would sit in the database and the logs; a token belongs in the path or query), and not to an
 * address no delivery may reach (docs/webhooks.md). Host names are checked again when resolved, at
 * each delivery. With `requireTls` (REQUIRE_TLS) only https: case events must not cross a network in
 * clear.
 */
export function webhookUrlProblem(value: string, options: { requireTls?: boolean } = {}): string | undefined {
  if (value.length > 2000) return "must be at most 2000 characters";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute http:// or https:// URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http:// or https:// URL";
  if (options.requireTls && url.protocol === "http:") {
    return "must be an https:// URL: REQUIRE_TLS is on, so events are not sent in plain text";
  }
  if (url.username || url.password) {
    return "must not hold a user name or password: put a token in the path or query instead";
  }
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return "must not point at this server";
  const refusal = addressRefusal(host);
  if (refusal) return `must not point at ${refusal}`;
  return undefined;
}

function checkSubscription(
  input: SubscriptionInput,
  requireTls: boolean,
): { problems: FieldProblem[]; events: string[] } {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (name === "" || name.length > 100)
    problems.push({ field: "/name", message: "must be 1 to 100 characters" });
  const urlProblem = webhookUrlProblem(input.url.trim(), { requireTls });
  if (urlProblem) problems.push({ field: "/url", message: urlProblem });
  if (!isRegionCode(input.regionCode)) {
    problems.push({ field: "/regionCode", message: "must be a region code of 2, 4, 6, 9 or 12 digits" });
  }
  if (input.events.length === 0) {
    problems.push({ field: "/events", message: 'must name at least one event type, or "*" for all' });
  }
  input.events.forEach((type, i) => {
    if (type !== "*" && !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)) {
      problems.push({
        field: `/events/${i}`,
        message: `is not an event type: use one of ${WEBHOOK_EVENT_TYPES.join(", ")} or "*"`,
      });
    }
  });
  const events = input.events.includes("*") ? ["*"] : [...new Set(input.events)];
  return { problems, events };
}

/** An administrator subscribes an endpoint to events of a region within their jurisdiction. */
export async function createSubscription(
  db: Db,
  deps: WebhookDeps,
  actor: Actor,
  input: SubscriptionInput,
  origin: Origin = {},
): Promise<store.Subscription> {
  const staffId = administrator(actor);
  const { problems, events } = checkSubscription(input, deps.config.requireTls);
  if (problems.length === 0) {
    const known = await getRegion(db, actor, input.regionCode).catch(() => undefined);
    if (!known) problems.push({ field: "/regionCode", message: "is not a known region" });
  }
  if (problems.length > 0) throw errors.validation(problems);
  administrator(actor, { regionCode: input.regionCode });
  return db.transaction().execute(async (tx) => {
    const created = await store.insertSubscription(tx, {
      name: input.name.trim(),
      url: input.url.trim(),
      regionCode: input.regionCode,
      events,
      createdBy: staffId,
    });
    // Receivers can fetch the key to verify with before the first event is sent.
    await currentSigningKey(tx, deps.config.personalDataKey);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "webhook.subscription_create",
      subjectKind: "webhook_subscription",
      subjectId: created.id,
      regionCode: created.regionCode,
      requestId: origin.requestId ?? null,
      // The host only: a path or query may hold the receiver's secret token.
      details: { name: created.name, host: new URL(created.url).host, events: created.events },
    });
    return created;
  });
}

/** The live subscriptions of every region within the administrator's jurisdictions. */
export async function listSubscriptions(db: Executor, actor: Actor): Promise<store.Subscription[]> {
  administrator(actor);
  const jurisdictions =
    actor.kind === "staff"
      ? actor.grants.filter((g) => g.role === "administrator").map((g) => g.jurisdictionCode)
      : [];
  return store.listSubscriptions(db, jurisdictions);
}

/** A live subscription the administrator keeps; anyone else's (and a deleted one) does not exist. */
export async function getSubscription(db: Executor, actor: Actor, id: string): Promise<store.Subscription> {
  administrator(actor);
  const subscription = isUuid(id) ? await store.findSubscription(db, id) : undefined;
  if (!subscription || subscription.disabledAt) throw webhookErrors.notFound();
  authorize(actor, "webhook.manage", { regionCode: subscription.regionCode });
  return subscription;
}

/** Stops a subscription: nothing more is sent to it, including deliveries still being tried. */
export async function deleteSubscription(
  db: Db,
  actor: Actor,
  id: string,
  origin: Origin = {},
): Promise<void> {
  const subscription = await getSubscription(db, actor, id);
  await db.transaction().execute(async (tx) => {
    if (!(await store.disableSubscription(tx, id, new Date()))) throw webhookErrors.notFound();
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "webhook.subscription_delete",
      subjectKind: "webhook_subscription",
      subjectId: id,
      regionCode: subscription.regionCode,
      requestId: origin.requestId ?? null,
      details: { name: subscription.name, host: new URL(subscription.url).host },
    });
  });
}

export const DELIVERIES_PAGE = 50;

/** A subscription's deliveries, newest first; `cursor` is the previous page's `nextCursor`. */
export async function listDeliveries(
  db: Executor,
  actor: Actor,
  subscriptionId: string,
  options: {
    status?: DeliveryStatus | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  } = {},
): Promise<{ items: store.Delivery[]; nextCursor: string | null }> {
  const subscription = await getSubscription(db, actor, subscriptionId);
  const limit = Math.min(Math.max(1, options.limit ?? DELIVERIES_PAGE), 100);
  const rows = await store.listDeliveries(db, subscription, {
    status: options.status,
    limit: limit + 1,
    after: options.cursor,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Tries a failed delivery again, from a fresh count of attempts (the receiver was down for long). It
 * changes no one's data, so it is in the log rather than the audit trail.
 */
export async function retryDelivery(db: Db, jobs: Jobs, actor: Actor, id: string): Promise<store.Delivery> {
  administrator(actor);
  const delivery = isUuid(id) ? await store.findDelivery(db, id) : undefined;
  const subscription = delivery ? await store.findSubscription(db, delivery.subscriptionId) : undefined;
  if (!delivery || !subscription) throw webhookErrors.deliveryNotFound();
  authorize(actor, "webhook.manage", { regionCode: subscription.regionCode });
  if (subscription.disabledAt) throw webhookErrors.subscriptionDeleted();
  await db.transaction().execute(async (tx) => {
    if (!(await store.resetFailed(tx, provinceOf(delivery.regionCode), id)))
      throw webhookErrors.notFailed(delivery.status);
    await jobs.send(DELIVER_JOB, { id }, { tx });
  });
  const retried = await store.findDelivery(db, id);
  if (!retried) throw webhookErrors.deliveryNotFound();
  return retried;
}
