import type { Locale } from "../../platform/config.ts";
import type { Executor } from "../../platform/db/database.ts";
import { type AppError, isAppError } from "../../platform/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { postToInbox } from "./inbox-service.ts";
import { type NotificationRequest, queueNotification } from "./service.ts";
import type { Channel } from "./tables.ts";
import { channelsOf, type TemplateName, type TemplateParams } from "./templates.ts";

/** Someone a case concerns, with how to reach them besides their inbox. */
export interface Party {
  kind: "person" | "staff";
  id: string;
  /** The language of their e-mail and text message. */
  locale: Locale;
  email?: string | null;
  mobile?: string | null;
}

/** One message to one party; the template decides its parameters, given in every language. */
export type PartyMessage = {
  [T in TemplateName]: {
    recipient: Party;
    template: T;
    params: Record<Locale, TemplateParams[T]>;
    /** Where the inbox message leads; without one, the template's own `link` parameter if it has one. */
    link?: string;
    caseId?: string;
    regionCode?: string;
  };
}[TemplateName];

export interface Notified {
  inboxId: string;
  /** The e-mail and text message queued, by channel. */
  queued: { channel: Channel; id: string }[];
  /** A channel left out because the party's address or number is not one a message can go to. */
  skipped: { channel: Channel; reason: string }[];
}

/**
 * Tells one party about something, in the caller's transaction: always in their inbox; by e-mail when
 * they have an address; by text message when the template has words for one and they have a mobile
 * number. E-mail and SMS go through the outbox (`queueNotification`), so they are sent only if the
 * transaction commits. Parameters that do not fit the template are a mistake of the caller and throw
 * (`validation_failed`); an address or number that is not one (an old account's) only skips that
 * channel, so a bad address on file cannot stop the change being reported.
 */
export async function notifyParty(tx: Executor, jobs: Jobs, message: PartyMessage): Promise<Notified> {
  const { recipient, template } = message;
  const params = message.params as Record<Locale, Record<string, string | number>>;
  const ownLink = params[recipient.locale]?.link;
  const { id: inboxId } = await postToInbox(tx, {
    recipient: { kind: recipient.kind, id: recipient.id },
    template,
    params: message.params,
    link: message.link ?? (typeof ownLink === "string" ? ownLink : null),
    caseId: message.caseId ?? null,
    regionCode: message.regionCode ?? null,
  } as Parameters<typeof postToInbox>[1]);
  const result: Notified = { inboxId, queued: [], skipped: [] };
  const targets: [Channel, string | null | undefined][] = [
    ["email", recipient.email],
    ["sms", channelsOf(template).includes("sms") ? recipient.mobile : null],
  ];
  for (const [channel, address] of targets) {
    if (!address) continue;
    try {
      const { id } = await queueNotification(tx, jobs, {
        channel,
        recipient: address,
        template,
        locale: recipient.locale,
        params: params[recipient.locale],
        regionCode: message.regionCode ?? null,
      } as NotificationRequest);
      result.queued.push({ channel, id });
    } catch (error) {
      if (!onlyTheAddress(error)) throw error;
      result.skipped.push({ channel, reason: error.extra.fields?.[0]?.message ?? "not an address" });
    }
  }
  return result;
}

/** A refusal about the recipient's address alone (checked before anything is written). */
function onlyTheAddress(error: unknown): error is AppError {
  return (
    isAppError(error) &&
    error.code === "validation_failed" &&
    (error.extra.fields ?? []).length > 0 &&
    (error.extra.fields ?? []).every((f) => f.field === "/recipient")
  );
}
