/**
 * SQL of registry records: writing them as versions with their change feed, and finding them — by
 * key, by field values, by whose they are.
 */
import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";

/** A record as a read finds it, with whose it is when they have an account here. */
export interface StoredRecord {
  id: string;
  registryId: string;
  keyMasked: string;
  regionCode: string | null;
  data: Record<string, unknown>;
  version: number;
  updatedAt: Date;
  retracted: boolean;
  personId: string | null;
  organisationId: string | null;
}

export interface Change {
  seq: number;
  recordId: string;
  keyMasked: string;
  version: number;
  change: "published" | "retracted";
  at: Date;
}

/** A record as its steward writes it: the key already normalised (an ID number as its digest). */
export interface NewRecord {
  recordKey: string;
  keyMasked: string;
  regionCode: string | null;
  data: Record<string, unknown>;
}

const recordRow = (registryId: string, r: NewRecord) => ({
  registry_id: registryId,
  record_key: r.recordKey,
  key_masked: r.keyMasked,
  region_code: r.regionCode,
  data: JSON.stringify(r.data),
});

/** A record written again under its key: the new values, as its next version, live again. */
const REPUBLISHED = {
  data: sql<string>`excluded.data`,
  region_code: sql<string | null>`excluded.region_code`,
  key_masked: sql<string>`excluded.key_masked`,
  version: sql<number>`registry_records.version + 1`,
  updated_at: sql<Date>`now()`,
  retracted_at: null,
};

/**
 * Writes a record (new, or its next version) and numbers the change. The registry row is locked for
 * the number, so a registry's changes commit in the order of their numbers.
 */
export async function upsertRecord(
  tx: Executor,
  registryId: string,
  r: NewRecord,
): Promise<{ id: string; version: number; seq: number }> {
  const record = await tx
    .insertInto("registry_records")
    .values(recordRow(registryId, r))
    .onConflict((oc) => oc.columns(["registry_id", "record_key"]).doUpdateSet(REPUBLISHED))
    .returning(["id", "version"])
    .executeTakeFirstOrThrow();
  const seq = await recordChange(tx, registryId, record.id, record.version, "published");
  return { id: record.id, version: record.version, seq };
}

/**
 * Writes a record only where none is live under its key (a retracted one is written anew, as its next
 * version); undefined when a live record holds the key.
 */
export async function insertRecord(
  tx: Executor,
  registryId: string,
  r: NewRecord,
): Promise<{ id: string; version: number; seq: number; at: Date } | undefined> {
  const record = await tx
    .insertInto("registry_records")
    .values(recordRow(registryId, r))
    .onConflict((oc) =>
      oc
        .columns(["registry_id", "record_key"])
        .doUpdateSet(REPUBLISHED)
        .where("registry_records.retracted_at", "is not", null),
    )
    .returning(["id", "version", "updated_at"])
    .executeTakeFirst();
  if (!record) return undefined;
  const seq = await recordChange(tx, registryId, record.id, record.version, "published");
  return { id: record.id, version: record.version, seq, at: record.updated_at };
}

/**
 * Merges field values into live records (by key, by id, or all whose fields equal the values given, at
 * most `limit`), each as its next version. The merge is done by the database, so two patches of one
 * record never lose each other's fields.
 */
export async function patchRecords(
  tx: Executor,
  registryId: string,
  by: ({ recordKey: string } | { recordId: string } | object) & {
    equals?: Record<string, string | number | boolean> | undefined;
  },
  patch: Record<string, unknown>,
  limit: number,
): Promise<{ id: string; version: number; seq: number }[]> {
  let targets = tx
    .selectFrom("registry_records")
    .select("id")
    .where("registry_id", "=", registryId)
    .where("retracted_at", "is", null);
  if ("recordKey" in by) targets = targets.where("record_key", "=", by.recordKey);
  if ("recordId" in by) targets = targets.where("id", "=", by.recordId);
  if (by.equals) targets = targets.where(sql<boolean>`data @> ${JSON.stringify(by.equals)}::jsonb`);
  const rows = await tx
    .updateTable("registry_records")
    .set({
      data: sql`data || ${JSON.stringify(patch)}::jsonb`,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where("id", "in", targets.orderBy("id").limit(limit).forUpdate())
    .returning(["id", "version"])
    .execute();
  const written: { id: string; version: number; seq: number }[] = [];
  for (const row of rows) {
    written.push({ ...row, seq: await recordChange(tx, registryId, row.id, row.version, "published") });
  }
  return written;
}

/** Marks a record retracted (the steward no longer vouches for it); undefined when there is none. */
export async function retractRecord(
  tx: Executor,
  registryId: string,
  by: { recordKey: string } | { recordId: string },
): Promise<{ id: string; version: number; seq: number } | undefined> {
  const record = await tx
    .updateTable("registry_records")
    .set({ retracted_at: sql`now()`, version: sql`version + 1`, updated_at: sql`now()` })
    .where("registry_id", "=", registryId)
    .where((eb) => ("recordKey" in by ? eb("record_key", "=", by.recordKey) : eb("id", "=", by.recordId)))
    .where("retracted_at", "is", null)
    .returning(["id", "version"])
    .executeTakeFirst();
  if (!record) return undefined;
  const seq = await recordChange(tx, registryId, record.id, record.version, "retracted");
  return { id: record.id, version: record.version, seq };
}

async function recordChange(
  tx: Executor,
  registryId: string,
  recordId: string,
  version: number,
  change: "published" | "retracted",
): Promise<number> {
  const { seq } = await tx
    .updateTable("registries")
    .set({ change_seq: sql`change_seq + 1` })
    .where("id", "=", registryId)
    .returning("change_seq as seq")
    .executeTakeFirstOrThrow();
  await tx
    .insertInto("registry_changes")
    .values({ registry_id: registryId, seq: Number(seq), record_id: recordId, version, change })
    .execute();
  return Number(seq);
}

/** The people and organisations with accounts here whose records these are, found by key. */
const withSubject = (db: Executor) =>
  db
    .selectFrom("registry_records as r")
    .innerJoin("registries as g", "g.id", "r.registry_id")
    .leftJoin("persons as p", (join) =>
      join.on("g.key_kind", "=", "id_number").onRef("p.id_number_index", "=", "r.record_key"),
    )
    .leftJoin("organisations as o", (join) =>
      join.on("g.key_kind", "=", "credit_code").onRef("o.credit_code", "=", "r.record_key"),
    )
    .select([
      "r.id",
      "r.registry_id",
      "r.key_masked",
      "r.region_code",
      "r.data",
      "r.version",
      "r.updated_at",
      "r.retracted_at",
      "p.id as person_id",
      "o.id as organisation_id",
    ]);

type SubjectRow = {
  id: string;
  registry_id: string;
  key_masked: string;
  region_code: string | null;
  data: Record<string, unknown>;
  version: number;
  updated_at: Date;
  retracted_at: Date | null;
  person_id: string | null;
  organisation_id: string | null;
};

function toRecord(row: SubjectRow): StoredRecord {
  return {
    id: row.id,
    registryId: row.registry_id,
    keyMasked: row.key_masked,
    regionCode: row.region_code,
    data: row.data,
    version: row.version,
    updatedAt: row.updated_at,
    retracted: row.retracted_at !== null,
    personId: row.person_id,
    organisationId: row.organisation_id,
  };
}

export async function findRecord(
  db: Executor,
  registryId: string,
  by: { recordKey: string } | { recordId: string },
): Promise<StoredRecord | undefined> {
  let query = withSubject(db).where("r.registry_id", "=", registryId);
  query =
    "recordKey" in by
      ? query.where("r.record_key", "=", by.recordKey)
      : query.where("r.id", "=", by.recordId);
  const row = await query.executeTakeFirst();
  return row && toRecord(row as SubjectRow);
}

export interface RecordQuery {
  equals: Record<string, string | number | boolean>;
  /** The record under this key only. */
  recordKey?: string | undefined;
  /** Text found, in any case, in one of these fields' values: compared as text, never as a pattern. */
  contains?: { text: string; fields: readonly string[] } | undefined;
  regionCode?: string | undefined;
}

function matching(db: Executor, registryId: string, q: RecordQuery) {
  let query = withSubject(db)
    .where("r.registry_id", "=", registryId)
    .where("r.retracted_at", "is", null)
    .where(sql<boolean>`r.data @> ${JSON.stringify(q.equals)}::jsonb`);
  if (q.recordKey !== undefined) query = query.where("r.record_key", "=", q.recordKey);
  if (q.regionCode) query = query.where("r.region_code", "like", `${q.regionCode}%`);
  const contains = q.contains;
  if (contains) {
    const text = contains.text.toLowerCase();
    query = query.where((eb) =>
      eb.or(contains.fields.map((f) => eb(sql`position(${text} in lower(r.data ->> ${f}))`, ">", 0))),
    );
  }
  return query;
}

/** Live records matching the query, by key order or by one field's values (then key order). */
export async function searchRecords(
  db: Executor,
  registryId: string,
  q: RecordQuery & {
    /** By a field's values, or (no field) by key. */
    order?: { field?: string | undefined; direction: "asc" | "desc" } | undefined;
    offset?: number | undefined;
    limit: number;
  },
): Promise<StoredRecord[]> {
  let query = matching(db, registryId, q);
  const field = q.order?.field;
  if (field) query = query.orderBy(sql`r.data -> ${field}`, q.order?.direction === "desc" ? "desc" : "asc");
  const direction = !field && q.order?.direction === "desc" ? "desc" : "asc";
  const rows = await query
    .orderBy("r.key_masked", direction)
    .orderBy("r.id", direction)
    .offset(q.offset ?? 0)
    .limit(q.limit)
    .execute();
  return rows.map((row) => toRecord(row as SubjectRow));
}

export async function countRecords(db: Executor, registryId: string, q: RecordQuery): Promise<number> {
  const row = await matching(db, registryId, q)
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function changesAfter(
  db: Executor,
  registryId: string,
  after: number,
  limit: number,
): Promise<Change[]> {
  const rows = await db
    .selectFrom("registry_changes as c")
    .innerJoin("registry_records as r", "r.id", "c.record_id")
    .select(["c.seq", "c.record_id", "r.key_masked", "c.version", "c.change", "c.at"])
    .where("c.registry_id", "=", registryId)
    .where("c.seq", ">", after)
    .orderBy("c.seq")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    recordId: r.record_id,
    keyMasked: r.key_masked,
    version: r.version,
    change: r.change,
    at: r.at,
  }));
}

/** The live record of a person or an organisation with an account here, found through their key. */
export async function findRecordOfSubject(
  db: Executor,
  registryId: string,
  subject: { kind: "person" | "organisation"; id: string },
): Promise<StoredRecord | undefined> {
  const query = withSubject(db)
    .where("r.registry_id", "=", registryId)
    .where("r.retracted_at", "is", null)
    .where(subject.kind === "person" ? "p.id" : "o.id", "=", subject.id);
  const row = await query.executeTakeFirst();
  return row && toRecord(row as SubjectRow);
}
