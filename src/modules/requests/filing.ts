import { createHash } from "node:crypto";
import type { Config } from "../../platform/config.ts";
import { encrypt } from "../../platform/crypto.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import type { CheckedUpload } from "../../platform/files/check.ts";
import { admitUpload } from "../../platform/files/scan.ts";
import { fileStoreFor, recordFile } from "../../platform/files/store.ts";
import { stripMetadata } from "../../platform/files/strip.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { normaliseMobile } from "../../platform/personal-data.ts";
import type { Actor } from "../../platform/policy.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { type FieldIssue, FieldsError } from "../applicants/errors.ts";
import { noteParty } from "../applicants/party-provinces-store.ts";
import { contactOf } from "../applicants/service.ts";
import { calendarFor } from "../calendar/cached.ts";
import { getRegion } from "../regions/service.ts";
import { requestErrors } from "./errors.ts";
import { notifyRequester } from "./notices.ts";
import { newFollowToken, newNumber } from "./numbers.ts";
import { redact } from "./redact.ts";
import { resolveRoute } from "./routing.ts";
import * as store from "./store.ts";
import {
  CONTACT_PREFERENCES,
  type ContactPreference,
  type RequestChannel,
  type RequestRow,
} from "./tables.ts";

export const TEXT_MIN = 5;
export const TEXT_MAX = 2000;
export const MAX_ATTACHMENTS = 3;
export const ATTACHMENT_BYTES = 5 * 1024 * 1024;

export interface FilingInput {
  category: string;
  text: string;
  regionCode: string;
  lat?: number | null | undefined;
  long?: number | null | undefined;
  address?: string | null | undefined;
  contactPreference: ContactPreference;
  /** Asked for by the requester; refused where the category does not allow it. */
  anonymous?: boolean | undefined;
  contact?: { name?: string | undefined; phone?: string | undefined; email?: string | undefined } | undefined;
  attachments?: { fileName?: string | undefined; content: Uint8Array }[] | undefined;
}

export interface FilingDeps {
  jobs: Jobs;
  config: Pick<Config, "personalDataKey" | "dataDir" | "baseUrl" | "clamd">;
  channel: RequestChannel;
  clientId?: string | null;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)+$/;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

const inRange = (value: number | null | undefined, limit: number) =>
  value === null || value === undefined || (Number.isFinite(value) && Math.abs(value) <= limit);

interface Checked {
  text: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  name: string | null;
}

/** A category that takes new requests: a retired one takes none, though those filed under it keep it. */
async function openCategory(db: Executor, code: string) {
  const category = await store.findCategory(db, code);
  return category?.retired_at === null ? category : undefined;
}

/** Every problem of the fields at once, as a FieldsError; the attachments are checkAttachments' part. */
export async function checkFiling(db: Executor, input: FilingInput): Promise<Checked> {
  const issues: FieldIssue[] = [];
  const text = (input.text ?? "").trim();
  if ([...text].length < TEXT_MIN || [...text].length > TEXT_MAX)
    issues.push({ field: "/text", key: "requests.problem.text", params: { min: TEXT_MIN, max: TEXT_MAX } });
  if (!(await openCategory(db, input.category)))
    issues.push({ field: "/category", key: "requests.problem.category" });
  const region = await getRegion(db, ANONYMOUS, input.regionCode).catch(() => undefined);
  if (!region) issues.push({ field: "/regionCode", key: "requests.problem.region" });
  if (!inRange(input.lat, 90)) issues.push({ field: "/lat", key: "requests.problem.lat" });
  if (!inRange(input.long, 180)) issues.push({ field: "/long", key: "requests.problem.long" });
  if ((input.lat === null || input.lat === undefined) !== (input.long === null || input.long === undefined))
    issues.push({ field: "/long", key: "requests.problem.coordinates" });
  const address = input.address?.trim() || null;
  if (address && [...address].length > 200)
    issues.push({ field: "/address", key: "requests.problem.address" });
  if (!CONTACT_PREFERENCES.includes(input.contactPreference))
    issues.push({ field: "/contactPreference", key: "requests.problem.contactPreference" });
  const rawPhone = input.contact?.phone?.trim() || "";
  const phone = rawPhone ? (normaliseMobile(rawPhone) ?? null) : null;
  if (rawPhone && !phone) issues.push({ field: "/phone", key: "requests.problem.phone" });
  const email = input.contact?.email?.trim() || null;
  if (email && !(email.length <= 254 && EMAIL.test(email)))
    issues.push({ field: "/email", key: "requests.problem.email" });
  const name = input.contact?.name?.trim() || null;
  if (name && [...name].length > 50) issues.push({ field: "/name", key: "requests.problem.name" });
  if (issues.length > 0) throw new FieldsError(issues);
  return { text, address, phone, email, name };
}

/**
 * Each attachment's kind, judged by its content and scanned, or the first refusal: more than
 * MAX_ATTACHMENTS (400), one over ATTACHMENT_BYTES (413), one that is no PDF, JPEG or PNG whatever its
 * name says (415), one with malware in it (422; files/scan.ts).
 */
export async function checkAttachments(
  db: Db,
  deps: Pick<FilingDeps, "config">,
  actor: Actor,
  attachments: NonNullable<FilingInput["attachments"]>,
): Promise<CheckedUpload[]> {
  if (attachments.length > MAX_ATTACHMENTS)
    throw new FieldsError([
      { field: "/attachments", key: "requests.problem.attachments", params: { max: MAX_ATTACHMENTS } },
    ]);
  const kinds: CheckedUpload[] = [];
  for (const file of attachments)
    kinds.push(
      await admitUpload({ db, config: deps.config }, actor, file.content, {
        maxBytes: ATTACHMENT_BYTES,
        allowed: ["pdf", "jpeg", "png"],
      }),
    );
  return kinds;
}

/**
 * Files a request: checked whole (every field's problem at once), routed by the rules, due in the
 * category's working days from now on the region's calendar. The requester is the person signed in,
 * else the contact details given (kept encrypted), else no one — where the category allows it. The
 * follow token is answered once and only its hash kept: with the number it lets whoever filed follow,
 * rate and reopen without an account.
 */
export async function fileRequest(
  db: Db,
  deps: FilingDeps,
  actor: Actor,
  input: FilingInput,
  now = new Date(),
): Promise<{ row: RequestRow; token: string }> {
  const checked = await checkFiling(db, input);
  const category = await openCategory(db, input.category);
  if (!category) throw new FieldsError([{ field: "/category", key: "requests.problem.category" }]);
  const asPerson = actor.kind === "person" && !input.anonymous;
  const reachable = checked.phone !== null || checked.email !== null;
  const anonymous = !asPerson && (input.anonymous === true || !reachable);
  if (anonymous && !category.anonymous_allowed) throw requestErrors.anonymousNotAllowed(category.code);
  const preference: ContactPreference = anonymous ? "none" : input.contactPreference;
  const account = asPerson && actor.kind === "person" ? await contactOf(db, actor.id) : undefined;
  const phone = account ? account.mobile : checked.phone;
  const email = account ? account.email : checked.email;
  const preferenceIssue =
    ((preference === "sms" || preference === "phone") && !phone) || (preference === "email" && !email);
  if (preferenceIssue)
    throw new FieldsError([{ field: "/contactPreference", key: "requests.problem.contactPreference" }]);

  const route = await resolveRoute(db, category.code, input.regionCode);
  const due = (await calendarFor(db, input.regionCode)).addWorkingDays(now, category.due_working_days);
  const files = fileStoreFor(deps.config);
  const attachments = input.attachments ?? [];
  const kinds = await checkAttachments(db, deps, actor, attachments);
  const stored: {
    sha256: string;
    size: number;
    mediaType: "application/pdf" | "image/jpeg" | "image/png";
    active: boolean;
  }[] = [];
  for (const [i, file] of attachments.entries()) {
    const kind = kinds[i] as CheckedUpload;
    const put = await files.put(stripMetadata(file.content, kind.type));
    stored.push({ ...put, mediaType: kind.mediaType, active: kind.activeContent });
  }
  const province = provinceOf(input.regionCode);
  const token = newFollowToken(province);
  const key = deps.config.personalDataKey;
  const row = await db.transaction().execute(async (tx) => {
    for (const f of stored)
      await recordFile(tx, {
        sha256: f.sha256,
        size: f.size,
        mediaType: f.mediaType,
        activeContent: f.active,
      });
    const inserted = await store.insertRequest(tx, {
      number: newNumber(province, now),
      token_hash: hashToken(token),
      category_code: category.code,
      kind: category.kind,
      text: checked.text,
      public_text:
        category.kind === "report"
          ? null
          : redact(checked.text, [account?.name ?? checked.name ?? ""].filter(Boolean)),
      province_code: province,
      id: provinceId(province),
      region_code: input.regionCode,
      lat: input.lat ?? null,
      long: input.long ?? null,
      address: checked.address,
      contact_preference: preference,
      requester_kind: asPerson ? "person" : anonymous ? "anonymous" : "contact",
      person_id: asPerson && actor.kind === "person" ? actor.id : null,
      contact_name_enc: !asPerson && !anonymous && checked.name ? encrypt(key, checked.name) : null,
      contact_phone_enc: !asPerson && !anonymous && checked.phone ? encrypt(key, checked.phone) : null,
      contact_email_enc: !asPerson && !anonymous && checked.email ? encrypt(key, checked.email) : null,
      channel: deps.channel,
      client_id: deps.clientId ?? null,
      attachments: stored.map((f) => f.sha256),
      state: route.departmentId ? "assigned" : "received",
      dispatcher_id: route.dispatcherId,
      department_id: route.departmentId,
      received_at: now,
      due_at: due.due,
      due_uncertain: due.uncertain,
    });
    if (inserted.person_id) await noteParty(tx, { kind: "person", id: inserted.person_id }, province);
    await store.insertEvent(tx, {
      request: inserted,
      action: "receive",
      actorKind:
        actor.kind === "person" && asPerson ? "person" : deps.channel === "web" ? "anonymous" : deps.channel,
      actorId: asPerson && actor.kind === "person" ? actor.id : null,
      departmentId: route.departmentId ?? route.dispatcherId,
      at: now,
      data: { routed: route.departmentId !== null },
    });
    await notifyRequester(tx, deps, inserted, "request.received", { token });
    return inserted;
  });
  return { row, token };
}
