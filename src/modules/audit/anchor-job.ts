import type { Logger } from "pino";
import type { AuditAnchorSettings } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { JobDefinition } from "../../platform/jobs.ts";
import { type Anchor, makeAnchor } from "./anchor.ts";
import { lastAnchorAt } from "./anchor-store.ts";
import { recordAudit } from "./service.ts";

/** A receiver that has not answered in this time is taken as down; the next anchor tries again. */
const SEND_TIMEOUT_MS = 10_000;
/** A run a little early (the schedule's minute, the worker's poll) still counts as due. */
const EARLY_MS = 30_000;

export type AnchorOutcome =
  | { anchored: false }
  | { anchored: true; anchor: Anchor; delivered: boolean | null };

/**
 * Anchors the audit chains when the last anchor is `minutes` old (or there is none): writes the
 * `audit.anchor` log line, POSTs the anchor to the receiver when one is set, and records an
 * `audit.heads` entry in the national chain naming the heads and whether the receiver took them. A
 * receiver that refuses or does not answer fails the run (logged) after the rest is done; the next
 * anchor goes when it is due, so an outage leaves a gap in the receiver's anchors, never a backlog.
 */
export async function anchorIfDue(
  db: Db,
  settings: AuditAnchorSettings,
  context: { log: Logger; source: string; now?: Date },
): Promise<AnchorOutcome> {
  if (settings.minutes === 0) return { anchored: false };
  const now = context.now ?? new Date();
  // Made (sealing what waits) before the last anchor is looked for: one still pending is then found.
  const anchor = await makeAnchor(db, context.source, now);
  const last = await lastAnchorAt(db);
  if (last && now.getTime() - last.getTime() < settings.minutes * 60_000 - EARLY_MS) {
    return { anchored: false };
  }
  // The log line first: a log shipper carries it off the box whatever the receiver does.
  context.log.info({ anchor }, "audit.anchor");
  let failure: Error | undefined;
  if (settings.url) {
    failure = await send(settings.url, settings.token, anchor).then(
      () => undefined,
      (error: Error) => error,
    );
  }
  const delivered = settings.url ? failure === undefined : null;
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      actorKind: "system",
      action: "audit.heads",
      details: { at: anchor.at, heads: anchor.heads, digest: anchor.digest, delivered },
    }),
  );
  if (failure) throw failure;
  return { anchored: true, anchor, delivered };
}

async function send(url: string, token: string | undefined, anchor: Anchor): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(anchor),
    redirect: "error",
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  }).catch((error: Error) => {
    throw new Error(
      `the audit anchor receiver ${new URL(url).origin} could not be reached: ${error.message}`,
    );
  });
  await response.body?.cancel();
  if (!response.ok) {
    throw new Error(
      `the audit anchor receiver ${new URL(url).origin} answered ${response.status}: the anchor was not taken`,
    );
  }
}

/** Every minute; anchorIfDue decides whether the anchor is due, so AUDIT_ANCHOR_MINUTES may be any. */
export const anchorJob: JobDefinition = {
  name: "audit.anchor",
  schedule: { cron: "* * * * *", tz: "Asia/Shanghai" },
  // A failed send is not repeated: the next anchor, minutes later, names newer heads.
  retryLimit: 0,
  run: async (_data, { db, config, log }) => {
    await anchorIfDue(db, config.auditAnchor, { log, source: config.baseUrl });
  },
};
