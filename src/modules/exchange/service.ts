import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { getDepartment } from "../departments/service.ts";
import { emitWebhookEvent } from "../webhooks/service.ts";
import { exchangeErrors } from "./errors.ts";
import { normaliseKey, recordProblems, registryProblems } from "./rules.ts";
import type { Agreement, Registry, StoredRecord } from "./store.ts";
import * as store from "./store.ts";
import type { BilingualText, KeyKind, RegistryField, SubjectKind } from "./tables.ts";

export type { Agreement, Change, Registry } from "./store.ts";

export interface ExchangeDeps {
  config: Pick<Config, "personalDataKey">;
  jobs: Jobs;
  requestId?: string;
}

const MAX_SEARCH = 50;

// — registries —

export interface RegistryInput {
  code: string;
  name: BilingualText;
  description?: BilingualText | undefined;
  departmentId: string;
  subjectKind: SubjectKind;
  keyKind: KeyKind;
  fields: RegistryField[];
}

/** A department starts publishing a registry: administrators of the steward department's region. */
export async function defineRegistry(
  db: Db,
  actor: Actor,
  input: RegistryInput,
  origin: { requestId?: string } = {},
): Promise<Registry> {
  const problems = registryProblems(input);
  if (problems.length > 0) throw errors.validation(problems);
  const steward = await getDepartment(db, input.departmentId).catch(() => undefined);
  if (!steward) throw errors.validation([{ field: "/departmentId", message: "no such department" }]);
  authorize(actor, "registry.define", { regionCode: steward.regionCode });
  return db.transaction().execute(async (tx) => {
    const made = await store.insertRegistry(tx, {
      ...input,
      description: input.description ?? { zh: "", en: "" },
    });
    if (!made) throw errors.conflict(`A registry with code ${input.code} exists already`);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "registry.define",
      subjectKind: "registry",
      subjectId: made.id,
      regionCode: steward.regionCode,
      requestId: origin.requestId ?? null,
      details: { code: made.code, fields: made.fields.map((f) => f.name) },
    });
    return made;
  });
}

/** The registries there are, with their fields: what a department may ask an agreement for. */
export async function listRegistries(db: Executor, actor: Actor): Promise<Registry[]> {
  authorize(actor, "registry.list");
  return store.listRegistries(db);
}

/**
 * Registries by code, remembered for a minute: every read looks its registry up, and a registry, once
 * defined, does not change (a new one is defined instead).
 */
const known = new WeakMap<Executor, Map<string, { registry: Registry; until: number }>>();

async function registryOf(db: Executor, code: string): Promise<Registry> {
  let byCode = known.get(db);
  if (!byCode) {
    byCode = new Map();
    known.set(db, byCode);
  }
  const hit = byCode.get(code);
  if (hit && hit.until > Date.now()) return hit.registry;
  const registry = /^[a-z][a-z0-9_]{1,39}$/.test(code) ? await store.findRegistry(db, code) : undefined;
  if (!registry) throw errors.notFound("registry");
  if (byCode.size > 1000) byCode.clear();
  byCode.set(code, { registry, until: Date.now() + 60_000 });
  return registry;
}

export async function getRegistry(db: Executor, actor: Actor, code: string): Promise<Registry> {
  authorize(actor, "registry.list");
  return registryOf(db, code);
}

// — publishing —

export interface PublishInput {
  key: string;
  data: Record<string, unknown>;
  /** Where the subject lives or the property lies: searches keep to region subtrees by it. */
  regionCode?: string | undefined;
}

/**
 * The steward publishes a record (or its next version). Integrators hear of the change by webhook and
 * in the change feed, which names the record, never its data: reading it is a read like any other.
 */
export async function publishRecord(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  input: PublishInput,
): Promise<{ recordId: string; version: number; seq: number }> {
  const registry = await registryOf(db, code);
  const steward = await getDepartment(db, registry.departmentId);
  authorize(actor, "registry.publish", { departmentId: steward.id, regionCode: steward.regionCode });
  const key = normaliseKey(registry.keyKind, input.key, deps.config.personalDataKey);
  const problems: FieldProblem[] = [
    ...(key.ok ? [] : [{ field: "/key", message: key.message }]),
    ...recordProblems(registry.fields, input.data),
    ...(input.regionCode !== undefined && !/^\d{2,12}$/.test(input.regionCode)
      ? [{ field: "/regionCode", message: "must be an administrative division code" }]
      : []),
  ];
  if (!key.ok || problems.length > 0) throw errors.validation(problems);
  return db.transaction().execute(async (tx) => {
    const written = await store.upsertRecord(tx, registry.id, {
      recordKey: key.recordKey,
      keyMasked: key.masked,
      regionCode: input.regionCode ?? null,
      data: input.data,
    });
    await announceChange(tx, deps, registry, steward.regionCode, written, "published");
    return { recordId: written.id, version: written.version, seq: written.seq };
  });
}

export async function retractRecord(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  rawKey: string,
): Promise<{ recordId: string; version: number; seq: number }> {
  const registry = await registryOf(db, code);
  const steward = await getDepartment(db, registry.departmentId);
  authorize(actor, "registry.publish", { departmentId: steward.id, regionCode: steward.regionCode });
  const key = normaliseKey(registry.keyKind, rawKey, deps.config.personalDataKey);
  if (!key.ok) throw errors.validation([{ field: "/key", message: key.message }]);
  return db.transaction().execute(async (tx) => {
    const written = await store.retractRecord(tx, registry.id, key.recordKey);
    if (!written) throw errors.notFound("record");
    await announceChange(tx, deps, registry, steward.regionCode, written, "retracted");
    return { recordId: written.id, version: written.version, seq: written.seq };
  });
}

async function announceChange(
  tx: Executor,
  deps: ExchangeDeps,
  registry: Registry,
  regionCode: string,
  written: { id: string; version: number; seq: number },
  change: "published" | "retracted",
): Promise<void> {
  await emitWebhookEvent(tx, deps.jobs, {
    type: "registry.record_changed",
    regionCode,
    occurredAt: new Date(),
    data: {
      registry: registry.code,
      recordId: written.id,
      version: written.version,
      seq: written.seq,
      change,
    },
  });
}

// — agreements —

export interface AgreementInput {
  registry: string;
  consumerDepartmentId: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  validUntil?: string | undefined;
}

/** A department asks the steward for a standing agreement: named fields, a purpose, a legal basis. */
export async function requestAgreement(
  db: Db,
  actor: Actor,
  input: AgreementInput,
  origin: { requestId?: string } = {},
  now = new Date(),
): Promise<Agreement> {
  const registry = await registryOf(db, input.registry).catch(() => undefined);
  const known = new Set(registry?.fields.map((f) => f.name));
  const validUntil = input.validUntil === undefined ? null : new Date(input.validUntil);
  const problems: FieldProblem[] = [
    ...(registry ? [] : [{ field: "/registry", message: "no such registry" }]),
    ...(input.fields.length === 0 ? [{ field: "/fields", message: "name at least one field" }] : []),
    ...input.fields
      .filter((f) => registry && !known.has(f))
      .map((f) => ({ field: "/fields", message: `the registry has no field ${f}` })),
    ...(input.purpose.trim().length < 4
      ? [{ field: "/purpose", message: "say what the data is for, in a sentence" }]
      : []),
    ...(input.legalBasis.trim().length < 4
      ? [{ field: "/legalBasis", message: "name the law or regulation that allows it" }]
      : []),
    ...(validUntil && (Number.isNaN(validUntil.getTime()) || validUntil <= now)
      ? [{ field: "/validUntil", message: "must be a date in the future" }]
      : []),
  ];
  if (!isUuid(input.consumerDepartmentId)) {
    problems.push({ field: "/consumerDepartmentId", message: "no such department" });
  }
  if (problems.length > 0 || !registry) throw errors.validation(problems);
  const consumer = await getDepartment(db, input.consumerDepartmentId).catch(() => undefined);
  if (!consumer) throw errors.validation([{ field: "/consumerDepartmentId", message: "no such department" }]);
  authorize(actor, "agreement.request", { departmentId: consumer.id });
  return db.transaction().execute(async (tx) => {
    const id = await store.insertAgreement(tx, {
      registryId: registry.id,
      consumerDepartmentId: consumer.id,
      fields: [...new Set(input.fields)],
      purpose: input.purpose.trim(),
      legalBasis: input.legalBasis.trim(),
      validUntil,
      requestedBy: actor.kind === "staff" ? actor.id : null,
    });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "agreement.request",
      subjectKind: "data_agreement",
      subjectId: id,
      regionCode: consumer.regionCode,
      requestId: origin.requestId ?? null,
      details: { registry: registry.code, fields: input.fields },
    });
    return (await store.findAgreement(tx, id)) as Agreement;
  });
}

async function agreementFor(db: Executor, actor: Actor, id: string): Promise<Agreement> {
  const agreement = isUuid(id) ? await store.findAgreement(db, id) : undefined;
  if (!agreement || !partyTo(actor, agreement)) throw errors.notFound("agreement");
  return agreement;
}

/** Staff of either department, or a client of either, see the agreement. */
function partyTo(actor: Actor, a: Agreement): boolean {
  const departments = [a.consumerDepartmentId, a.stewardDepartmentId];
  if (actor.kind === "staff") return actor.grants.some((g) => departments.includes(g.departmentId));
  return actor.kind === "client" && departments.includes(actor.departmentId);
}

export async function getAgreement(db: Executor, actor: Actor, id: string): Promise<Agreement> {
  return agreementFor(db, actor, id);
}

export async function listAgreements(db: Executor, actor: Actor): Promise<Agreement[]> {
  authorize(actor, "agreement.list");
  const departments =
    actor.kind === "staff"
      ? [...new Set(actor.grants.map((g) => g.departmentId))]
      : actor.kind === "client"
        ? [actor.departmentId]
        : [];
  return store.agreementsOf(db, departments);
}

/** The steward approves or refuses a requested agreement, or revokes an approved one. */
export async function decideAgreement(
  db: Db,
  actor: Actor,
  id: string,
  decision: "approve" | "refuse" | "revoke",
  note: string | undefined,
  origin: { requestId?: string } = {},
): Promise<Agreement> {
  const agreement = await agreementFor(db, actor, id);
  const steward = await getDepartment(db, agreement.stewardDepartmentId);
  authorize(actor, "agreement.decide", { departmentId: steward.id });
  if (actor.kind !== "staff") throw errors.forbidden();
  const [from, to] =
    decision === "revoke"
      ? (["approved", "revoked"] as const)
      : (["requested", decision === "approve" ? "approved" : "refused"] as const);
  if (decision !== "approve" && !note?.trim()) {
    throw errors.validation([{ field: "/note", message: "say why, for the requesting department" }]);
  }
  return db.transaction().execute(async (tx) => {
    if (!(await store.decideAgreement(tx, agreement.id, from, to, actor.id, note?.trim() || null))) {
      throw exchangeErrors.agreementDecided(agreement.status);
    }
    await recordAudit(tx, {
      ...auditActor(actor),
      action: `agreement.${decision}`,
      subjectKind: "data_agreement",
      subjectId: agreement.id,
      regionCode: steward.regionCode,
      requestId: origin.requestId ?? null,
      details: { registry: agreement.registryCode, note: note?.trim() ?? null },
    });
    return (await store.findAgreement(tx, agreement.id)) as Agreement;
  });
}

// — reads —

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
}

/**
 * Checks that the actor may read the registry under the agreement now and returns the fields it
 * allows. A refusal is logged (`data_exchange.refused`) before it is answered.
 */
async function allowedByAgreement(
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
  return { agreement, fields: agreement.fields, regionCode: agreement.consumerRegionCode };
}

/** Whether the actor reads for the department: its own client, or staff holding a role in it. */
function readsFor(actor: Actor, departmentId: string): boolean {
  if (actor.kind === "client") return actor.departmentId === departmentId;
  return actor.kind === "staff" && actor.grants.some((g) => g.departmentId === departmentId);
}

async function logRefusal(
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

function view(registry: Registry, record: StoredRecord, fields: readonly string[]): RecordView {
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

export type ReadTarget = { key: string } | { recordId: string };

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
  const by = lookupOf(registry, target, deps);
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

function lookupOf(
  registry: Registry,
  target: Partial<{ key: string; recordId: string }>,
  deps: ExchangeDeps,
): { recordKey: string } | { recordId: string } {
  if (target.recordId !== undefined) {
    if (!isUuid(target.recordId))
      throw errors.validation([{ field: "/recordId", message: "is not a record id" }]);
    return { recordId: target.recordId };
  }
  const key = normaliseKey(registry.keyKind, target.key ?? "", deps.config.personalDataKey);
  if (!key.ok) throw errors.validation([{ field: "/key", message: key.message }]);
  return { recordKey: key.recordKey };
}

export interface SearchInput extends Partial<AgreementPurpose> {
  /** Field values the records must have; only fields the agreement names. */
  equals: Record<string, string | number | boolean>;
  regionCode?: string | undefined;
  limit?: number | undefined;
}

/** Records matching field values, within the agreement's fields; each record returned is a read, logged. */
export async function searchRegistry(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  input: SearchInput,
  now = new Date(),
): Promise<RecordView[]> {
  authorize(actor, "registry.read");
  const registry = await registryOf(db, code);
  const allowed = await allowedByAgreement(db, deps, actor, registry, input, now);
  const names = Object.keys(input.equals);
  const outside = names.filter((n) => !allowed.fields.includes(n));
  if (names.length === 0) {
    throw errors.validation([{ field: "/equals", message: "name at least one field to search by" }]);
  }
  if (outside.length > 0) {
    await logRefusal(db, deps, actor, registry, `search by ${outside.join(", ")}`, allowed.agreement.id);
    throw exchangeErrors.outsideAgreement(`the agreement does not name ${outside.join(", ")}`);
  }
  const records = await store.searchRecords(db, registry.id, {
    equals: input.equals,
    regionCode: input.regionCode,
    limit: Math.min(input.limit ?? 20, MAX_SEARCH),
  });
  if (records.length > 0) {
    await db.transaction().execute(async (tx) => {
      for (const record of records) {
        await logRead(tx, actor, deps.requestId ?? null, {
          registry,
          record,
          fields: allowed.fields,
          purpose: `${allowed.agreement.purpose} — ${(input.reason ?? "").trim()}`,
          caseId: null,
          regionCode: allowed.regionCode,
          basis: { agreementId: allowed.agreement.id },
        });
      }
    });
  }
  return records.map((record) => view(registry, record, allowed.fields));
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
