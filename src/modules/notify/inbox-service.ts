import { LOCALES, type Locale } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { noteParty, partyProvinces } from "../applicants/party-provinces-store.ts";
import { isRegionCode } from "../regions/codes.ts";
import * as store from "./inbox-store.ts";
import { type InboxContent, RECIPIENT_KINDS } from "./inbox-tables.ts";
import {
  checkParams,
  isTemplateName,
  renderInbox,
  type TemplateName,
  type TemplateParams,
} from "./templates.ts";

export type { InboxMessage, Recipient } from "./inbox-store.ts";

/**
 * A message for someone's inbox. The parameters come in every language, since the reader may switch
 * language after it is posted; each is shown as given, like an e-mail's.
 */
export type InboxPost = {
  [T in TemplateName]: {
    recipient: { kind: "person" | "staff"; id: string };
    template: T;
    params: Record<Locale, TemplateParams[T]>;
    /** Where reading on leads: an http(s) link, or a path of this site such as /cases/… */
    link?: string | null;
    caseId?: string | null;
    regionCode?: string | null;
  };
}[TemplateName];

/**
 * Puts a message in someone's inbox, in the caller's transaction (the change it reports and the message
 * commit together). Its words are rendered now in every language. Bad input — an unknown template,
 * parameters that do not fit it, a link that is neither http(s) nor a path of this site — is refused with
 * every problem listed (`validation_failed`).
 */
export async function postToInbox(tx: Executor, message: InboxPost): Promise<{ id: string }> {
  const checked = checkPost(message);
  const id = await store.insertMessage(tx, checked);
  // A person's inbox is read in the provinces they have rows in: this message's is one.
  if (checked.recipient.kind === "person") {
    await noteParty(tx, { kind: "person", id: checked.recipient.id }, provinceOf(checked.regionCode));
  }
  return { id };
}

/** The provinces a recipient's messages may lie in (inbox-store.ts, InboxProvinces). */
async function provincesOf(db: Executor, recipient: store.Recipient): Promise<store.InboxProvinces> {
  return recipient.kind === "person" ? partyProvinces(db, { kind: "person", id: recipient.id }) : undefined;
}

function checkPost(message: InboxPost): store.NewInboxMessage {
  const input = message as Partial<Record<keyof InboxPost, unknown>>;
  const problems: FieldProblem[] = [];
  const recipient = input.recipient as { kind?: unknown; id?: unknown } | undefined;
  if (!(RECIPIENT_KINDS as readonly unknown[]).includes(recipient?.kind)) {
    problems.push({ field: "/recipient/kind", message: `must be one of ${RECIPIENT_KINDS.join(", ")}` });
  }
  if (typeof recipient?.id !== "string" || !isUuid(recipient.id)) {
    problems.push({ field: "/recipient/id", message: "must be a UUID" });
  }
  const template = input.template;
  const params = (input.params ?? {}) as Partial<Record<Locale, unknown>>;
  if (!isTemplateName(template)) {
    problems.push({ field: "/template", message: `is not a known template (${String(template)})` });
  } else {
    for (const locale of LOCALES) {
      for (const problem of checkParams(template, params[locale])) {
        problems.push({ ...problem, field: problem.field.replace(/^\/params/, `/params/${locale}`) });
      }
    }
  }
  const link = input.link ?? null;
  if (link !== null && !isInboxLink(link)) {
    problems.push({
      field: "/link",
      message: "must be an http:// or https:// link, or a path such as /cases/1",
    });
  }
  const caseId = input.caseId ?? null;
  if (caseId !== null && !(typeof caseId === "string" && isUuid(caseId))) {
    problems.push({ field: "/caseId", message: "must be a UUID" });
  }
  const regionCode = input.regionCode ?? null;
  if (regionCode !== null && !(typeof regionCode === "string" && isRegionCode(regionCode))) {
    problems.push({ field: "/regionCode", message: "must be a region code of 2, 4, 6, 9 or 12 digits" });
  }
  if (problems.length > 0) throw errors.validation(problems);
  const name = template as TemplateName;
  const content = Object.fromEntries(
    LOCALES.map((locale) => [locale, renderInbox(name, locale, params[locale] as object)]),
  ) as InboxContent;
  return {
    recipient: recipient as store.Recipient,
    template: name,
    content,
    link: link as string | null,
    caseId: caseId as string | null,
    regionCode: regionCode as string | null,
  };
}

/**
 * An http(s) link, or a path of this site. "//host" and "/\host" are refused: browsers read both as
 * another host.
 */
export function isInboxLink(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 2000) return false;
  if (value.startsWith("/")) return !/^\/[/\\]/.test(value) && !/[\s\p{Cc}]/u.test(value);
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function recipientOf(actor: Actor): store.Recipient {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  // A department's system has no inbox: what concerns it reaches it by webhook.
  if (actor.kind === "client") throw errors.forbidden();
  return { kind: actor.kind, id: actor.id };
}

export interface InboxPage {
  items: store.InboxMessage[];
  /** Pass as `cursor` for the next, older page; null on the last. */
  nextCursor: string | null;
  unreadCount: number;
}

export const INBOX_PAGE = 20;
export const INBOX_MAX_PAGE = 100;

/** The reader's own messages, newest first; `cursor` is the previous page's `nextCursor`. */
export async function listInbox(
  db: Executor,
  actor: Actor,
  options: { unreadOnly?: boolean; limit?: number; cursor?: string | undefined } = {},
): Promise<InboxPage> {
  authorize(actor, "inbox.read");
  const recipient = recipientOf(actor);
  const limit = Math.min(Math.max(1, options.limit ?? INBOX_PAGE), INBOX_MAX_PAGE);
  if (options.cursor !== undefined && !isUuid(options.cursor)) {
    throw errors.validation([{ field: "/query/cursor", message: "must be the nextCursor of a page" }]);
  }
  const provinces = await provincesOf(db, recipient);
  const rows = await store.listMessages(db, recipient, provinces, {
    unreadOnly: options.unreadOnly ?? false,
    limit: limit + 1,
    after: options.cursor,
  });
  const items = rows.slice(0, limit);
  return {
    items,
    nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null,
    unreadCount: await store.countUnread(db, recipient, provinces),
  };
}

/** Marks one of the reader's messages read; anyone else's does not exist (404). */
export async function markInboxRead(
  db: Db,
  actor: Actor,
  id: string,
  now = new Date(),
): Promise<store.InboxMessage> {
  recipientOf(actor);
  const message = isUuid(id) ? await store.findMessage(db, id) : undefined;
  if (!message) throw errors.notFound("message");
  authorize(actor, "inbox.update", {
    recipientKind: message.recipient.kind,
    recipientId: message.recipient.id,
  });
  const read = await store.markRead(db, provinceOf(message.regionCode), id, now);
  if (!read) throw errors.notFound("message");
  return read;
}

/** Marks every unread message of the reader read. */
export async function markAllInboxRead(db: Db, actor: Actor, now = new Date()): Promise<{ marked: number }> {
  const recipient = recipientOf(actor);
  authorize(actor, "inbox.update", { recipientKind: recipient.kind, recipientId: recipient.id });
  return { marked: await store.markAllRead(db, recipient, await provincesOf(db, recipient), now) };
}

/** One message in the reader's language. */
export function inboxView(message: store.InboxMessage, locale: Locale) {
  const words = message.content[locale] ?? message.content["zh-CN"];
  return {
    id: message.id,
    template: message.template,
    title: words?.title ?? "",
    body: words?.body ?? "",
    link: isInboxLink(message.link) ? message.link : null,
    caseId: message.caseId,
    createdAt: message.createdAt,
    readAt: message.readAt,
  };
}
export type InboxView = ReturnType<typeof inboxView>;
