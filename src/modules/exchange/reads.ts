import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { exchangeErrors } from "./errors.ts";
import { type ExchangeDeps, recordLookup, registryOf } from "./registries.ts";
import type { Agreement, Registry, StoredRecord } from "./store.ts";
import * as store from "./store.ts";

/**
 * Reads: only for a purpose — an approved agreement and a reason, or a case — only the fields it
 * allows, each logged for the person or organisation read, each refusal logged too.
 */

export const MAX_SEARCH = 50;

/** A registry record as a reader receives it: only the fields the purpose allows. */
export interface RecordView {
  registry: string;
  recordId: string;
  keyMasked: string;
  version: number;
  updatedAt: Date;
  fields: Record<string, unknown>;
}

/** Why a read happens: a standing agreement with the reason for this read. */
export interface AgreementPurpose {
  agreementId: string;
  reason: string;
  /**
   * Only these of the agreement's fields are returned and logged: a reader that needs less reads less.
   * A field outside the agreement is refused, and the refusal logged.
   */
  fields?: readonly string[] | undefined;
}

/**
 * Checks that the actor may read the registry under the agreement now and returns the fields it
 * allows. A refusal is logged (`data_exchange.refused`) before it is answered.
 */
export async function allowedByAgreement(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  registry: Registry,
  purpose: Partial<AgreementPurpose>,
  now: Date,
): Promise<{ agreement: Agreement; fields: string[]; regionCode: string }> {
  const refuse = async (error: Error, why: string, agreementId?: string) => {
    await logRefusal(db, deps, actor, registry, why, agreementId);
    return error;
  };
  if (!purpose.agreementId || !purpose.reason?.trim()) {
    throw await refuse(exchangeErrors.purposeRequired(), "no purpose given");
  }
  const agreement = isUuid(purpose.agreementId)
    ? await store.findAgreement(db, purpose.agreementId)
    : undefined;
  if (!agreement || agreement.registryId !== registry.id) {
    throw await refuse(
      exchangeErrors.outsideAgreement("no such agreement on this registry"),
      "unknown agreement",
    );
  }
  if (!readsFor(actor, agreement.consumerDepartmentId)) {
    throw await refuse(
      exchangeErrors.outsideAgreement("the agreement is another department's"),
      "another department's agreement",
      agreement.id,
    );
  }
  if (actor.kind === "client" && !actor.scopes.includes("registry.read")) {
    throw await refuse(errors.forbidden(), "client without registry.read", agreement.id);
  }
  if (agreement.status !== "approved") {
    throw await refuse(
      exchangeErrors.outsideAgreement(`the agreement is ${agreement.status}`),
      `agreement ${agreement.status}`,
      agreement.id,
    );
  }
  if (agreement.validUntil && agreement.validUntil <= now) {
    throw await refuse(
      exchangeErrors.outsideAgreement("the agreement has expired"),
      "agreement expired",
      agreement.id,
    );
  }
  const fields = purpose.fields ?? agreement.fields;
  const outside = fields.filter((f) => !agreement.fields.includes(f));
  if (outside.length > 0) {
    throw await refuse(
      exchangeErrors.outsideAgreement(`the agreement does not name ${outside.join(", ")}`),
      `read of ${outside.join(", ")}`,
      agreement.id,
    );
  }
  return { agreement, fields: [...new Set(fields)], regionCode: agreement.consumerRegionCode };
}

/** Whether the actor reads for the department: its own client, or staff holding a role in it. */
function readsFor(actor: Actor, departmentId: string): boolean {
  if (actor.kind === "client") return actor.departmentId === departmentId;
  return actor.kind === "staff" && actor.grants.some((g) => g.departmentId === departmentId);
}

export async function logRefusal(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  registry: Registry,
  why: string,
  agreementId?: string,
): Promise<void> {
  if (actor.kind === "anonymous") return;
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      ...auditActor(actor),
      action: "data_exchange.refused",
      subjectKind: "registry",
      subjectId: registry.id,
      requestId: deps.requestId ?? null,
      details: { registry: registry.code, why, agreementId: agreementId ?? null },
    }),
  );
}

/** The record's fields that the purpose allows, in the registry's order. */
function pick(registry: Registry, record: StoredRecord, fields: readonly string[]): Record<string, unknown> {
  const allowed = new Set(fields);
  return Object.fromEntries(
    registry.fields.filter((f) => allowed.has(f.name)).map((f) => [f.name, record.data[f.name] ?? null]),
  );
}

export function view(registry: Registry, record: StoredRecord, fields: readonly string[]): RecordView {
  return {
    registry: registry.code,
    recordId: record.id,
    keyMasked: record.keyMasked,
    version: record.version,
    updatedAt: record.updatedAt,
    fields: pick(registry, record, fields),
  };
}

/** One read's entry in the audit trail: what "who used my data" lists for the person or enterprise. */
export interface ReadLog {
  registry: Registry;
  record: StoredRecord;
  fields: readonly string[];
  purpose: string;
  caseId: string | null;
  regionCode: string | null;
  basis: { agreementId: string } | { material: string } | { rule: string };
}

export async function logRead(tx: Executor, actor: Actor | "system", requestId: string | null, log: ReadLog) {
  const { record } = log;
  await recordAudit(tx, {
    ...(actor === "system" || actor.kind === "anonymous"
      ? { actorKind: "system" as const }
      : auditActor(actor)),
    action: "data_exchange.fetch",
    personId: record.personId,
    ...(record.organisationId
      ? { subjectKind: "organisation", subjectId: record.organisationId }
      : { subjectKind: "registry_record", subjectId: record.id }),
    caseId: log.caseId,
    regionCode: log.regionCode,
    purpose: log.purpose,
    requestId,
    details: {
      registry: log.registry.code,
      recordId: record.id,
      key: record.keyMasked,
      version: record.version,
      fields: [...log.fields],
      ...log.basis,
    },
  });
}

/** A read by key (or by the record id the change feed gave) under a standing agreement. */
export async function readRecord(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  target: Partial<{ key: string; recordId: string }>,
  purpose: Partial<AgreementPurpose>,
  now = new Date(),
): Promise<RecordView> {
  authorize(actor, "registry.read");
  const registry = await registryOf(db, code);
  const by = recordLookup(
    registry,
    target.recordId !== undefined ? { recordId: target.recordId } : { key: target.key ?? "" },
    deps.config.personalDataKey,
  );
  const allowed = await allowedByAgreement(db, deps, actor, registry, purpose, now);
  const record = await store.findRecord(db, registry.id, by);
  if (!record || record.retracted) throw errors.notFound("record");
  await db.transaction().execute((tx) =>
    logRead(tx, actor, deps.requestId ?? null, {
      registry,
      record,
      fields: allowed.fields,
      purpose: `${allowed.agreement.purpose} — ${(purpose.reason ?? "").trim()}`,
      caseId: null,
      regionCode: allowed.regionCode,
      basis: { agreementId: allowed.agreement.id },
    }),
  );
  return view(registry, record, allowed.fields);
}

/**
 * The registry's changes after `after`, for a consumer with an approved agreement on it: which record
 * changed and its new version — never its data, which the consumer reads (and is logged reading).
 */
export async function registryChanges(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  q: { agreementId?: string | undefined; after?: number | undefined; limit?: number | undefined },
  now = new Date(),
): Promise<{ items: store.Change[]; next: number }> {
  authorize(actor, "registry.subscribe");
  const registry = await registryOf(db, code);
  await allowedByAgreement(
    db,
    deps,
    actor,
    registry,
    { agreementId: q.agreementId, reason: "change feed" },
    now,
  );
  if (actor.kind === "client" && !actor.scopes.includes("registry.subscribe")) throw errors.forbidden();
  const after = Math.max(0, Math.trunc(q.after ?? 0));
  const items = await store.changesAfter(db, registry.id, after, Math.min(q.limit ?? 100, 500));
  return { items, next: items.at(-1)?.seq ?? after };
}
