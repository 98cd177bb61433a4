import type { Logger } from "pino";
import { LOCALES, type Locale } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import * as store from "./store.ts";
import { CHANNELS, type Channel, type NotificationRow } from "./tables.ts";
import {
  channelsOf,
  checkParams,
  isTemplateName,
  type RenderedMessage,
  render,
  type TemplateName,
  type TemplateParams,
} from "./templates.ts";
import { DeliveryError, type Transports } from "./transports.ts";

export const DELIVER_JOB = "notify.deliver";

/** A message to send: the template decides which parameters it takes. */
export type NotificationRequest = {
  [T in TemplateName]: {
    channel: Channel;
    /** An e-mail address for `email`; a mainland mobile number (11 digits, 1[3-9]…) for `sms`. */
    recipient: string;
    template: T;
    /** The recipient's language, not the sender's. */
    locale: Locale;
    params: TemplateParams[T];
    /** The region whose work caused it (a case's, a request's); none for messages about an account. */
    regionCode?: string | null;
  };
}[TemplateName];

/**
 * Puts a message in the outbox and queues its delivery, both in the caller's transaction: if the change
 * that causes it rolls back nothing is sent, and once it commits the message goes out (retried until
 * it does or gives up). Given the database rather than a transaction, it opens one of its own.
 * Bad input — an address that is not one, a template or parameter that does not fit — is refused with
 * every problem listed (`validation_failed`).
 */
export async function queueNotification(
  tx: Executor,
  jobs: Jobs,
  message: NotificationRequest,
): Promise<{ id: string }> {
  const checked = checkRequest(message);
  if (!tx.isTransaction) return tx.transaction().execute((own) => enqueue(own, jobs, checked));
  return enqueue(tx, jobs, checked);
}

async function enqueue(tx: Executor, jobs: Jobs, message: store.NewNotification): Promise<{ id: string }> {
  const id = await store.insertNotification(tx, message);
  await jobs.send(DELIVER_JOB, { id }, { tx });
  return { id };
}

const EMAIL = /^[^\s\p{Cc}@<>()[\]\\,;:"]+@[^\s\p{Cc}@<>()[\]\\,;:".]+(\.[^\s\p{Cc}@<>()[\]\\,;:".]+)+$/u;
// Mainland mobile numbers: 11 digits, the second 3–9 (MIIT numbering plan).
const MOBILE = /^1[3-9]\d{9}$/;

function checkRequest(message: NotificationRequest): store.NewNotification {
  const input = message as Partial<Record<keyof NotificationRequest, unknown>>;
  const problems: FieldProblem[] = [];
  const channel = input.channel;
  const recipient = typeof input.recipient === "string" ? input.recipient.trim() : "";
  if (!(CHANNELS as readonly unknown[]).includes(channel)) {
    problems.push({ field: "/channel", message: `must be one of ${CHANNELS.join(", ")}` });
  } else if (channel === "email" && !(recipient.length <= 254 && EMAIL.test(recipient))) {
    problems.push({ field: "/recipient", message: "must be an e-mail address such as name@example.cn" });
  } else if (channel === "sms" && !MOBILE.test(recipient)) {
    problems.push({
      field: "/recipient",
      message: "must be a mainland mobile number: 11 digits starting with 1, such as 13800138000",
    });
  }
  if (!(LOCALES as readonly unknown[]).includes(input.locale)) {
    problems.push({ field: "/locale", message: `must be one of ${LOCALES.join(", ")}` });
  }
  const template = input.template;
  if (!isTemplateName(template)) {
    problems.push({ field: "/template", message: `is not a known template (${String(template)})` });
  } else {
    const channels = channelsOf(template);
    if ((CHANNELS as readonly unknown[]).includes(channel) && !channels.includes(channel as Channel)) {
      problems.push({
        field: "/template",
        message: `cannot be sent by ${String(channel)}, only by ${channels.join(", ")}`,
      });
    }
    problems.push(...checkParams(template, input.params));
  }
  if (problems.length > 0) throw errors.validation(problems);
  return {
    channel: channel as Channel,
    recipient,
    template: template as TemplateName,
    locale: input.locale as Locale,
    params: { ...(input.params as Record<string, string | number>) },
    provinceCode: provinceOf(message.regionCode),
  };
}

export interface DeliveryDeps {
  transports: Transports;
  /** Attempts before the notification is marked failed: the job's retry limit plus one. */
  maxAttempts: number;
  log: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sends one queued notification. Delivery is at least once: a notification already sent (a job
 * delivered twice) is not sent again, but a crash between the transport taking a message and the row
 * being marked can send it twice. A failure is recorded and rethrown so the job is retried; a permanent
 * one (an unknown template, a mailbox the server refuses) fails the notification at once.
 */
export async function deliverNotification(
  db: Db,
  id: string,
  deps: DeliveryDeps,
): Promise<"sent" | "skipped" | "failed"> {
  const log = deps.log.child({ notification: id });
  const row = UUID.test(id) ? await store.findNotification(db, id) : undefined;
  if (!row) {
    log.warn("no such notification: nothing to deliver");
    return "skipped";
  }
  if (row.status !== "pending") {
    log.info({ status: row.status }, "notification already handled: not sent again");
    return "skipped";
  }
  let message: RenderedMessage;
  try {
    message = render(row.channel, row.template, row.locale, row.params);
  } catch (error) {
    await fail(db, row, deps, new DeliveryError((error as Error).message, true, { cause: error }), log);
    return "failed";
  }
  let transportId: string | undefined;
  try {
    ({ id: transportId } = await deps.transports[row.channel].send(
      {
        ...message,
        notificationId: row.id,
        channel: row.channel,
        to: row.recipient,
        template: row.template,
        locale: row.locale,
        params: row.params,
      },
      { log },
    ));
  } catch (error) {
    const failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError(error instanceof Error ? error.message : String(error), false, { cause: error });
    await fail(db, row, deps, failure, log);
    // The queue retries, or — after the last attempt — records the job as failed too. A permanent
    // refusal would only be refused again: the notification has failed and the job is done.
    if (failure.permanent) return "failed";
    throw error;
  }
  await store.markSent(db, row.province_code, row.id, new Date());
  log.info({ channel: row.channel, template: row.template, transportId }, "notification sent");
  return "sent";
}

async function fail(
  db: Db,
  row: Pick<NotificationRow, "province_code" | "id">,
  deps: DeliveryDeps,
  failure: DeliveryError,
  log: Logger,
): Promise<void> {
  const recorded = await store.recordFailure(db, row.province_code, row.id, {
    error: failure.message.slice(0, 1000),
    maxAttempts: deps.maxAttempts,
    final: failure.permanent,
  });
  const details = { attempts: recorded?.attempts, maxAttempts: deps.maxAttempts, error: failure.message };
  if (recorded?.status === "pending") log.warn(details, "notification not delivered: will try again");
  else log.error(details, "notification failed for good: it will not be sent");
}
