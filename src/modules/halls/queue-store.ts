import { type Insertable, sql, type Updateable } from "kysely";
import type { Executor, Tx } from "../../platform/db/database.ts";
import { inProvince, provinceOfId } from "../../platform/db/distribution.ts";
import type {
  QueueCategoryRow,
  QueueCategoryTable,
  QueueTicketRow,
  QueueTicketTable,
} from "./queue-tables.ts";
import type { HallWindowRow, ServiceSiteRow } from "./tables.ts";

/**
 * All SQL of categories and tickets. Days are written as "YYYY-MM-DD" and never read back as dates.
 * Tickets live in their site's province: a function on a site's tickets takes it after the executor.
 */

export async function listCategories(db: Executor, siteId: string): Promise<QueueCategoryRow[]> {
  return db
    .selectFrom("queue_categories")
    .selectAll()
    .where("site_id", "=", siteId)
    .orderBy("prefix")
    .execute();
}

export async function findCategory(
  db: Executor,
  siteId: string,
  prefix: string,
): Promise<QueueCategoryRow | undefined> {
  return db
    .selectFrom("queue_categories")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("prefix", "=", prefix)
    .executeTakeFirst();
}

export async function findCategoryById(db: Executor, id: string): Promise<QueueCategoryRow | undefined> {
  return db.selectFrom("queue_categories").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function upsertCategory(
  db: Executor,
  row: Insertable<QueueCategoryTable>,
): Promise<QueueCategoryRow> {
  return db
    .insertInto("queue_categories")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["site_id", "prefix"]).doUpdateSet({
        name: row.name,
        name_en: row.name_en ?? "",
        department_ids: row.department_ids ?? [],
        active: row.active ?? true,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The next number of a category's day: the counter row is locked until the transaction ends. */
export async function nextSeq(
  tx: Tx,
  provinceCode: string,
  categoryId: string,
  day: string,
): Promise<number> {
  const row = await tx
    .insertInto("queue_counters")
    .values({ province_code: provinceCode, category_id: categoryId, day, last: 1 })
    .onConflict((oc) =>
      oc.columns(["province_code", "category_id", "day"]).doUpdateSet({ last: sql`queue_counters.last + 1` }),
    )
    .returning("last")
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function insertTicket(tx: Tx, row: Insertable<QueueTicketTable>): Promise<QueueTicketRow> {
  return tx.insertInto("queue_tickets").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findTicket(db: Executor, id: string): Promise<QueueTicketRow | undefined> {
  return db
    .selectFrom("queue_tickets")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
}

/** A ticket by its follow link's token, in the province of the site the link names. */
export async function findTicketByToken(
  db: Executor,
  province: string,
  token: string,
): Promise<QueueTicketRow | undefined> {
  return db
    .selectFrom("queue_tickets")
    .selectAll()
    .where("province_code", "=", province)
    .where("follow_token", "=", token)
    .executeTakeFirst();
}

export async function lockTicket(tx: Tx, province: string, id: string): Promise<QueueTicketRow | undefined> {
  return tx
    .selectFrom("queue_tickets")
    .selectAll()
    .where("province_code", "=", province)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/** What call-next needs of a site: the site, its windows and its categories. */
export interface CallDeskRow {
  site: ServiceSiteRow;
  windows: HallWindowRow[];
  categories: QueueCategoryRow[];
}

/** A site by its code with all its windows and categories, in one statement (one round trip). */
export async function findCallDesk(db: Executor, siteCode: string): Promise<CallDeskRow | undefined> {
  const result = await sql<ServiceSiteRow & { desk_windows: JsonRow[]; desk_categories: JsonRow[] }>`
    select s.*,
      coalesce((select jsonb_agg(w order by w.label) from hall_windows w where w.site_id = s.id), '[]')
        as desk_windows,
      coalesce((select jsonb_agg(c order by c.prefix) from queue_categories c where c.site_id = s.id), '[]')
        as desk_categories
    from service_sites s
    where s.code = ${siteCode}`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const { desk_windows, desk_categories, ...site } = row;
  return {
    site: site as ServiceSiteRow,
    windows: desk_windows.map((w) => withDate(w) as unknown as HallWindowRow),
    categories: desk_categories.map((c) => withDate(c) as unknown as QueueCategoryRow),
  };
}

type JsonRow = Record<string, unknown> & { created_at: string };

/** A row that came back as JSON has its instant as text where the row type says Date. */
function withDate(row: JsonRow): Record<string, unknown> {
  return { ...row, created_at: new Date(row.created_at) };
}

/**
 * Calls the next ticket to a window in one statement (one round trip, no transaction held open across
 * the network): the ticket to call is the first of today's waiting ones the window serves — those
 * transferred to it, then checked-in appointments, then the oldest — locked with `skip locked`, so
 * fifty windows calling at once each take a different ticket instead of queueing behind the first
 * one's lock; the window's ticket being served is done, but only when there is a next one; and the
 * site's waiting count of the day comes back for the board. Undefined when nobody waits for this
 * window. Only tickets of `day` are called: numbers start again every day, so a ticket left waiting
 * yesterday never is.
 */
export async function callNextTicket(
  db: Executor,
  call: {
    province: string;
    siteId: string;
    day: string;
    windowId: string;
    categoryIds: string[];
    staffId: string | null;
    at: Date;
  },
): Promise<{ ticket: QueueTicketRow; waiting: number } | undefined> {
  const result = await sql<QueueTicketRow & { waiting: string }>`
    with next as materialized (
      select id from queue_tickets
      where province_code = ${call.province} and site_id = ${call.siteId}
        and day = ${call.day}::date and status = 'waiting'
        and (target_window_id = ${call.windowId}
          or (target_window_id is null and category_id = any(${call.categoryIds}::uuid[])))
      order by (target_window_id is null), priority desc, taken_at, id
      limit 1
      for update skip locked
    ),
    finished as (
      update queue_tickets set status = 'done', finished_at = ${call.at}
      where province_code = ${call.province} and window_id = ${call.windowId} and status = 'called'
        and exists (select 1 from next)
    ),
    waiting as (
      select count(*) - 1 as waiting from queue_tickets
      where province_code = ${call.province} and site_id = ${call.siteId}
        and day = ${call.day}::date and status = 'waiting'
    )
    update queue_tickets t
    set status = 'called', window_id = ${call.windowId}, target_window_id = null,
        called_by = ${call.staffId}, call_count = t.call_count + 1, called_at = ${call.at}
    from next, waiting
    where t.province_code = ${call.province} and t.id = next.id
    returning t.*, waiting.waiting`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const { waiting, ...ticket } = row;
  return { ticket: ticket as QueueTicketRow, waiting: Number(waiting) };
}

export async function updateTicket(
  tx: Executor,
  province: string,
  id: string,
  changes: Updateable<QueueTicketTable>,
): Promise<QueueTicketRow> {
  return tx
    .updateTable("queue_tickets")
    .set(changes)
    .where("province_code", "=", province)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The ticket a window is serving, if any. */
export async function calledAt(
  db: Executor,
  province: string,
  windowId: string,
): Promise<QueueTicketRow | undefined> {
  return db
    .selectFrom("queue_tickets")
    .selectAll()
    .where("province_code", "=", province)
    .where("window_id", "=", windowId)
    .where("status", "=", "called")
    .orderBy("called_at", "desc")
    .executeTakeFirst();
}

/** How many wait today, per category, and (under `target`) per window they were transferred to. */
export async function waitingCounts(
  db: Executor,
  province: string,
  siteId: string,
  day: string,
): Promise<{ categoryId: string; targetWindowId: string | null; n: number }[]> {
  const rows = await db
    .selectFrom("queue_tickets")
    .select(["category_id", "target_window_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("province_code", "=", province)
    .where("site_id", "=", siteId)
    .where("day", "=", day)
    .where("status", "=", "waiting")
    .groupBy(["category_id", "target_window_id"])
    .execute();
  return rows.map((r) => ({ categoryId: r.category_id, targetWindowId: r.target_window_id, n: Number(r.n) }));
}

/** Waiting tickets of the same category and day (`day`, the ticket's) served before this one. */
export async function waitingAhead(db: Executor, ticket: QueueTicketRow, day: string): Promise<number> {
  const row = await db
    .selectFrom("queue_tickets")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("province_code", "=", ticket.province_code)
    .where("site_id", "=", ticket.site_id)
    .where("day", "=", day)
    .where("status", "=", "waiting")
    .where((eb) =>
      eb.or([
        ticket.target_window_id === null
          ? eb.and([
              eb("category_id", "=", ticket.category_id),
              eb("target_window_id", "is", null),
              eb.or([
                eb("priority", ">", ticket.priority),
                eb.and([eb("priority", "=", ticket.priority), eb("taken_at", "<", ticket.taken_at)]),
              ]),
            ])
          : eb.and([
              eb("target_window_id", "=", ticket.target_window_id),
              eb("taken_at", "<", ticket.taken_at),
            ]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface CallRow {
  number: string;
  windowLabel: string;
  callCount: number;
  calledAt: Date;
  status: QueueTicketRow["status"];
}

/** The latest calls of a site since `since`, newest first, with the window each was called to. */
export async function recentCalls(
  db: Executor,
  province: string,
  siteId: string,
  since: Date,
  limit: number,
): Promise<CallRow[]> {
  const rows = await db
    .selectFrom("queue_tickets as t")
    .innerJoin("hall_windows as w", "w.id", "t.window_id")
    .select(["t.number", "w.label", "t.call_count", "t.called_at", "t.status"])
    .where("t.province_code", "=", province)
    .where("t.site_id", "=", siteId)
    .where("t.called_at", ">=", since)
    .orderBy("t.called_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    number: r.number,
    windowLabel: r.label,
    callCount: r.call_count,
    calledAt: r.called_at as Date,
    status: r.status,
  }));
}

/** The site a window belongs to, whichever site that is. */
export async function windowSite(db: Executor, windowId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("hall_windows")
    .select("site_id")
    .where("id", "=", windowId)
    .executeTakeFirst();
  return row?.site_id;
}
