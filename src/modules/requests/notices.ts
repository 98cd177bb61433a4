import type { Config, Locale } from "../../platform/config.ts";
import { decrypt } from "../../platform/crypto.ts";
import type { Executor } from "../../platform/db/database.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { contactOf } from "../applicants/service.ts";
import { queueNotification } from "../notify/service.ts";
import * as store from "./store.ts";
import type { RequestRow } from "./tables.ts";

const LOCALE: Locale = "zh-CN";

function dateText(at: Date): string {
  return new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "long",
    day: "numeric",
  }).format(at);
}

/** Where the requester is reached, by the way they chose; none for "phone" (staff call) or "none". */
async function recipient(
  db: Executor,
  key: Buffer,
  row: RequestRow,
): Promise<{ channel: "sms" | "email"; to: string } | undefined> {
  if (row.contact_preference !== "sms" && row.contact_preference !== "email") return undefined;
  let phone: string | null = null;
  let email: string | null = null;
  if (row.person_id) {
    const contact = await contactOf(db, row.person_id);
    phone = contact?.mobile ?? null;
    email = contact?.email ?? null;
  } else {
    phone = row.contact_phone_enc ? decrypt(key, row.contact_phone_enc) : null;
    email = row.contact_email_enc ? decrypt(key, row.contact_email_enc) : null;
  }
  if (row.contact_preference === "sms") return phone ? { channel: "sms", to: phone } : undefined;
  return email ? { channel: "email", to: email } : undefined;
}

/**
 * Tells the requester, in the transaction of the change, by the way they chose. The link carries the
 * follow token only where it was just made (on filing) and the requester has no account to sign in with.
 */
export async function notifyRequester(
  tx: Executor,
  deps: { jobs: Jobs; config: Pick<Config, "personalDataKey" | "baseUrl"> },
  row: RequestRow,
  template: "request.received" | "request.replied",
  extra: { token?: string } = {},
): Promise<void> {
  const to = await recipient(tx, deps.config.personalDataKey, row);
  if (!to) return;
  const category = (await store.findCategory(tx, row.category_code))?.name ?? row.category_code;
  const query = extra.token && !row.person_id ? `?token=${encodeURIComponent(extra.token)}` : "";
  const link = `${deps.config.baseUrl}/requests/${row.number}${query}`;
  const common = {
    channel: to.channel,
    recipient: to.to,
    locale: LOCALE,
    regionCode: row.region_code,
  } as const;
  if (template === "request.received") {
    await queueNotification(tx, deps.jobs, {
      ...common,
      template,
      params: { number: row.number, category, dueDate: dateText(row.due_at), link },
    });
  } else {
    await queueNotification(tx, deps.jobs, {
      ...common,
      template,
      params: { number: row.number, category, link },
    });
  }
}
