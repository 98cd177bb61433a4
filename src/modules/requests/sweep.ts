import type { Db } from "../../platform/db/database.ts";
import type { JobDefinition } from "../../platform/jobs.ts";
import * as store from "./store.ts";

export const REQUESTS_SWEEP_JOB = "requests.sweep";

/**
 * Marks the requests past their due date still unanswered (what the supervision lists show in red) and
 * closes the replies whose requester neither rated nor reopened them within the period; each with an
 * event, in one transaction.
 */
export async function sweepRequests(db: Db, now = new Date()): Promise<{ overdue: number; closed: number }> {
  return db.transaction().execute(async (tx) => {
    const overdue = await store.markOverdue(tx, now);
    for (const r of overdue)
      await store.insertEvent(tx, {
        request: r,
        action: "overdue",
        actorKind: "system",
        actorId: null,
        at: now,
      });
    const closed = await store.closeUnrated(tx, now);
    for (const r of closed)
      await store.insertEvent(tx, {
        request: r,
        action: "close",
        actorKind: "system",
        actorId: null,
        at: now,
      });
    return { overdue: overdue.length, closed: closed.length };
  });
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
