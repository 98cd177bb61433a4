import type { Db } from "../../../platform/db/database.ts";
import { errors } from "../../../platform/errors.ts";
import { isUuid } from "../../../platform/ids.ts";
import type { Actor } from "../../../platform/policy.ts";
import {
  type AgreementPurpose,
  browseRegistry,
  currentAgreement,
  type ExchangeDeps,
  type RecordView,
  readRecord,
} from "../../exchange/service.ts";
import { type Content, contentOf, equalsOf, fieldNamed } from "./content.ts";
import type { Exposed } from "./exposures.ts";

/**
 * Reads through the native functions, under the client department's agreement (section 8.3): every
 * record returned is logged as a native read is, and every refusal too.
 */

/** Who reads, and how the read is explained in the log. */
export interface Reader {
  db: Db;
  deps: ExchangeDeps;
  actor: Actor;
  /** The Information-Mediator-Client value, named in the read's reason. */
  header: string | null;
  /** The optional X-Tongban-Purpose header: the caller's own words for why. */
  purpose: string | undefined;
}

/**
 * The purpose of a read: the department's agreement (one naming every field needed, if there is one)
 * and a reason naming the operation and the caller. No agreement: the native check refuses and logs it.
 */
async function purposeOf(
  reader: Reader,
  exposed: Exposed,
  operation: string,
  needed: readonly string[],
): Promise<Partial<AgreementPurpose>> {
  const agreement = await currentAgreement(reader.db, reader.actor, exposed.registry.code, needed);
  const reason = [`GovStack ${operation} (${reader.header ?? "no header"})`, reader.purpose]
    .filter(Boolean)
    .join(": ");
  return { ...(agreement ? { agreementId: agreement.id } : {}), reason };
}

export interface ListQuery {
  key?: string | undefined;
  equals: Record<string, string | number | boolean>;
  search?: { text: string; field?: string | undefined } | undefined;
  order?: { field?: string | undefined; direction: "asc" | "desc" } | undefined;
  page: number;
  pageSize: number;
}

/** GET /data/{r}/{v}: a page of records and how many match. */
export async function listRecords(
  reader: Reader,
  exposed: Exposed,
  q: ListQuery,
): Promise<{ count: number; results: Record<string, unknown>[] }> {
  const needed = [...Object.keys(q.equals), ...(q.order?.field ? [q.order.field] : [])];
  const purpose = await purposeOf(reader, exposed, "list", needed);
  const found = await browseRegistry(reader.db, reader.deps, reader.actor, exposed.registry.code, {
    ...purpose,
    equals: q.equals,
    key: q.key,
    contains: q.search && {
      text: q.search.text,
      ...(q.search.field ? { fields: [q.search.field] } : {}),
    },
    order: q.order,
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  return { count: found.total, results: found.items.map((view) => contentOf(exposed, view)) };
}

function criteria(exposed: Exposed, query: Content, at: string) {
  const equals = equalsOf(query.data, at, exposed);
  if (query.key === undefined && Object.keys(equals).length === 0) {
    throw errors.validation([{ field: at, message: "give at least one field to look for" }]);
  }
  return { key: query.key, equals };
}

/**
 * POST …/exists: whether a record matches. Logged with only the fields asked about — all the answer
 * discloses.
 */
export async function recordExists(reader: Reader, exposed: Exposed, query: Content): Promise<boolean> {
  const { key, equals } = criteria(exposed, query, "/query/content");
  const fields = Object.keys(equals);
  const purpose = await purposeOf(reader, exposed, "exists", fields);
  const found = await browseRegistry(reader.db, reader.deps, reader.actor, exposed.registry.code, {
    ...purpose,
    fields,
    equals,
    key,
    limit: 1,
  });
  return found.total > 0;
}

/** POST …/read: the first matching record in key order, or undefined. */
export async function readFirst(
  reader: Reader,
  exposed: Exposed,
  query: Content,
): Promise<Record<string, unknown> | undefined> {
  const { key, equals } = criteria(exposed, query, "/query/content");
  const purpose = await purposeOf(reader, exposed, "read", Object.keys(equals));
  const found = await browseRegistry(reader.db, reader.deps, reader.actor, exposed.registry.code, {
    ...purpose,
    equals,
    key,
    limit: 1,
  });
  const [first] = found.items;
  return first && contentOf(exposed, first);
}

/**
 * GET …/{uuid}/readValue/{field}.{ext}: one field of a record named by its id (or, failing that, its
 * key). Only that field is read and logged. Undefined when the field has no value.
 */
export async function readValue(
  reader: Reader,
  exposed: Exposed,
  id: string,
  fieldName: string,
): Promise<unknown> {
  const named = fieldNamed(exposed, fieldName, { labels: true });
  if (!named) throw errors.notFound("field");
  const fields = named.kind === "field" ? [named.field.name] : [];
  const purpose = await purposeOf(reader, exposed, "readValue", fields);
  const read = (target: { recordId: string } | { key: string }): Promise<RecordView> =>
    readRecord(reader.db, reader.deps, reader.actor, exposed.registry.code, target, { ...purpose, fields });
  let view: RecordView;
  try {
    view = await read(isUuid(id) ? { recordId: id } : { key: id });
  } catch (error) {
    // A number-keyed registry's key may look like a record id.
    if (!isUuid(id) || (error as { status?: number }).status !== 404) throw error;
    view = await read({ key: id });
  }
  const value = named.kind === "key" ? view.keyMasked : view.fields[named.field.name];
  return value ?? undefined;
}
