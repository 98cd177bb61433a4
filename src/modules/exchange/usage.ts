import type { Db } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { auditActor, type RecordRead, readsOfRecord, recordAudit } from "../audit/service.ts";
import { getDepartment } from "../departments/service.ts";
import { type ExchangeDeps, recordLookup, registryOf } from "./registries.ts";
import * as store from "./store.ts";

/** One read of a record, for its steward: who read it, for which department, when, under what. */
export type RecordUsage = RecordRead;

/**
 * Who read one record, newest first — for the registry's steward (the data controller), whose portal
 * may show it to the person once it has authenticated them. The person themself reads
 * /account/data-reads. A retracted record's reads are listed too: they happened. A key without a record
 * is an empty list, as a record nobody read: whether a key is registered is not told this way.
 */
export async function recordUsage(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  key: string,
  page: { limit: number; before?: number } = { limit: 50 },
): Promise<RecordUsage[]> {
  const registry = await registryOf(db, code);
  const steward = await getDepartment(db, registry.departmentId);
  authorize(actor, "registry.usage", { departmentId: steward.id, regionCode: steward.regionCode });
  const limit = Math.trunc(page.limit);
  if (!(limit >= 1 && limit <= 200)) {
    throw errors.validation([{ field: "/limit", message: "must be from 1 to 200" }]);
  }
  const record = await store.findRecord(
    db,
    registry.id,
    recordLookup(registry, { key }, deps.config.personalDataKey),
  );
  if (!record) return [];
  // Who looked at whose reads is itself a read of personal data: it is on the record's trail.
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      ...auditActor(actor),
      action: "registry.usage_read",
      subjectKind: "registry_record",
      subjectId: record.id,
      personId: record.personId,
      regionCode: steward.regionCode,
      requestId: deps.requestId ?? null,
      details: { registry: registry.code, recordId: record.id, key: record.keyMasked },
    }),
  );
  return readsOfRecord(
    db,
    { recordId: record.id, organisationId: record.organisationId },
    { limit, ...(page.before !== undefined ? { before: page.before } : {}) },
  );
}
