import type { JobDefinition } from "../../platform/jobs.ts";
import { DELIVER_JOB, deliverNotification } from "./service.ts";
import { type Transports, transportsFor } from "./transports.ts";

export { DELIVER_JOB };

/**
 * pg-boss waits about 2^n seconds (with jitter) before retry n: eight retries span roughly four to
 * eight minutes, enough to ride out a mail server restart while a one-time code is still worth sending.
 */
export const DELIVER_RETRY_LIMIT = 8;

export interface DeliverJobOptions {
  retryLimit?: number;
  /** Instead of the transports the settings call for (a gateway, a test's recorder). */
  transports?: Transports;
}

/**
 * Delivers one notification (`{ id }`). The job's data carries no retry count, so the notification
 * row counts attempts itself and gives up after the retry limit plus one.
 */
export function createDeliverJob(options: DeliverJobOptions = {}): JobDefinition<{ id: string }> {
  const retryLimit = options.retryLimit ?? DELIVER_RETRY_LIMIT;
  return {
    name: DELIVER_JOB,
    retryLimit,
    run: async (data, { db, log, config }) => {
      await deliverNotification(db, String(data.id), {
        transports: options.transports ?? transportsFor(config, log),
        maxAttempts: retryLimit + 1,
        log,
      });
    },
  };
}

export const deliverJob = createDeliverJob();
