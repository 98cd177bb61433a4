import type { Db } from "../../../platform/db/database.ts";
import { AppError, errors, type FieldProblem, isAppError } from "../../../platform/errors.ts";
import { isUuid } from "../../../platform/ids.ts";
import type { Actor } from "../../../platform/policy.ts";
import {
  type ExchangeDeps,
  MAX_BATCH,
  patchMatching,
  patchRecord,
  publishRecord,
  publishRecords,
  retractRecord,
} from "../../exchange/service.ts";
import { govstackErrors } from "../errors.ts";
import { type Content, contentOfBody, equalsOf, govstackName, inGovstackTerms } from "./content.ts";
import type { Exposed } from "./exposures.ts";

/**
 * Writes through the native functions, which authorize the steward's client themselves (section 8.4).
 * Native errors come back in GovStack's terms: its field names, its 409 for an existing key.
 */

export interface Writer {
  db: Db;
  deps: ExchangeDeps;
  actor: Actor;
}

/** Runs a native write, its field problems renamed, `exchange_record_exists` answered as GovStack's. */
async function inTerms<T>(
  exposed: Exposed,
  at: (index: number | undefined) => string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "exchange_record_exists") throw govstackErrors.recordExists();
    if (error.code === "validation_failed" && error.extra.fields) {
      throw new AppError(error.code, error.status, error.message, {
        ...error.extra,
        fields: inGovstackTerms(exposed, error.extra.fields, at),
      });
    }
    throw error;
  }
}

function requireKey(exposed: Exposed, content: Content, at: string): string {
  if (content.key === undefined || content.key.trim() === "") {
    throw errors.validation([
      { field: `${at}/${exposed.exposure.keyField}`, message: "give the record's key" },
    ]);
  }
  return content.key;
}

/** What was written, as sent (the key as given): nothing is read back, so nothing is read unlogged. */
function echo(exposed: Exposed, key: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    [exposed.exposure.keyField]: key,
    ...Object.fromEntries(Object.entries(data).map(([name, value]) => [govstackName(exposed, name), value])),
  };
}

/** POST …/create: a new record; 409 when its key is live. */
export async function createRecord(
  writer: Writer,
  exposed: Exposed,
  write: unknown,
): Promise<Record<string, unknown>> {
  const at = "/write/content";
  const content = contentOfBody(exposed, (write as { content?: unknown } | undefined)?.content, at);
  const key = requireKey(exposed, content, at);
  await inTerms(
    exposed,
    () => at,
    () =>
      publishRecord(
        writer.db,
        writer.deps,
        writer.actor,
        exposed.registry.code,
        { key, data: content.data },
        {
          onlyNew: true,
        },
      ),
  );
  return echo(exposed, key, content.data);
}

/** POST …/createEntries: new records, all or none. */
export async function createEntries(
  writer: Writer,
  exposed: Exposed,
  write: unknown,
): Promise<{ content: Record<string, unknown>; createdAt: Date; modifiedAt: Date; uuid: string }[]> {
  const entries = Array.isArray(write) ? write : write === undefined ? [] : [write];
  if (entries.length === 0 || entries.length > MAX_BATCH) {
    throw errors.validation([{ field: "/write", message: `give 1 to ${MAX_BATCH} entries` }]);
  }
  const problems: FieldProblem[] = [];
  const inputs = entries.map((entry, i) => {
    const at = `/write/${i}/content`;
    try {
      const content = contentOfBody(exposed, (entry as { content?: unknown } | null)?.content, at);
      return { key: requireKey(exposed, content, at), data: content.data };
    } catch (error) {
      if (!isAppError(error) || !error.extra.fields) throw error;
      problems.push(...error.extra.fields);
      return { key: "", data: {} };
    }
  });
  if (problems.length > 0) throw errors.validation(problems);
  const written = await inTerms(
    exposed,
    (i) => `/write/${i ?? 0}/content`,
    () =>
      publishRecords(writer.db, writer.deps, writer.actor, exposed.registry.code, inputs, { onlyNew: true }),
  );
  return written.map((one, i) => {
    const input = inputs[i] as { key: string; data: Record<string, unknown> };
    return {
      content: echo(exposed, input.key, input.data),
      createdAt: one.at,
      modifiedAt: one.at,
      uuid: one.recordId,
    };
  });
}

/** The patch of an update: its key, if named, must be the record's own (a key never changes). */
function patchOf(exposed: Exposed, write: unknown, key: string | undefined): Record<string, unknown> {
  const content = contentOfBody(
    exposed,
    (write as { content?: unknown } | undefined)?.content,
    "/write/content",
  );
  if (content.key !== undefined && content.key.trim() !== key?.trim()) throw govstackErrors.keyImmutable();
  return content.data;
}

/** PUT …/update: the record the query names by key (its other fields as given), merged with `write`. */
export async function updateRecord(
  writer: Writer,
  exposed: Exposed,
  query: Content,
  write: unknown,
): Promise<void> {
  const key = requireKey(exposed, query, "/query/content");
  const patch = patchOf(exposed, write, key);
  const equals = equalsOf(query.data, "/query/content", exposed);
  await inTerms(
    exposed,
    () => "/write/content",
    () => patchRecord(writer.db, writer.deps, writer.actor, exposed.registry.code, { key, equals }, patch),
  );
}

/** PUT …/updateEntries: every record the query matches (at most MAX_PATCHED); none is count 0. */
export async function updateEntries(
  writer: Writer,
  exposed: Exposed,
  query: Content,
  write: unknown,
): Promise<number> {
  const content = contentOfBody(
    exposed,
    (write as { content?: unknown } | undefined)?.content,
    "/write/content",
  );
  if (content.key !== undefined) throw govstackErrors.keyImmutable();
  const equals = equalsOf(query.data, "/query/content", exposed);
  if (query.key !== undefined) {
    try {
      await inTerms(
        exposed,
        () => "/write/content",
        () =>
          patchRecord(
            writer.db,
            writer.deps,
            writer.actor,
            exposed.registry.code,
            { key: query.key as string, equals },
            content.data,
          ),
      );
      return 1;
    } catch (error) {
      if (isAppError(error) && error.status === 404) return 0;
      throw error;
    }
  }
  if (Object.keys(equals).length === 0) {
    throw errors.validation([{ field: "/query/content", message: "give at least one field to match" }]);
  }
  const { count } = await inTerms(
    exposed,
    () => "/write/content",
    () => patchMatching(writer.db, writer.deps, writer.actor, exposed.registry.code, equals, content.data),
  );
  return count;
}

/** POST …/updateOrCreate: the record of the key (the query's, else the write's) updated, else created. */
export async function updateOrCreate(
  writer: Writer,
  exposed: Exposed,
  query: Content | undefined,
  write: unknown,
): Promise<Record<string, unknown>> {
  const written = contentOfBody(
    exposed,
    (write as { content?: unknown } | undefined)?.content,
    "/write/content",
  );
  const key = query?.key ?? written.key;
  if (key === undefined || key.trim() === "") {
    throw errors.validation([
      {
        field: `/query/content/${exposed.exposure.keyField}`,
        message: "give the record's key in query or write",
      },
    ]);
  }
  if (written.key !== undefined && written.key.trim() !== key.trim()) throw govstackErrors.keyImmutable();
  const { code } = exposed.registry;
  const create = () =>
    inTerms(
      exposed,
      () => "/write/content",
      () =>
        publishRecord(
          writer.db,
          writer.deps,
          writer.actor,
          code,
          { key, data: written.data },
          { onlyNew: true },
        ),
    );
  if (Object.keys(written.data).length === 0) {
    // Nothing to change but the key: a record that exists stays as it is, one that does not is made.
    await create().catch((error: unknown) => {
      if (!isAppError(error) || error.code !== "govstack_record_exists") throw error;
    });
    return echo(exposed, key, written.data);
  }
  try {
    await inTerms(
      exposed,
      () => "/write/content",
      () => patchRecord(writer.db, writer.deps, writer.actor, code, { key }, written.data),
    );
  } catch (error) {
    if (!isAppError(error) || error.status !== 404) throw error;
    await create();
  }
  return echo(exposed, key, written.data);
}

/** DELETE …/{id}/delete: the record retracted, named by its id or (failing that) its key. */
export async function deleteRecord(writer: Writer, exposed: Exposed, id: string): Promise<void> {
  const { code } = exposed.registry;
  const retract = (target: { recordId: string } | { key: string }) =>
    retractRecord(writer.db, writer.deps, writer.actor, code, target);
  if (!isUuid(id)) {
    await retract({ key: id });
    return;
  }
  try {
    await retract({ recordId: id });
  } catch (error) {
    // A number-keyed registry's key may look like a record id.
    if (!isAppError(error) || error.status !== 404) throw error;
    await retract({ key: id });
  }
}
