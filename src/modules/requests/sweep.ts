import type { Db, Executor } from "../../platform/db/database.ts";
import type { JobDefinition } from "../../platform/jobs.ts";
import * as store from "./store.ts";

export const REQUESTS_SWEEP_JOB = "requests.sweep";

/**
 * Marks the requests past their due date still unanswered (what the supervision lists show in red) and
 * closes the replies whose requester neither rated nor reopened them within the period; each with an
 * event, in one transaction. Found in every province at once, written province by province.
 */
export async function sweepRequests(db: Db, now = new Date()): Promise<{ overdue: number; closed: number }> {
  return db.transaction().execute(async (tx) => {
    const overdue = await sweepEach(await store.dueForOverdue(tx, now), (province, ids) =>
      store.markOverdue(tx, province, ids, now),
    );
    await recordEach(tx, overdue, "overdue", now);
    const closed = await sweepEach(await store.dueForClosing(tx, now), (province, ids) =>
      store.closeUnrated(tx, province, ids, now),
    );
    await recordEach(tx, closed, "close", now);
    return { overdue: overdue.length, closed: closed.length };
  });
}

/** Ids a statement names at most: a sweep after a long stop stays under PostgreSQL's 65,535 parameters. */
const CHUNK = 1000;

/** Writes what was found province by province: each statement goes to one. */
async function sweepEach(
  found: store.SweptRequest[],
  write: (province: string, ids: string[]) => Promise<store.SweptRequest[]>,
): Promise<store.SweptRequest[]> {
  const byProvince = new Map<string, string[]>();
  for (const r of found) {
    const ids = byProvince.get(r.province_code) ?? [];
    ids.push(r.id);
    byProvince.set(r.province_code, ids);
  }
  const written: store.SweptRequest[] = [];
  for (const [province, ids] of byProvince)
    for (let i = 0; i < ids.length; i += CHUNK)
      written.push(...(await write(province, ids.slice(i, i + CHUNK))));
  return written;
}

async function recordEach(tx: Executor, rows: store.SweptRequest[], action: string, now: Date) {
  for (const request of rows)
    await store.insertEvent(tx, { request, action, actorKind: "system", actorId: null, at: now });
}

export const requestsSweepJob: JobDefinition = {
  name: REQUESTS_SWEEP_JOB,
  schedule: { cron: "*/10 * * * *", tz: "Asia/Shanghai" },
  retryLimit: 1,
  run: async (_data, { db, log }) => {
    const report = await sweepRequests(db);
    if (report.overdue > 0 || report.closed > 0) log.info({ report }, "requests swept");
  },
};
