import type { Config } from "../../platform/config.ts";
import { decrypt } from "../../platform/crypto.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import type { Actor } from "../../platform/policy.ts";
import { contactOf } from "../applicants/service.ts";
import { recordAudit } from "../audit/service.ts";
import { calendarFor } from "../calendar/cached.ts";
import { getDepartment } from "../departments/service.ts";
import { mayWork, requestForStaff, requestOfRequester } from "./access.ts";
import { requestErrors } from "./errors.ts";
import { notifyRequester } from "./notices.ts";
import { redact } from "./redact.ts";
import { dispatcherFor } from "./routing.ts";
import * as store from "./store.ts";
import type { RequestRow, RequestState, Satisfaction } from "./tables.ts";

/** Workflow as data: what each state allows. Anything else answers 409 with this list. */
export const ALLOWED: Record<RequestState, readonly string[]> = {
  received: ["assign", "reply"],
  assigned: ["transfer", "return", "reply"],
  replied: ["rate", "reopen"],
  closed: ["reopen"],
};

/** How long after the reply the requester may reopen it, in working days. */
export const REOPEN_WORKING_DAYS = 10;
export const REASON_MAX = 500;
export const REPLY_MAX = 4000;

export interface Deps {
  jobs: Jobs;
  config: Pick<Config, "personalDataKey" | "baseUrl">;
  requestId?: string | undefined;
}

function allow(row: RequestRow, action: string): void {
  if (!ALLOWED[row.state].includes(action))
    throw requestErrors.notNow(action, row.state, [...ALLOWED[row.state]]);
}

function required(field: string, value: string | undefined, max: number): string {
  const text = (value ?? "").trim();
  if (text === "") throw errors.validation([{ field, message: "is required: say why" }]);
  if ([...text].length > max)
    throw errors.validation([{ field, message: `must be at most ${max} characters` }]);
  return text;
}

/** A staff step: the request locked, its state and the actor's hold on it checked, event and audit written. */
async function staffStep(
  db: Db,
  deps: Deps,
  actor: Actor,
  number: string,
  action: string,
  change: (
    tx: Executor,
    row: RequestRow,
  ) => Promise<{ set: store.RequestChange; reason?: string; data?: Record<string, unknown> }>,
): Promise<RequestRow> {
  return db.transaction().execute(async (tx) => {
    const row = await requestForStaff(tx, actor, number, true);
    allow(row, action);
    if (actor.kind !== "staff" || !mayWork(actor, row)) throw errors.forbidden();
    const now = new Date();
    const { set, reason, data } = await change(tx, row);
    const updated = await store.updateRequest(tx, row.province_code, row.id, set);
    await store.insertEvent(tx, {
      request: row,
      action,
      actorKind: "staff",
      actorId: actor.id,
      departmentId: updated.department_id ?? updated.dispatcher_id,
      reason: reason ?? null,
      data: data ?? {},
      at: now,
    });
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: `request.${action}`,
      subjectKind: "request",
      subjectId: row.id,
      personId: row.person_id,
      regionCode: row.region_code,
      requestId: deps.requestId ?? null,
      details: { number: row.number, ...(reason ? { reason } : {}), ...(data ?? {}) },
    });
    if (action === "reply") await notifyRequester(tx, deps, updated, "request.replied");
    return updated;
  });
}

/** A department of the request's place or of a region above it: the only ones that can take it. */
async function departmentFor(db: Executor, row: RequestRow, departmentId: string): Promise<string> {
  const department = await getDepartment(db, departmentId).catch(() => undefined);
  if (!department || !row.region_code.startsWith(department.regionCode))
    throw errors.validation([
      { field: "/departmentId", message: "is not a department of the request's place or above it" },
    ]);
  return department.id;
}

/** The dispatcher sends a request waiting with it to a department. */
export function assign(db: Db, deps: Deps, actor: Actor, number: string, departmentId: string) {
  return staffStep(db, deps, actor, number, "assign", async (tx, row) => ({
    set: { state: "assigned", department_id: await departmentFor(tx, row, departmentId) },
    data: { to: departmentId },
  }));
}

/** The department hands it on to another that should answer it, saying why. */
export function transfer(
  db: Db,
  deps: Deps,
  actor: Actor,
  number: string,
  departmentId: string,
  reason: string | undefined,
) {
  return staffStep(db, deps, actor, number, "transfer", async (tx, row) => {
    const why = required("/reason", reason, REASON_MAX);
    const to = await departmentFor(tx, row, departmentId);
    if (to === row.department_id) throw requestErrors.sameDepartment();
    return { set: { department_id: to }, reason: why, data: { from: row.department_id, to } };
  });
}

/** The department gives it back to the dispatcher (not ours to answer), saying why; reassigned from there. */
export function returnToDispatcher(
  db: Db,
  deps: Deps,
  actor: Actor,
  number: string,
  reason: string | undefined,
) {
  return staffStep(db, deps, actor, number, "return", async (tx, row) => {
    const why = required("/reason", reason, REASON_MAX);
    return {
      set: {
        state: "received",
        department_id: null,
        dispatcher_id: await dispatcherFor(tx, row.region_code),
      },
      reason: why,
      data: { from: row.department_id },
    };
  });
}

/**
 * The answer. Made public, it is published as redacted text only: the requester's name, phone numbers,
 * ID numbers and e-mail addresses masked. The requester may then rate it, or reopen it within
 * REOPEN_WORKING_DAYS working days.
 */
export function reply(
  db: Db,
  deps: Deps,
  actor: Actor,
  number: string,
  input: { text: string | undefined; public?: boolean | undefined },
) {
  return staffStep(db, deps, actor, number, "reply", async (tx, row) => {
    const text = required("/text", input.text, REPLY_MAX);
    const now = new Date();
    const reopen = (await calendarFor(tx, row.region_code)).addWorkingDays(now, REOPEN_WORKING_DAYS);
    const names = await requesterNames(tx, deps.config.personalDataKey, row);
    return {
      set: {
        state: "replied",
        reply_text: text,
        reply_public: input.public === true,
        reply_public_text: input.public === true ? redact(text, names) : null,
        replied_at: now,
        replied_by: actor.kind === "staff" ? actor.id : null,
        reopen_until: reopen.due,
        overdue_at: null,
      },
      data: { public: input.public === true },
    };
  });
}

async function requesterNames(db: Executor, key: Buffer, row: RequestRow): Promise<string[]> {
  if (row.person_id) {
    const contact = await contactOf(db, row.person_id);
    return contact ? [contact.name] : [];
  }
  return row.contact_name_enc ? [decrypt(key, row.contact_name_enc)] : [];
}

/** The requester's own step, by account or follow token, written as an event. */
async function requesterStep(
  db: Db,
  actor: Actor,
  number: string,
  token: string | undefined,
  action: "rate" | "reopen",
  change: (
    tx: Executor,
    row: RequestRow,
    now: Date,
  ) => Promise<{ set: store.RequestChange; reason?: string; data?: Record<string, unknown> }>,
): Promise<RequestRow> {
  return db.transaction().execute(async (tx) => {
    const row = await requestOfRequester(tx, actor, number, token, true);
    allow(row, action);
    const now = new Date();
    const { set, reason, data } = await change(tx, row, now);
    const updated = await store.updateRequest(tx, row.province_code, row.id, set);
    await store.insertEvent(tx, {
      request: row,
      action,
      actorKind: actor.kind === "person" ? "person" : "requester",
      actorId: actor.kind === "person" ? actor.id : null,
      reason: reason ?? null,
      data: data ?? {},
      at: now,
    });
    return updated;
  });
}

/** 满意 · 基本满意 · 不满意: the requester's word on the reply closes the request. */
export function rate(
  db: Db,
  actor: Actor,
  number: string,
  token: string | undefined,
  satisfaction: Satisfaction,
) {
  return requesterStep(db, actor, number, token, "rate", async (_tx, _row, now) => ({
    set: { state: "closed", satisfaction, rated_at: now, closed_at: now },
    data: { satisfaction },
  }));
}

/**
 * The requester is not done with it: within the period after the reply, with a reason, it goes back to
 * the department that answered (or to the dispatcher, if it answered) with a new deadline.
 */
export function reopen(
  db: Db,
  actor: Actor,
  number: string,
  token: string | undefined,
  reason: string | undefined,
) {
  return requesterStep(db, actor, number, token, "reopen", async (tx, row, now) => {
    if (!row.reopen_until || row.reopen_until < now) throw requestErrors.reopenPeriodOver();
    const why = required("/reason", reason, REASON_MAX);
    const category = await store.findCategory(tx, row.category_code);
    const due = (await calendarFor(tx, row.region_code)).addWorkingDays(
      now,
      category?.due_working_days ?? 10,
    );
    return {
      set: {
        state: row.department_id ? "assigned" : "received",
        due_at: due.due,
        due_uncertain: due.uncertain,
        overdue_at: null,
        closed_at: null,
        reopen_until: null,
        reopened_count: row.reopened_count + 1,
      },
      reason: why,
    };
  });
}
