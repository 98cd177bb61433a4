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
import type { Registry } from "./store.ts";
import * as store from "./store.ts";
import type { BilingualText, KeyKind, RegistryField, SubjectKind } from "./tables.ts";

/**
 * Registries: a steward department defines one and publishes its records; each change is numbered and
 * announced (the record, never its data).
 */

export interface ExchangeDeps {
  config: Pick<Config, "personalDataKey">;
  jobs: Jobs;
  requestId?: string;
}

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

export async function registryOf(db: Executor, code: string): Promise<Registry> {
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

/** Every registry, for the server's own callers (the command line), which act as no one. */
export async function allRegistries(db: Executor): Promise<Registry[]> {
  return store.listRegistries(db);
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

/** The registry, if the actor may write its records: the steward's staff or its own system. */
export async function publishable(
  db: Executor,
  actor: Actor,
  code: string,
): Promise<{ registry: Registry; stewardRegionCode: string }> {
  const registry = await registryOf(db, code);
  const steward = await getDepartment(db, registry.departmentId);
  authorize(actor, "registry.publish", { departmentId: steward.id, regionCode: steward.regionCode });
  return { registry, stewardRegionCode: steward.regionCode };
}

/** A record to write, checked: its key as stored, or every problem of it at `at`. */
export function checkedRecord(
  registry: Registry,
  input: PublishInput,
  personalDataKey: Buffer,
  at = "",
): { ok: true; record: store.NewRecord } | { ok: false; problems: FieldProblem[] } {
  const key = normaliseKey(registry.keyKind, input.key, personalDataKey);
  const problems: FieldProblem[] = [
    ...(key.ok ? [] : [{ field: `${at}/key`, message: key.message }]),
    ...recordProblems(registry.fields, input.data).map((p) => ({ ...p, field: `${at}${p.field}` })),
    ...(input.regionCode !== undefined && !/^\d{2,12}$/.test(input.regionCode)
      ? [{ field: `${at}/regionCode`, message: "must be an administrative division code" }]
      : []),
  ];
  if (!key.ok || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    record: {
      recordKey: key.recordKey,
      keyMasked: key.masked,
      regionCode: input.regionCode ?? null,
      data: input.data,
    },
  };
}

/**
 * The steward publishes a record (or its next version). Integrators hear of the change by webhook and
 * in the change feed, which names the record, never its data: reading it is a read like any other.
 * `onlyNew` refuses (409) a key a live record holds, for writers that must not overwrite one.
 */
export async function publishRecord(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  input: PublishInput,
  options: { onlyNew?: boolean } = {},
): Promise<{ recordId: string; version: number; seq: number }> {
  const { registry, stewardRegionCode } = await publishable(db, actor, code);
  const checked = checkedRecord(registry, input, deps.config.personalDataKey);
  if (!checked.ok) throw errors.validation(checked.problems);
  return db.transaction().execute(async (tx) => {
    const written = options.onlyNew
      ? await store.insertRecord(tx, registry.id, checked.record)
      : await store.upsertRecord(tx, registry.id, checked.record);
    if (!written) throw exchangeErrors.recordExists();
    await announceChange(tx, deps, registry, stewardRegionCode, written, "published");
    return { recordId: written.id, version: written.version, seq: written.seq };
  });
}

/** A record named by its key (as written by its steward) or by its id (as the change feed names it). */
export type RecordTarget = string | { key: string } | { recordId: string };

export function recordLookup(
  registry: Registry,
  target: RecordTarget,
  personalDataKey: Buffer,
): { recordKey: string } | { recordId: string } {
  if (typeof target === "object" && "recordId" in target) {
    if (!isUuid(target.recordId)) {
      throw errors.validation([{ field: "/recordId", message: "is not a record id" }]);
    }
    return { recordId: target.recordId };
  }
  const raw = typeof target === "string" ? target : target.key;
  const key = normaliseKey(registry.keyKind, raw, personalDataKey);
  if (!key.ok) throw errors.validation([{ field: "/key", message: key.message }]);
  return { recordKey: key.recordKey };
}

export async function retractRecord(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  target: RecordTarget,
): Promise<{ recordId: string; version: number; seq: number }> {
  const { registry, stewardRegionCode } = await publishable(db, actor, code);
  const by = recordLookup(registry, target, deps.config.personalDataKey);
  return db.transaction().execute(async (tx) => {
    const written = await store.retractRecord(tx, registry.id, by);
    if (!written) throw errors.notFound("record");
    await announceChange(tx, deps, registry, stewardRegionCode, written, "retracted");
    return { recordId: written.id, version: written.version, seq: written.seq };
  });
}

export async function announceChange(
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
