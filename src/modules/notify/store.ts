import { sql } from "kysely";
import type { Locale } from "../../platform/config.ts";
import type { Executor } from "../../platform/db/database.ts";
import { inProvince, provinceId, provinceOfId } from "../../platform/db/distribution.ts";
import type { Channel, NotificationRow, NotificationStatus } from "./tables.ts";

export interface NewNotification {
  channel: Channel;
  recipient: string;
  template: string;
  locale: Locale;
  params: Record<string, string | number>;
  provinceCode: string;
}

export async function insertNotification(db: Executor, notification: NewNotification): Promise<string> {
  const row = await db
    .insertInto("notifications")
    .values({
      province_code: notification.provinceCode,
      id: provinceId(notification.provinceCode),
      channel: notification.channel,
      recipient: notification.recipient,
      template: notification.template,
      locale: notification.locale,
      params: JSON.stringify(notification.params),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A notification by the id a delivery job carries, which names its province. */
export function findNotification(db: Executor, id: string): Promise<NotificationRow | undefined> {
  return db
    .selectFrom("notifications")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
}

/** Counts the attempt that succeeded and forgets the parameters; false when it was no longer pending. */
export async function markSent(db: Executor, province: string, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("notifications")
    .set((eb) => ({
      status: "sent",
      sent_at: now,
      attempts: eb("attempts", "+", 1),
      params: "{}",
    }))
    .where("province_code", "=", province)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Counts a failed attempt. The notification fails for good when `final` says so or when this was its
 * last allowed attempt; its parameters are then forgotten like a sent one's.
 */
export async function recordFailure(
  db: Executor,
  province: string,
  id: string,
  failure: { error: string; maxAttempts: number; final: boolean },
): Promise<{ attempts: number; status: NotificationStatus } | undefined> {
  const givesUp = failure.final
    ? sql<boolean>`true`
    : sql<boolean>`notifications.attempts + 1 >= ${failure.maxAttempts}`;
  return db
    .updateTable("notifications")
    .set((eb) => ({
      attempts: eb("attempts", "+", 1),
      last_error: failure.error,
      status: sql<NotificationStatus>`case when ${givesUp} then 'failed' else 'pending' end`,
      params: sql<string>`case when ${givesUp} then '{}'::jsonb else notifications.params end`,
    }))
    .where("province_code", "=", province)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .returning(["attempts", "status"])
    .executeTakeFirst();
}
