import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { queueErrors } from "./queue-errors.ts";
import { chinaDay } from "./queue-hours.ts";
import * as store from "./queue-store.ts";
import type { QueueCategoryRow } from "./queue-tables.ts";
import { type HallWindow, presentSite, presentWindow, type Site, windowServes } from "./sites.ts";

/** A site with its windows and categories, as call-next reads them. */
export interface CallDesk {
  site: Site;
  windows: HallWindow[];
  categories: Pick<QueueCategoryRow, "id" | "department_ids">[];
  /** Remembered from an earlier call rather than read now. */
  remembered: boolean;
}

/**
 * How long a server remembers a site's windows and categories for call-next: a hall's busiest request,
 * which otherwise spends a round trip of its two on them though they change a few times a year. A
 * refusal is never given from memory (the caller reads again: a window or category may be new); what
 * memory can delay is a window taken out of service or rebound to other departments, by these seconds.
 */
export const DESK_SECONDS = 5;

const remembered = new WeakMap<Executor, Map<string, { desk: Promise<CallDesk>; until: number }>>();

/**
 * The site's desk, from this server's memory unless `fresh`. Fifty windows calling at once share one
 * read: the promise is remembered, not its result.
 */
export function callDesk(db: Executor, siteCode: string, fresh = false): Promise<CallDesk> {
  let bySite = remembered.get(db);
  if (!bySite) {
    bySite = new Map();
    remembered.set(db, bySite);
  }
  const hit = bySite.get(siteCode);
  if (!fresh && hit && hit.until > Date.now())
    return hit.desk.then((desk) => ({ ...desk, remembered: true }));
  const desk = readDesk(db, siteCode);
  if (bySite.size > 1000) bySite.clear();
  const entry = { desk, until: Date.now() + DESK_SECONDS * 1000 };
  bySite.set(siteCode, entry);
  // A site not found (or a failed read) is not remembered.
  desk.catch(() => {
    if (bySite.get(siteCode) === entry) bySite.delete(siteCode);
  });
  return desk;
}

/** Forgets a site's desk on this server: after its categories (or windows) were changed here. */
export function forgetDesk(db: Executor, siteCode: string): void {
  remembered.get(db)?.delete(siteCode);
}

async function readDesk(db: Executor, siteCode: string): Promise<CallDesk> {
  const row = await store.findCallDesk(db, siteCode);
  if (!row) throw errors.notFound("service site");
  return {
    site: presentSite(row.site),
    windows: row.windows.map(presentWindow),
    categories: row.categories.map((c) => ({ id: c.id, department_ids: c.department_ids })),
    remembered: false,
  };
}

/** The call at a window of the desk, or why there is none (returned, not thrown: it may be retried). */
export async function callAtDesk(db: Executor, actor: Actor, desk: CallDesk, label: string, at: Date) {
  const window = desk.windows.find((w) => w.label === label);
  if (!window) return queueErrors.windowNotFound();
  if (!window.active) return queueErrors.windowInactive();
  const called = await store.callNextTicket(db, {
    province: provinceOf(desk.site.regionCode),
    siteId: desk.site.id,
    day: chinaDay(at),
    windowId: window.id,
    categoryIds: desk.categories.filter((c) => windowServes(window, c.department_ids)).map((c) => c.id),
    staffId: actor.kind === "staff" ? actor.id : null,
    at,
  });
  // Refused without a side effect: the ticket being served stays the window's until it is done.
  return called ?? queueErrors.empty();
}
