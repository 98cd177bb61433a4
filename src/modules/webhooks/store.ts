import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { inProvince, provinceId, provinceOf, provinceOfId } from "../../platform/db/distribution.ts";
import type {
  DeliveryStatus,
  WebhookDeliveryRow,
  WebhookSigningKeyRow,
  WebhookSubscriptionRow,
} from "./tables.ts";

export interface Subscription {
  id: string;
  name: string;
  url: string;
  regionCode: string;
  events: string[];
  createdBy: string;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface EventPayload {
  id: string;
  type: string;
  occurredAt: string;
  regionCode: string;
  data: Record<string, unknown>;
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  regionCode: string;
  payload: EventPayload;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

function toSubscription(row: WebhookSubscriptionRow): Subscription {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    regionCode: row.region_code,
    events: row.events,
    createdBy: row.created_by,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

function toDelivery(row: WebhookDeliveryRow): Delivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.event_type,
    regionCode: row.region_code,
    payload: row.payload as unknown as EventPayload,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

// — subscriptions —

export async function insertSubscription(
  db: Executor,
  subscription: Pick<Subscription, "name" | "url" | "regionCode" | "events" | "createdBy">,
): Promise<Subscription> {
  const row = await db
    .insertInto("webhook_subscriptions")
    .values({
      name: subscription.name,
      url: subscription.url,
      region_code: subscription.regionCode,
      events: subscription.events,
      created_by: subscription.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSubscription(row);
}

export async function findSubscription(db: Executor, id: string): Promise<Subscription | undefined> {
  const row = await db
    .selectFrom("webhook_subscriptions")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toSubscription(row) : undefined;
}

/** The live subscriptions of regions within any of the jurisdictions, by region and name. */
export async function listSubscriptions(db: Executor, jurisdictions: string[]): Promise<Subscription[]> {
  if (jurisdictions.length === 0) return [];
  const rows = await db
    .selectFrom("webhook_subscriptions")
    .selectAll()
    .where("disabled_at", "is", null)
    .where((eb) => eb.or(jurisdictions.map((code) => eb("region_code", "like", `${code}%`))))
    .orderBy("region_code")
    .orderBy("name")
    .orderBy("id")
    .execute();
  return rows.map(toSubscription);
}

export async function disableSubscription(db: Executor, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("webhook_subscriptions")
    .set({ disabled_at: now })
    .where("id", "=", id)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The live subscriptions an event goes to: those of its region or a region above (`regionCodes` are
 * the event's region and its ancestors) that take its type or every type.
 */
export async function matchingSubscriptions(
  db: Executor,
  regionCodes: string[],
  types: readonly string[],
): Promise<{ id: string; events: string[] }[]> {
  return db
    .selectFrom("webhook_subscriptions")
    .select(["id", "events"])
    .where("disabled_at", "is", null)
    .where("region_code", "in", regionCodes)
    .where(sql<boolean>`events && (${sql.val([...types, "*"])})::text[]`)
    .execute();
}

// — deliveries —

export async function insertDeliveries(
  db: Executor,
  subscriptionIds: string[],
  payload: EventPayload,
): Promise<string[]> {
  const json = JSON.stringify(payload);
  const rows = await db
    .insertInto("webhook_deliveries")
    .values(
      subscriptionIds.map((subscriptionId) => ({
        province_code: provinceOf(payload.regionCode),
        id: provinceId(provinceOf(payload.regionCode)),
        subscription_id: subscriptionId,
        event_id: payload.id,
        event_type: payload.type,
        region_code: payload.regionCode,
        payload: json,
      })),
    )
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** A delivery by the id a job or an address carries, which names its province. */
export async function findDelivery(db: Executor, id: string): Promise<Delivery | undefined> {
  const row = await db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

/**
 * A subscription's deliveries, newest first, after the delivery `after` (the previous page's last). A
 * subscription takes the events of its region and below, so its deliveries lie in its region's province.
 */
export async function listDeliveries(
  db: Executor,
  subscription: Pick<Subscription, "id" | "regionCode">,
  options: { status?: DeliveryStatus | undefined; limit: number; after?: string | undefined },
): Promise<Delivery[]> {
  const province = provinceOf(subscription.regionCode);
  let query = db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("province_code", "=", province)
    .where("subscription_id", "=", subscription.id);
  if (options.status) query = query.where("status", "=", options.status);
  if (options.after) {
    const after = options.after;
    query = query.where(
      sql<boolean>`(created_at, id) < (select d.created_at, d.id from webhook_deliveries d
        where d.province_code = ${province} and d.id = ${after})`,
    );
  }
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(options.limit).execute();
  return rows.map(toDelivery);
}

/** Counts the attempt that succeeded; false when the delivery was no longer pending. */
export async function markDelivered(
  db: Executor,
  province: string,
  id: string,
  status: number,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("webhook_deliveries")
    .set((eb) => ({
      status: "delivered",
      delivered_at: now,
      attempts: eb("attempts", "+", 1),
      last_status: status,
      last_error: null,
    }))
    .where("province_code", "=", province)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Counts a failed attempt (`counted`; not when none could be made) and its answer. The delivery fails
 * for good when `final` says so or when this was its last allowed attempt.
 */
export async function recordFailure(
  db: Executor,
  province: string,
  id: string,
  failure: { status: number | null; error: string; maxAttempts: number; final: boolean; counted: boolean },
): Promise<{ attempts: number; status: DeliveryStatus } | undefined> {
  const attempts = failure.counted
    ? sql<number>`webhook_deliveries.attempts + 1`
    : sql<number>`webhook_deliveries.attempts`;
  const givesUp = failure.final ? sql<boolean>`true` : sql<boolean>`${attempts} >= ${failure.maxAttempts}`;
  return db
    .updateTable("webhook_deliveries")
    .set({
      attempts,
      last_status: failure.status,
      last_error: failure.error,
      status: sql<DeliveryStatus>`case when ${givesUp} then 'failed' else 'pending' end`,
    })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .returning(["attempts", "status"])
    .executeTakeFirst();
}

/** A failed delivery starts over with a fresh count of attempts; false when it had not failed. */
export async function resetFailed(db: Executor, province: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable("webhook_deliveries")
    .set({ status: "pending", attempts: 0 })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .where("status", "=", "failed")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// — signing keys —

/** Adds a live key unless one exists already (another server made it first): its id, or undefined. */
export async function insertSigningKey(
  db: Executor,
  key: { publicKey: string; privateKeyEnc: string },
): Promise<string | undefined> {
  const row = await db
    .insertInto("webhook_signing_keys")
    .values({ public_key: key.publicKey, private_key_enc: key.privateKeyEnc })
    .onConflict((c) => c.doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export function findLiveSigningKey(db: Executor): Promise<WebhookSigningKeyRow | undefined> {
  return db.selectFrom("webhook_signing_keys").selectAll().where("retired_at", "is", null).executeTakeFirst();
}

export async function retireLiveSigningKey(db: Executor, now: Date): Promise<void> {
  await db
    .updateTable("webhook_signing_keys")
    .set({ retired_at: now })
    .where("retired_at", "is", null)
    .execute();
}

/** Every key, the live one first, then the retired ones newest first. */
export function listSigningKeys(
  db: Executor,
): Promise<Pick<WebhookSigningKeyRow, "id" | "public_key" | "created_at" | "retired_at">[]> {
  return db
    .selectFrom("webhook_signing_keys")
    .select(["id", "public_key", "created_at", "retired_at"])
    .orderBy(sql`retired_at is null`, "desc")
    .orderBy("created_at", "desc")
    .execute();
}
