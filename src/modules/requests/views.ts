import type { Config } from "../../platform/config.ts";
import { decrypt } from "../../platform/crypto.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provincesOfRegions } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import { maskMobile } from "../../platform/personal-data.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { partyProvinces } from "../applicants/party-provinces-store.ts";
import { contactOf } from "../applicants/service.ts";
import { recordAudit } from "../audit/service.ts";
import { getDepartment } from "../departments/service.ts";
import { mayWork, readFacts, requestForStaff, requestOfRequester } from "./access.ts";
import { type AttachmentFile, attachmentsOf } from "./attachments.ts";
import { ALLOWED } from "./lifecycle.ts";
import * as store from "./store.ts";
import type { CategoryRow, RequestKind, RequestRow, RequestState, Satisfaction } from "./tables.ts";

export interface Category {
  code: string;
  kind: RequestKind;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  anonymousAllowed: boolean;
  dueWorkingDays: number;
  /** False once retired: off the form and Open311's services, kept by the requests filed under it. */
  active: boolean;
}

export const presentCategory = (c: CategoryRow): Category => ({
  code: c.code,
  kind: c.kind,
  name: c.name,
  nameEn: c.name_en,
  description: c.description,
  descriptionEn: c.description_en,
  anonymousAllowed: c.anonymous_allowed,
  dueWorkingDays: c.due_working_days,
  active: c.retired_at === null,
});

export async function listCategories(db: Executor): Promise<Category[]> {
  return (await store.listCategories(db)).map(presentCategory);
}

export async function getCategory(db: Executor, code: string): Promise<Category> {
  const row = await store.findCategory(db, code);
  if (!row) throw errors.notFound("category");
  return presentCategory(row);
}

export interface DepartmentName {
  id: string;
  name: string;
  nameEn: string;
}

async function departmentName(db: Executor, id: string | null): Promise<DepartmentName | null> {
  if (!id) return null;
  const d = await getDepartment(db, id).catch(() => undefined);
  return d ? { id: d.id, name: d.name, nameEn: d.nameEn } : null;
}

export interface RequestEvent {
  at: Date;
  action: string;
  reason: string | null;
  department: DepartmentName | null;
}

export interface RequestView {
  number: string;
  category: Category;
  text: string;
  regionCode: string;
  address: string | null;
  lat: number | null;
  long: number | null;
  state: RequestState;
  receivedAt: Date;
  dueAt: Date;
  overdue: boolean;
  /** Who has it now: the department, or the dispatcher while it waits there. */
  holder: DepartmentName | null;
  reply: { text: string; at: Date; public: boolean } | null;
  satisfaction: Satisfaction | null;
  reopenUntil: Date | null;
  attachments: string[];
  /** The attachments as the request's own pages list them; never on public lists or Open311. */
  files: AttachmentFile[];
  events: RequestEvent[];
  /** What can be done on it now by whoever asked. */
  actions: string[];
}

async function view(db: Executor, row: RequestRow, actions: string[]): Promise<RequestView> {
  const category = await getCategory(db, row.category_code);
  const events = await store.eventsOf(db, row.province_code, row.id);
  const names = new Map<string, DepartmentName | null>();
  const nameOf = async (id: string | null) => {
    if (!id) return null;
    if (!names.has(id)) names.set(id, await departmentName(db, id));
    return names.get(id) ?? null;
  };
  return {
    number: row.number,
    category,
    text: row.text,
    regionCode: row.region_code,
    address: row.address,
    lat: row.lat,
    long: row.long,
    state: row.state,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    overdue: row.overdue_at !== null,
    holder: await nameOf(row.department_id ?? row.dispatcher_id),
    reply:
      row.reply_text && row.replied_at
        ? { text: row.reply_text, at: row.replied_at, public: row.reply_public }
        : null,
    satisfaction: row.satisfaction,
    reopenUntil: row.reopen_until,
    attachments: row.attachments,
    files: await attachmentsOf(db, row),
    events: await Promise.all(
      events.map(async (e) => ({
        at: e.at,
        action: e.action,
        reason: e.reason,
        department: await nameOf(e.department_id),
      })),
    ),
    actions,
  };
}

/** The request as its requester follows it (signed in, or by number and follow token). */
export async function followRequest(
  db: Executor,
  actor: Actor,
  number: string,
  token: string | undefined,
  now = new Date(),
): Promise<RequestView> {
  const row = await requestOfRequester(db, actor, number, token);
  const open = row.reopen_until !== null && row.reopen_until >= now;
  const actions = ALLOWED[row.state].filter((a) => (a === "rate" ? true : a === "reopen" ? open : false));
  return view(db, row, actions);
}

export interface StaffRequestView extends RequestView {
  requester: { kind: string; name: string | null; phone: string | null; email: string | null };
  dispatcher: DepartmentName | null;
  channel: string;
}

/**
 * The request as the staff over it see it, with how to reach the requester (they may have asked to be
 * called): reading that is recorded in the audit trail.
 */
export async function staffRequest(
  db: Db,
  config: Pick<Config, "personalDataKey">,
  actor: Actor,
  number: string,
  origin: { requestId?: string } = {},
): Promise<StaffRequestView> {
  const row = await requestForStaff(db, actor, number);
  const actions =
    actor.kind === "staff" && mayWork(actor, row)
      ? [...ALLOWED[row.state].filter((a) => a !== "rate" && a !== "reopen")]
      : [];
  const requester = await requesterOf(db, config.personalDataKey, row);
  if (row.requester_kind !== "anonymous" && actor.kind === "staff") {
    await db.transaction().execute((tx) =>
      recordAudit(tx, {
        actorKind: "staff",
        actorId: actor.id,
        action: "request.contact_read",
        subjectKind: "request",
        subjectId: row.id,
        personId: row.person_id,
        regionCode: row.region_code,
        requestId: origin.requestId ?? null,
      }),
    );
  }
  return {
    ...(await view(db, row, actions)),
    requester,
    dispatcher: await departmentName(db, row.dispatcher_id),
    channel: row.channel,
  };
}

async function requesterOf(
  db: Executor,
  key: Buffer,
  row: RequestRow,
): Promise<StaffRequestView["requester"]> {
  if (row.person_id) {
    const c = await contactOf(db, row.person_id);
    return { kind: "person", name: c?.name ?? null, phone: c?.mobile ?? null, email: c?.email ?? null };
  }
  const open = (v: string | null) => (v ? decrypt(key, v) : null);
  return {
    kind: row.requester_kind,
    name: open(row.contact_name_enc),
    phone: open(row.contact_phone_enc),
    email: open(row.contact_email_enc),
  };
}

export interface WorkItem {
  number: string;
  categoryCode: string;
  kind: RequestKind;
  state: RequestState;
  regionCode: string;
  receivedAt: Date;
  dueAt: Date;
  overdue: boolean;
  /** The first words, for the list: the whole text is on the request's page. */
  excerpt: string;
}

/** The requests the staff member's departments (and dispatchers) hold now, the soonest due first. */
export async function worklist(db: Executor, actor: Actor, limit = 200): Promise<WorkItem[]> {
  authorize(actor, "request.worklist");
  if (actor.kind !== "staff") return [];
  const ids = [...new Set(actor.grants.map((g) => g.departmentId))];
  // A grant reaches no further than its jurisdiction: one province, or every one for the whole country.
  const provinces = provincesOfRegions(actor.grants.map((g) => g.jurisdictionCode));
  const rows = await store.worklist(db, provinces, { departmentIds: ids, dispatcherIds: ids, limit });
  return rows
    .filter((r) => can(actor, "request.read", readFacts(r)) && mayWork(actor, r))
    .map((r) => ({
      number: r.number,
      categoryCode: r.category_code,
      kind: r.kind,
      state: r.state,
      regionCode: r.region_code,
      receivedAt: r.received_at,
      dueAt: r.due_at,
      overdue: r.overdue_at !== null || r.due_at < new Date(),
      excerpt: [...r.text].slice(0, 60).join(""),
    }));
}

export interface MyRequest {
  number: string;
  categoryCode: string;
  state: RequestState;
  receivedAt: Date;
}

export async function myRequests(db: Executor, actor: Actor): Promise<MyRequest[]> {
  authorize(actor, "request.mine");
  if (actor.kind !== "person") return [];
  const provinces = await partyProvinces(db, { kind: "person", id: actor.id });
  return (await store.requestsOfPerson(db, provinces, actor.id)).map((r) => ({
    number: r.number,
    categoryCode: r.category_code,
    state: r.state,
    receivedAt: r.received_at,
  }));
}

export type PublicReply = store.PublicReplyRow;

/** Replies made public, newest first: redacted when they were published, never the requester's text. */
export function publicReplies(db: Executor, page: { limit: number; offset: number }): Promise<PublicReply[]> {
  return store.publicReplies(db, page);
}

export const maskedPhone = (phone: string | null) => (phone ? maskMobile(phone) : null);
