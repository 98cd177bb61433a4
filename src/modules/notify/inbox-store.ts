import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import type { InboxContent, InboxMessageRow, RecipientKind } from "./inbox-tables.ts";

export interface Recipient {
  kind: RecipientKind;
  id: string;
}

/** One message as the inbox's rules see it, in every language. */
export interface InboxMessage {
  id: string;
  recipient: Recipient;
  template: string;
  content: InboxContent;
  link: string | null;
  caseId: string | null;
  regionCode: string | null;
  createdAt: Date;
  readAt: Date | null;
}

function toMessage(row: InboxMessageRow): InboxMessage {
  return {
    id: row.id,
    recipient: { kind: row.recipient_kind, id: row.recipient_id },
    template: row.template,
    content: row.content,
    link: row.link,
    caseId: row.case_id,
    regionCode: row.region_code,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

export interface NewInboxMessage {
  recipient: Recipient;
  template: string;
  content: InboxContent;
  link: string | null;
  caseId: string | null;
  regionCode: string | null;
}

export async function insertMessage(db: Executor, message: NewInboxMessage): Promise<string> {
  const row = await db
    .insertInto("inbox_messages")
    .values({
      province_code: provinceOf(message.regionCode),
      id: provinceId(provinceOf(message.regionCode)),
      recipient_kind: message.recipient.kind,
      recipient_id: message.recipient.id,
      template: message.template,
      content: JSON.stringify(message.content),
      link: message.link,
      case_id: message.caseId,
      region_code: message.regionCode,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findMessage(db: Executor, id: string): Promise<InboxMessage | undefined> {
  const row = await db.selectFrom("inbox_messages").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toMessage(row) : undefined;
}

/**
 * A recipient's messages, newest first: `limit` of them after the message `after` (the previous page's
 * last). The position is read from that message itself, so messages posted in the same instant are
 * neither skipped nor shown twice.
 */
export async function listMessages(
  db: Executor,
  recipient: Recipient,
  options: { unreadOnly: boolean; limit: number; after?: string | undefined },
): Promise<InboxMessage[]> {
  let query = db
    .selectFrom("inbox_messages")
    .selectAll()
    .where("recipient_kind", "=", recipient.kind)
    .where("recipient_id", "=", recipient.id);
  if (options.unreadOnly) query = query.where("read_at", "is", null);
  if (options.after) {
    const after = options.after;
    query = query.where(
      sql<boolean>`(created_at, id) < (select m.created_at, m.id from inbox_messages m where m.id = ${after})`,
    );
  }
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(options.limit).execute();
  return rows.map(toMessage);
}

export async function countUnread(db: Executor, recipient: Recipient): Promise<number> {
  const row = await db
    .selectFrom("inbox_messages")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("recipient_kind", "=", recipient.kind)
    .where("recipient_id", "=", recipient.id)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one message read, keeping the first reading's time; the message as it is now. */
export async function markRead(db: Executor, id: string, now: Date): Promise<InboxMessage | undefined> {
  const row = await db
    .updateTable("inbox_messages")
    .set({ read_at: sql<Date>`coalesce(read_at, ${now})` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ? toMessage(row) : undefined;
}

/** Marks every unread message of a recipient read; how many there were. */
export async function markAllRead(db: Executor, recipient: Recipient, now: Date): Promise<number> {
  const result = await db
    .updateTable("inbox_messages")
    .set({ read_at: now })
    .where("recipient_kind", "=", recipient.kind)
    .where("recipient_id", "=", recipient.id)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
