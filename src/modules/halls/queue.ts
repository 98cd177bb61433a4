import { randomBytes } from "node:crypto";
import type { Db, Executor, Tx } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import { AppError, errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { loadCalendar } from "../calendar/service.ts";
import { getDepartment } from "../departments/service.ts";
import { callAtDesk, callDesk, forgetDesk } from "./queue-desks.ts";
import { queueErrors } from "./queue-errors.ts";
import { chinaDay, chinaInstant, chinaMinute, closureAt } from "./queue-hours.ts";
import * as store from "./queue-store.ts";
import type { QueueCategoryRow, QueueTicketRow, TicketChannel, TicketStatus } from "./queue-tables.ts";
import { signalHall } from "./signals.ts";
import { getSite, type HallWindow, listWindows, type Site, windowServes } from "./sites.ts";

/** A letter to take a ticket by (取号类别) and the departments whose items it is for. */
export interface Category {
  id: string;
  prefix: string;
  name: string;
  nameEn: string;
  /** Empty: comprehensive matters, which comprehensive windows serve. */
  departmentIds: string[];
  active: boolean;
}

export interface Ticket {
  id: string;
  number: string;
  followToken: string;
  categoryId: string;
  channel: TicketChannel;
  priority: boolean;
  status: TicketStatus;
  /** The window that called it (while called) or last served it. */
  window: string | null;
  /** The window a transfer left it waiting for. */
  transferredTo: string | null;
  callCount: number;
  personId: string | null;
  takenAt: Date;
  calledAt: Date | null;
  finishedAt: Date | null;
}

export function presentCategory(row: QueueCategoryRow): Category {
  return {
    id: row.id,
    prefix: row.prefix,
    name: row.name,
    nameEn: row.name_en,
    departmentIds: row.department_ids,
    active: row.active,
  };
}

export function presentTicket(row: QueueTicketRow, windows: HallWindow[]): Ticket {
  const label = (id: string | null) => (id ? (windows.find((w) => w.id === id)?.label ?? null) : null);
  return {
    id: row.id,
    number: row.number,
    followToken: row.follow_token,
    categoryId: row.category_id,
    channel: row.channel,
    priority: row.priority,
    status: row.status,
    window: label(row.window_id),
    transferredTo: label(row.target_window_id),
    callCount: row.call_count,
    personId: row.person_id,
    takenAt: row.taken_at,
    calledAt: row.called_at,
    finishedAt: row.finished_at,
  };
}

export async function listCategories(db: Executor, siteId: string): Promise<Category[]> {
  return (await store.listCategories(db, siteId)).map(presentCategory);
}

export async function getCategory(db: Executor, site: Site, prefix: string): Promise<Category> {
  const row = await store.findCategory(db, site.id, prefix);
  if (!row) throw queueErrors.categoryNotFound();
  return presentCategory(row);
}

export interface CategoryInput {
  prefix: string;
  name: string;
  nameEn?: string | undefined;
  departmentIds?: string[] | undefined;
  active?: boolean | undefined;
}

/** Creates or changes a category (by its letter): an administrator over the site's region. */
export async function saveCategory(
  db: Executor,
  actor: Actor,
  siteCode: string,
  input: CategoryInput,
): Promise<Category> {
  const site = await getSite(db, siteCode);
  authorize(actor, "site.manage", { regionCode: site.regionCode });
  const departmentIds = [...new Set(input.departmentIds ?? [])];
  for (const id of departmentIds) await getDepartment(db, id);
  const saved = await store.upsertCategory(db, {
    site_id: site.id,
    prefix: input.prefix,
    name: input.name,
    name_en: input.nameEn ?? "",
    department_ids: departmentIds,
    active: input.active ?? true,
  });
  // After the change, so a call in between cannot remember the old categories again.
  forgetDesk(db, site.code);
  return presentCategory(saved);
}

/**
 * Refuses unless the site takes people at `at`, saying why and when it next opens. Closed by its
 * department, no opening can be told; else the calendar and the hours tell it.
 */
export async function assertTakingPeople(db: Executor, site: Site, at: Date): Promise<void> {
  if (!site.open) throw queueErrors.siteClosed();
  const closure = closureAt(site.hours, await loadCalendar(db, site.regionCode), at);
  if (closure.open) return;
  const next = closure.next ? chinaMinute(closure.next) : "—";
  throw closure.reason === "rest_day" ? queueErrors.restDay(next) : queueErrors.outsideHours(next);
}

/**
 * The token of a ticket's link: 128 random bits (22 characters). Nobody types it — it travels as a QR
 * code or a link — so it costs nothing to make it as strong as a session. Links of 96 bits (16
 * characters) made before are kept as they were and still followed.
 */
export function newFollowToken(): string {
  return randomBytes(16).toString("base64url");
}

/** Numbers a ticket and writes it, inside the caller's transaction (a check-in's or a take's). */
export async function issueTicket(
  tx: Tx,
  site: Site,
  category: Category,
  details: { channel: TicketChannel; personId: string | null; appointmentId?: string; priority?: boolean },
  at: Date,
): Promise<QueueTicketRow> {
  const day = chinaDay(at);
  const province = provinceOf(site.regionCode);
  const seq = await store.nextSeq(tx, province, category.id, day);
  return store.insertTicket(tx, {
    province_code: province,
    id: provinceId(province),
    site_id: site.id,
    region_code: site.regionCode,
    category_id: category.id,
    day,
    seq,
    number: `${category.prefix}${String(seq).padStart(3, "0")}`,
    follow_token: newFollowToken(),
    channel: details.channel,
    person_id: details.personId,
    appointment_id: details.appointmentId ?? null,
    priority: details.priority ?? false,
    taken_at: at,
  });
}

/** Tells the hall's devices how many wait now; after the change has committed. */
export async function signalWaiting(db: Executor, site: Site, at: Date): Promise<void> {
  const counts = await store.waitingCounts(db, provinceOf(site.regionCode), site.id, chinaDay(at));
  const waiting = counts.reduce((sum, c) => sum + c.n, 0);
  signalHall({ kind: "queue", siteId: site.id, siteCode: site.code, waiting, at: at.toISOString() });
}

/**
 * Takes a ticket of a category at the kiosk or on the phone; a signed-in person's ticket is theirs.
 * Refused while the site does not take people.
 */
export async function takeTicket(
  db: Db,
  actor: Actor,
  siteCode: string,
  input: { category: string; channel: "kiosk" | "phone" },
  at = new Date(),
): Promise<Ticket> {
  const site = await getSite(db, siteCode);
  const category = await getCategory(db, site, input.category);
  if (!category.active) throw queueErrors.categoryNotFound();
  await assertTakingPeople(db, site, at);
  const personId = actor.kind === "person" ? actor.id : null;
  const row = await db
    .transaction()
    .execute((tx) => issueTicket(tx, site, category, { channel: input.channel, personId }, at));
  await signalWaiting(db, site, at);
  return presentTicket(row, []);
}

export interface FollowedTicket {
  site: Site;
  ticket: Ticket;
  category: Category;
  /** Waiting tickets served before this one, while it waits. */
  ahead: number;
}

/**
 * A ticket by its link: the link's token is the permission, so the anonymous can follow theirs. The
 * link names the site, so the token is looked for in the site's province.
 */
export async function followTicket(db: Executor, siteCode: string, token: string): Promise<FollowedTicket> {
  const site = await getSite(db, siteCode);
  const row = await store.findTicketByToken(db, provinceOf(site.regionCode), token);
  if (!row || row.site_id !== site.id) throw queueErrors.ticketNotFound();
  const [windows, category] = await Promise.all([
    listWindows(db, site.id),
    store.findCategoryById(db, row.category_id),
  ]);
  return {
    site,
    ticket: presentTicket(row, windows),
    category: presentCategory(category as QueueCategoryRow),
    ahead: row.status === "waiting" ? await store.waitingAhead(db, row, chinaDay(row.taken_at)) : 0,
  };
}

export interface BoardView {
  site: Site;
  openNow: boolean;
  categories: (Category & { waiting: number })[];
  /** Today's latest calls, newest first. */
  calls: store.CallRow[];
}

/** What the hall's board shows: the latest calls and how many wait per category. Public. */
export async function boardOf(db: Executor, siteCode: string, at = new Date()): Promise<BoardView> {
  const site = await getSite(db, siteCode);
  const province = provinceOf(site.regionCode);
  const [categories, counts, calls, calendar] = await Promise.all([
    listCategories(db, site.id),
    store.waitingCounts(db, province, site.id, chinaDay(at)),
    store.recentCalls(db, province, site.id, chinaInstant(chinaDay(at), "00:00"), 8),
    loadCalendar(db, site.regionCode),
  ]);
  return {
    site,
    openNow: site.open && closureAt(site.hours, calendar, at).open,
    categories: categories
      .map((c) => ({
        ...c,
        waiting: counts.filter((n) => n.categoryId === c.id).reduce((sum, n) => sum + n.n, 0),
      }))
      .filter((c) => c.active || c.waiting > 0),
    calls,
  };
}

export interface WindowDesk {
  site: Site;
  window: HallWindow;
  /** The other active windows of the site: where a ticket may be transferred. */
  others: HallWindow[];
  /** The categories this window serves. */
  serves: Category[];
  current: Ticket | undefined;
  /** Tickets this window would call: of the categories it serves, or transferred to it. */
  waiting: number;
}

/** A window of a site for a clerk who serves there: one whose jurisdiction holds the site's region. */
async function deskOf(db: Executor, actor: Actor, siteCode: string, label: string) {
  const site = await getSite(db, siteCode);
  authorize(actor, "queue.serve", { regionCode: site.regionCode });
  const [windows, categories] = await Promise.all([listWindows(db, site.id), listCategories(db, site.id)]);
  const window = windows.find((w) => w.label === label);
  if (!window) throw queueErrors.windowNotFound();
  const serves = categories.filter((c) => windowServes(window, c.departmentIds));
  return { site, windows, window, serves };
}

/** The clerk's console: the window's ticket being served and how many wait for it today. */
export async function windowDesk(
  db: Executor,
  actor: Actor,
  siteCode: string,
  label: string,
  at = new Date(),
): Promise<WindowDesk> {
  const { site, windows, window, serves } = await deskOf(db, actor, siteCode, label);
  const province = provinceOf(site.regionCode);
  const [current, counts] = await Promise.all([
    store.calledAt(db, province, window.id),
    store.waitingCounts(db, province, site.id, chinaDay(at)),
  ]);
  const served = new Set(serves.map((c) => c.id));
  const waiting = counts
    .filter((c) => c.targetWindowId === window.id || (c.targetWindowId === null && served.has(c.categoryId)))
    .reduce((sum, c) => sum + c.n, 0);
  return {
    site,
    window,
    others: windows.filter((w) => w.id !== window.id && w.active),
    serves,
    current: current && presentTicket(current, windows),
    waiting,
  };
}

/**
 * Calls the next ticket to a window: the window's ticket being served is done, and the oldest of
 * today's waiting tickets it serves — transferred to it first, then checked-in appointments — is
 * called. Two windows calling at once never get the same ticket (see `callNextTicket`). Nobody waiting
 * answers `queue_empty` and changes nothing. One round trip while the server remembers the site's
 * windows and categories (`callDesk`); a refusal is checked against a fresh read before it is given.
 */
export async function callNext(
  db: Db,
  actor: Actor,
  siteCode: string,
  label: string,
  at = new Date(),
): Promise<Ticket> {
  let desk = await callDesk(db, siteCode);
  authorize(actor, "queue.serve", { regionCode: desk.site.regionCode });
  let outcome = await callAtDesk(db, actor, desk, label, at);
  if (outcome instanceof AppError && desk.remembered) {
    desk = await callDesk(db, siteCode, true);
    authorize(actor, "queue.serve", { regionCode: desk.site.regionCode });
    outcome = await callAtDesk(db, actor, desk, label, at);
  }
  if (outcome instanceof AppError) throw outcome;
  const { site } = desk;
  const ticket = presentTicket(outcome.ticket, desk.windows);
  signalCall(site, ticket, label, at);
  signalHall({
    kind: "queue",
    siteId: site.id,
    siteCode: site.code,
    waiting: outcome.waiting,
    at: at.toISOString(),
  });
  return ticket;
}

function signalCall(site: Site, ticket: Ticket, windowLabel: string, at: Date): void {
  signalHall({
    kind: "call",
    siteId: site.id,
    siteCode: site.code,
    ticketNumber: ticket.number,
    windowLabel,
    callCount: ticket.callCount,
    at: at.toISOString(),
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const TICKET_ACTIONS = ["recall", "transfer", "no_show", "done"] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** Which actions each state allows (workflow as data): only a called ticket is acted on at its window. */
const ALLOWED: Record<TicketStatus, readonly TicketAction[]> = {
  waiting: [],
  called: TICKET_ACTIONS,
  done: [],
  no_show: [],
};

/**
 * What a window does with the ticket it called: call it again (recall), send it to another window of
 * the site to wait there ahead of ordinary tickets (transfer), mark that nobody came (no-show) or that
 * it is served (done).
 */
export async function actOnTicket(
  db: Db,
  actor: Actor,
  siteCode: string,
  label: string,
  ticketId: string,
  input: { action: TicketAction; toWindowId?: string | undefined },
  at = new Date(),
): Promise<Ticket> {
  const { site, windows, window } = await deskOf(db, actor, siteCode, label);
  if (!UUID.test(ticketId)) throw queueErrors.ticketNotFound();
  let target: HallWindow | undefined;
  if (input.action === "transfer") {
    if (!input.toWindowId || !UUID.test(input.toWindowId)) {
      throw errors.validation([{ field: "/to", message: "Name the window to transfer to" }]);
    }
    target = windows.find((w) => w.id === input.toWindowId);
    if (!target) {
      const elsewhere = await store.windowSite(db, input.toWindowId);
      throw elsewhere ? queueErrors.transferOtherSite() : queueErrors.windowNotFound();
    }
    if (!target.active) throw queueErrors.windowInactive();
    if (target.id === window.id) throw queueErrors.transferToSelf();
  }
  const province = provinceOf(site.regionCode);
  const updated = await db.transaction().execute(async (tx) => {
    const row = await store.lockTicket(tx, province, ticketId);
    if (!row || row.site_id !== site.id) throw queueErrors.ticketNotFound();
    const allowed = ALLOWED[row.status];
    if (!allowed.includes(input.action))
      throw queueErrors.actionNotAllowed(input.action, row.status, [...allowed]);
    if (row.window_id !== window.id) throw queueErrors.notThisWindow();
    switch (input.action) {
      case "recall":
        return store.updateTicket(tx, province, row.id, { call_count: row.call_count + 1, called_at: at });
      case "transfer":
        return store.updateTicket(tx, province, row.id, {
          status: "waiting",
          target_window_id: (target as HallWindow).id,
          window_id: null,
          called_by: null,
        });
      case "no_show":
        return store.updateTicket(tx, province, row.id, { status: "no_show", finished_at: at });
      case "done":
        return store.updateTicket(tx, province, row.id, { status: "done", finished_at: at });
    }
  });
  const ticket = presentTicket(updated, windows);
  if (input.action === "recall") signalCall(site, ticket, window.label, at);
  if (input.action === "transfer") await signalWaiting(db, site, at);
  return ticket;
}
