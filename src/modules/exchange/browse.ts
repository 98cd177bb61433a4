import type { Db } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { exchangeErrors } from "./errors.ts";
import {
  type AgreementPurpose,
  allowedByAgreement,
  logRead,
  logRefusal,
  MAX_SEARCH,
  type RecordView,
  view,
} from "./reads.ts";
import { type ExchangeDeps, registryOf } from "./registries.ts";
import { normaliseKey } from "./rules.ts";
import * as store from "./store.ts";

/** A page of a registry's records: filters, a text search, an order, an offset, and the total. */
export interface BrowseInput extends Partial<AgreementPurpose> {
  /** Field values the records must have; only fields the agreement names. */
  equals: Record<string, string | number | boolean>;
  /** The record under this key only (a resident ID number, a credit code, the record's number). */
  key?: string | undefined;
  /** Text found, in any case, in one of these string fields (default: every string field read). */
  contains?: { text: string; fields?: string[] | undefined } | undefined;
  /** By a field's values (then by key), or without a field by key. */
  order?: { field?: string | undefined; direction: "asc" | "desc" } | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
  regionCode?: string | undefined;
}

/** Past this offset a reader is harvesting, not looking: a narrower filter finds the record. */
const MAX_OFFSET = 10_000;

/**
 * Records matching a query, a page at a time, with how many match — every record returned a read,
 * logged for its person or organisation. People and organisations are found by what a reader knows of
 * them (a key or a field value), never listed whole: data minimisation; a property registry (parcels,
 * certificates) may be paged through.
 */
export async function browseRegistry(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  code: string,
  input: BrowseInput,
  now = new Date(),
): Promise<{ items: RecordView[]; total: number }> {
  authorize(actor, "registry.read");
  const registry = await registryOf(db, code);
  const allowed = await allowedByAgreement(db, deps, actor, registry, input, now);
  const agreed = allowed.agreement.fields;
  const stringFields = registry.fields.filter((f) => f.type === "string").map((f) => f.name);
  const searchIn = input.contains?.fields ?? stringFields.filter((f) => allowed.fields.includes(f));
  const named = [
    ...Object.keys(input.equals),
    ...(input.contains ? searchIn : []),
    ...(input.order?.field ? [input.order.field] : []),
  ];
  const outside = [...new Set(named.filter((n) => !agreed.includes(n)))];
  if (outside.length > 0) {
    await logRefusal(db, deps, actor, registry, `search by ${outside.join(", ")}`, allowed.agreement.id);
    throw exchangeErrors.outsideAgreement(`the agreement does not name ${outside.join(", ")}`);
  }
  const problems: FieldProblem[] = [];
  const key =
    input.key === undefined
      ? undefined
      : normaliseKey(registry.keyKind, input.key, deps.config.personalDataKey);
  if (key && !key.ok) problems.push({ field: "/key", message: key.message });
  const text = input.contains?.text.trim() ?? "";
  if (input.contains && (text === "" || text.length > 200)) {
    problems.push({ field: "/contains/text", message: "give 1 to 200 characters to look for" });
  }
  if (input.contains?.fields?.some((f) => !stringFields.includes(f))) {
    problems.push({ field: "/contains/fields", message: "text is looked for in string fields only" });
  }
  const filtered = Object.keys(input.equals).length > 0 || key !== undefined || input.contains !== undefined;
  if (!filtered && registry.subjectKind !== "property") {
    problems.push({
      field: "/equals",
      message: `a ${registry.subjectKind} register is searched, not listed: give a key or a field value`,
    });
  }
  const offset = input.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    problems.push({ field: "/offset", message: `must be from 0 to ${MAX_OFFSET}` });
  }
  if (problems.length > 0) throw errors.validation(problems);
  const query: store.RecordQuery = {
    equals: input.equals,
    recordKey: key?.ok ? key.recordKey : undefined,
    contains: input.contains ? { text, fields: searchIn } : undefined,
    regionCode: input.regionCode,
  };
  const [records, total] = await Promise.all([
    store.searchRecords(db, registry.id, {
      ...query,
      order: input.order,
      offset,
      limit: Math.max(1, Math.min(input.limit ?? 20, MAX_SEARCH)),
    }),
    store.countRecords(db, registry.id, query),
  ]);
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
  return { items: records.map((record) => view(registry, record, allowed.fields)), total };
}
