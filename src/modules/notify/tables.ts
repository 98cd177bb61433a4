import type { ColumnType, Generated, Selectable } from "kysely";
import type { Locale } from "../../platform/config.ts";

export const CHANNELS = ["email", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];
export const NOTIFICATION_STATUSES = ["pending", "sent", "failed"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** The outbox: one row per message, written in the transaction of the change that causes it. */
export interface NotificationTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  channel: Channel;
  /** An e-mail address or a mainland mobile number, as validated when queued. */
  recipient: string;
  template: string;
  locale: Locale;
  /**
   * What the template is filled with. Emptied once the message is sent or has failed: it can hold live
   * secrets (sign-in links, one-time codes) that must not outlive their delivery.
   */
  params: ColumnType<Record<string, string | number>, string, string>;
  status: ColumnType<NotificationStatus, NotificationStatus | undefined, NotificationStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  sent_at: Date | null;
}

export type NotificationRow = Selectable<NotificationTable>;
