import type { Db } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { exchangeErrors } from "./errors.ts";
import {
  announceChange,
  checkedRecord,
  type ExchangeDeps,
  type PublishInput,
  publishable,
  type RecordTarget,
  recordLookup,
} from "./registries.ts";
import { recordProblems } from "./rules.ts";
import type { Registry } from "./store.ts";
import * as store from "./store.ts";

/**
 * Writes beyond one record's whole version: several new records at once, and changes to some fields of
 * records that exist. Each record changed is its next version, numbered in the change feed and announced,
 * exactly as a publish.
 */

/** At most this many records in one batch: one transaction, one request's worth of webhook events. */
export const MAX_BATCH = 100;
/** At most this many records changed by one patch of every match. */
export const MAX_PATCHED = 500;

/**
 * New records, all or none: every problem of every record is reported at `/<i>/…`, and with `onlyNew`
 * a key already live refuses the whole batch (409).
 */
export async function publishRecords(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  inputs: PublishInput[],
  options: { onlyNew: boolean },
): Promise<{ recordId: string; version: number; seq: number; at: Date }[]> {
  const { registry, stewardRegionCode } = await publishable(db, actor, code);
  if (inputs.length === 0 || inputs.length > MAX_BATCH) {
    throw errors.validation([{ field: "", message: `give 1 to ${MAX_BATCH} records` }]);
  }
  const problems: FieldProblem[] = [];
  const records: store.NewRecord[] = [];
  inputs.forEach((input, i) => {
    const checked = checkedRecord(registry, input, deps.config.personalDataKey, `/${i}`);
    if (checked.ok) records.push(checked.record);
    else problems.push(...checked.problems);
  });
  const keys = records.map((r) => r.recordKey);
  keys.forEach((key, i) => {
    if (keys.indexOf(key) !== i) problems.push({ field: `/${i}/key`, message: "is given twice" });
  });
  if (problems.length > 0) throw errors.validation(problems);
  return db.transaction().execute(async (tx) => {
    const written: { recordId: string; version: number; seq: number; at: Date }[] = [];
    for (const record of records) {
      const one = options.onlyNew
        ? await store.insertRecord(tx, registry.id, record)
        : { ...(await store.upsertRecord(tx, registry.id, record)), at: new Date() };
      if (!one) throw exchangeErrors.recordExists();
      await announceChange(tx, deps, registry, stewardRegionCode, one, "published");
      written.push({ recordId: one.id, version: one.version, seq: one.seq, at: one.at });
    }
    return written;
  });
}

/** A patch's field values, checked against the registry: its key is not among them. */
function checkedPatch(registry: Registry, patch: Record<string, unknown>): void {
  const problems = recordProblems(registry.fields, patch);
  if (Object.keys(patch).length === 0) problems.push({ field: "/data", message: "name a field to change" });
  if (problems.length > 0) throw errors.validation(problems);
}

function checkedEquals(registry: Registry, equals: Record<string, unknown>): void {
  const problems = recordProblems(registry.fields, equals).map((p) => ({
    ...p,
    field: p.field.replace(/^\/data/, "/equals"),
  }));
  if (problems.length > 0) throw errors.validation(problems);
}

/**
 * Changes some fields of one live record (by key or id); the others keep their values. With `equals`,
 * only if the record has those values too (else 404, as no such record): a writer that read a record
 * changes it only as it read it.
 */
export async function patchRecord(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  target: ({ key: string } | { recordId: string }) & { equals?: Record<string, string | number | boolean> },
  patch: Record<string, unknown>,
): Promise<{ recordId: string; version: number; seq: number }> {
  const { registry, stewardRegionCode } = await publishable(db, actor, code);
  const by = recordLookup(registry, target as RecordTarget, deps.config.personalDataKey);
  const equals = target.equals ?? {};
  checkedEquals(registry, equals);
  checkedPatch(registry, patch);
  return db.transaction().execute(async (tx) => {
    const [written] = await store.patchRecords(tx, registry.id, { ...by, equals }, patch, 1);
    if (!written) throw errors.notFound("record");
    await announceChange(tx, deps, registry, stewardRegionCode, written, "published");
    return { recordId: written.id, version: written.version, seq: written.seq };
  });
}

/**
 * Changes some fields of every live record whose fields equal the values given (at most MAX_PATCHED,
 * in id order); none matching is `count: 0`.
 */
export async function patchMatching(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  equals: Record<string, string | number | boolean>,
  patch: Record<string, unknown>,
): Promise<{ count: number }> {
  const { registry, stewardRegionCode } = await publishable(db, actor, code);
  checkedEquals(registry, equals);
  checkedPatch(registry, patch);
  return db.transaction().execute(async (tx) => {
    const written = await store.patchRecords(tx, registry.id, { equals }, patch, MAX_PATCHED);
    for (const one of written) {
      await announceChange(tx, deps, registry, stewardRegionCode, one, "published");
    }
    return { count: written.length };
  });
}
