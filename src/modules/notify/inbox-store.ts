import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import {
  allProvinces,
  inProvince,
  provinceId,
  provinceOf,
  provinceOfId,
} from "../../platform/db/distribution.ts";
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

/** A message by the id in its address, which names its province. */
export async function findMessage(db: Executor, id: string): Promise<InboxMessage | undefined> {
  const row = await db
    .selectFrom("inbox_messages")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
  return row ? toMessage(row) : undefined;
}

/**
 * Where a recipient's messages may lie: a person's, the provinces where they have rows
 * (`party_provinces`, noted as each message is posted); a staff member's, undefined — every province,
 * since a message about a case is kept in the case's province, and staff hear of cases in other
 * provinces than their department's (tasks worked across a province's border, supervisors above it).
 */
export type InboxProvinces = readonly string[] | undefined;

const STAFF_EVERYWHERE = "a staff member's messages come from cases in any province";

/** A recipient's messages in the provinces they may lie in. */
function messagesOf(db: Executor, recipient: Recipient, provinces: InboxProvinces) {
  const query = db
    .selectFrom("inbox_messages")
    .where("recipient_kind", "=", recipient.kind)
    .where("recipient_id", "=", recipient.id);
  return provinces === undefined
    ? query.modifyFront(allProvinces(STAFF_EVERYWHERE))
    : query.where("province_code", "in", provinces);
}

/**
 * A recipient's messages, newest first: `limit` of them after the message `after` (the previous page's
 * last). The position is read from that message itself, so messages posted in the same instant are
 * neither skipped nor shown twice.
 */
export async function listMessages(
  db: Executor,
  recipient: Recipient,
  provinces: InboxProvinces,
  options: { unreadOnly: boolean; limit: number; after?: string | undefined },
): Promise<InboxMessage[]> {
  if (provinces?.length === 0) return [];
  let query = messagesOf(db, recipient, provinces).selectAll();
  if (options.unreadOnly) query = query.where("read_at", "is", null);
  if (options.after) {
    const after = options.after;
    // The message the page goes on from is the recipient's own, in one of the same provinces.
    const among = provinces === undefined ? sql`` : sql`and m.province_code = any(${[...provinces]}::text[])`;
    query = query.where(
      sql<boolean>`(created_at, id) < (select m.created_at, m.id from inbox_messages m where m.id = ${after} ${among})`,
    );
  }
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(options.limit).execute();
  return rows.map(toMessage);
}

export async function countUnread(
  db: Executor,
  recipient: Recipient,
  provinces: InboxProvinces,
): Promise<number> {
  if (provinces?.length === 0) return 0;
  const row = await messagesOf(db, recipient, provinces)
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one message read (found before, in `province`), keeping the first reading's time; the message as it is now. */
export async function markRead(
  db: Executor,
  province: string,
  id: string,
  now: Date,
): Promise<InboxMessage | undefined> {
  const row = await db
    .updateTable("inbox_messages")
    .set({ read_at: sql<Date>`coalesce(read_at, ${now})` })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ? toMessage(row) : undefined;
}

/** Marks every unread message of a recipient read; how many there were. */
export async function markAllRead(
  db: Executor,
  recipient: Recipient,
  provinces: InboxProvinces,
  now: Date,
): Promise<number> {
  if (provinces?.length === 0) return 0;
  if (provinces === undefined) {
    const result = await sql`${allProvinces(STAFF_EVERYWHERE)}
      update inbox_messages set read_at = ${now}
      where recipient_kind = ${recipient.kind} and recipient_id = ${recipient.id} and read_at is null`.execute(
      db,
    );
    return Number(result.numAffectedRows ?? 0);
  }
  const result = await db
    .updateTable("inbox_messages")
    .set({ read_at: now })
    .where("province_code", "in", provinces)
    .where("recipient_kind", "=", recipient.kind)
    .where("recipient_id", "=", recipient.id)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
