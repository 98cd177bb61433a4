import type { Db, Executor } from "../../platform/db/database.ts";
import type { JobDefinition } from "../../platform/jobs.ts";
import { dayNumber, dayNumberOf, dayText } from "../calendar/days.ts";
import { loadCalendar } from "../calendar/service.ts";
import * as bundles from "./bundle-store.ts";
import * as store from "./rollup-store.ts";
import * as voice from "./voice-store.ts";
import * as workdays from "./workdays-store.ts";

export const REFRESH_JOB = "insights.refresh";
export const REBUILD_JOB = "insights.rebuild";

/** The working-day table starts before any case Tongban can hold. */
const FIRST_DAY = dayNumber("2015-01-01");
/** How far past today the table reaches, so a month of decisions needs no extension. */
const AHEAD_DAYS = 60;
/** Cases counted per transaction: small enough that a refresh never holds its lock for long. */
const BATCH = 2_000;

/**
 * Makes the working-day table reach `through` (a day number), extending it from its end with the
 * national calendar; ordinals given before are never changed here, so facts counted earlier stay true.
 * Regional overrides (a hall closed for a local holiday) are not in it: insight measures one calendar.
 */
async function extendWorkdays(db: Executor, through: number): Promise<void> {
  const span = await workdays.workdaySpan(db);
  const from = span ? dayNumber(span.last) + 1 : FIRST_DAY;
  if (from > through) return;
  const calendar = await loadCalendar(db);
  let ordinal = await workdays.lastOrdinal(db);
  const days: { day: string; ordinal: number; working: boolean }[] = [];
  for (let n = from; n <= through + AHEAD_DAYS; n += 1) {
    const day = dayText(n);
    const working = calendar.isWorkingDay(new Date(`${day}T12:00:00+08:00`));
    if (working) ordinal += 1;
    days.push({ day, ordinal, working });
  }
  await workdays.appendWorkdays(db, days);
}

export interface RefreshReport {
  /** Cases, requests, rectifications and bundle applications counted again. */
  cases: number;
  batches: number;
}

/**
 * Counts again a batch of one province's marked cases, requests, rectifications and bundle applications,
 * oldest marks first: every statement goes to the province's shard. Answers how many were counted.
 */
async function refreshBatch(tx: Executor, province: string, now: Date): Promise<number> {
  await store.lockRollups(tx);
  await extendWorkdays(tx, dayNumberOf(now));
  const ids = await store.takeDirty(tx, province, BATCH);
  await store.recount(tx, province, ids);
  const heard = await voice.takeVoiceDirty(tx, province, BATCH);
  await voice.recountVoice(tx, province, "request", heard.request);
  await voice.recountVoice(tx, province, "rectification", heard.rectification);
  const applications = await bundles.takeBundleDirty(tx, province, BATCH, ids);
  await bundles.recountBundles(tx, province, applications);
  return ids.length + heard.request.length + heard.rectification.length + applications.length;
}

/**
 * Counts again every case marked as changed, a province and a batch per transaction; marks made while
 * it runs are taken too, so when it returns nothing marked before its start is left. The working-day
 * table reaches today even when nothing is marked.
 */
export async function refreshInsights(db: Db, now = new Date()): Promise<RefreshReport> {
  let cases = 0;
  let batches = 0;
  await db.transaction().execute(async (tx) => {
    await store.lockRollups(tx);
    await extendWorkdays(tx, dayNumberOf(now));
  });
  for (;;) {
    const provinces = await store.markedProvinces(db);
    if (provinces.length === 0) return { cases, batches };
    for (const province of provinces) {
      const counted = await db.transaction().execute((tx) => refreshBatch(tx, province, now));
      if (counted === 0) continue;
      cases += counted;
      batches += 1;
    }
  }
}

/**
 * Counts every case, 12345 request, rectification and bundle application again from nothing, with the
 * working-day table built afresh from the calendar as it is now (a holiday entered since is taken in).
 * The roll-ups it leaves must equal what the refresh keeps; the nightly run is also how calendar changes
 * reach the figures.
 */
export async function rebuildInsights(db: Db, now = new Date()): Promise<{ cases: number }> {
  return db.transaction().execute(async (tx) => {
    await store.lockRollups(tx);
    await workdays.clearWorkdays(tx);
    await extendWorkdays(tx, dayNumberOf(now));
    const cases = await store.recountAll(tx);
    await voice.recountAllVoice(tx);
    await bundles.recountAllBundles(tx);
    return { cases };
  });
}

export const refreshJob: JobDefinition = {
  name: REFRESH_JOB,
  schedule: { cron: "* * * * *", tz: "Asia/Shanghai" },
  async run(_data, { db, log }) {
    const report = await refreshInsights(db);
    if (report.cases > 0) log.info(report, "insight roll-ups refreshed");
  },
};

export const rebuildJob: JobDefinition = {
  name: REBUILD_JOB,
  // Late at night in China, after the ranking's snapshot.
  schedule: { cron: "40 2 * * *", tz: "Asia/Shanghai" },
  async run(_data, { db, log }) {
    log.info(await rebuildInsights(db), "insight roll-ups rebuilt");
  },
};
