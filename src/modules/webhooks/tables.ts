import type { ColumnType, Generated, Selectable } from "kysely";

/** The events integrators may subscribe to ("*" for all of them). */
export const WEBHOOK_EVENT_TYPES = [
  "case.submitted",
  "case.accepted",
  "case.rejected",
  "case.supplement_requested",
  "case.resubmitted",
  "case.step_completed",
  "case.returned",
  "case.paused",
  "case.resumed",
  "case.decided",
  "case.issued",
  "case.delivered",
  "case.closed",
  "case.withdrawn",
  "case.warning",
  "case.overdue",
  "case.decision_reversed",
  "licence.issued",
  "licence.revoked",
  "registry.record_changed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

type CreatedAt = ColumnType<Date, Date | undefined, never>;

/** An integrator's endpoint and the events of a region subtree it receives. */
export interface WebhookSubscriptionTable {
  id: Generated<string>;
  name: string;
  url: string;
  /** The jurisdiction whose events it receives: every event whose region code starts with this one. */
  region_code: string;
  /** Event types, or ["*"] for all. */
  events: string[];
  created_by: string;
  created_at: CreatedAt;
  /** Set when deleted: kept for the deliveries that name it. */
  disabled_at: Date | null;
}

/** One event on its way to one subscription: sent by a job, retried with backoff. */
export interface WebhookDeliveryTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  subscription_id: string;
  /** The same for every subscription the event goes to: receivers de-duplicate by it. */
  event_id: string;
  event_type: string;
  /** The event's region (a copy of the payload's), so deliveries shard with the cases they report. */
  region_code: string;
  /** The body sent: { id, type, occurredAt, regionCode, data }. */
  payload: ColumnType<Record<string, unknown>, string, never>;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: Generated<number>;
  /** The HTTP status of the last answer; null when there was none (timeout, refused connection). */
  last_status: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  delivered_at: Date | null;
}

/** Ed25519 keys that sign deliveries; one is live, retired ones stay published for verification. */
export interface WebhookSigningKeyTable {
  id: Generated<string>;
  /** SPKI PEM. */
  public_key: string;
  /** PKCS #8 PEM, encrypted with PERSONAL_DATA_KEY (platform/crypto.ts). */
  private_key_enc: string;
  created_at: CreatedAt;
  retired_at: Date | null;
}

export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type WebhookSigningKeyRow = Selectable<WebhookSigningKeyTable>;

export interface WebhooksDatabase {
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_signing_keys: WebhookSigningKeyTable;
}
