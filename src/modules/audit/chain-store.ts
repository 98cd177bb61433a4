import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { CANONICAL_TAG, entryHash } from "./chain.ts";
import type { ActorKind } from "./tables.ts";

/**
 * The chain's SQL: writing entries (appended at once, or pending and sealed in batches) and reading them
 * back for verify. What people search and list is store.ts.
 */

/** What an entry says happened, as stored. */
export interface EntryFacts {
  actorKind: ActorKind;
  actorId: string | null;
  onBehalfOf: string | null;
  action: string;
  subjectKind: string | null;
  subjectId: string | null;
  personId: string | null;
  caseId: string | null;
  regionCode: string | null;
  purpose: string | null;
  requestId: string | null;
}

/** An entry ready to be written; the database numbers, times and hashes it. */
export interface NewEntryRow extends EntryFacts {
  /** JSON text. */
  details: string;
}

/** SQL expressions for the fields an entry's hash covers, in canonical order (chain.ts). */
interface HashedFields {
  seq: RawBuilder<unknown>;
  at: RawBuilder<unknown>;
  facts: RawBuilder<unknown>[];
  details: RawBuilder<unknown>;
  prevHash: RawBuilder<unknown>;
}

/**
 * The entry's canonical text, rendered and hashed by the database: the one rendering that appending and
 * verifying share. Functions are schema-qualified, so no function of another schema can stand in for
 * SHA-256.
 */
function entryHashSql(f: HashedFields): RawBuilder<string> {
  return sql<string>`pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
    array_to_json(array[${CANONICAL_TAG}::text, ${f.seq}::text, (extract(epoch from ${f.at}) * 1000000)::int8::text,
      ${sql.join(f.facts)}, ${f.details}::text, ${f.prevHash}])::text,
    'UTF8')), 'hex')`;
}

const FACT_COLUMNS = [
  "actor_kind",
  "actor_id",
  "on_behalf_of",
  "action",
  "subject_kind",
  "subject_id",
  "person_id",
  "case_id",
  "region_code",
  "purpose",
  "request_id",
] as const;

/** The stored facts in canonical order, as text parameters. */
function factParams(e: EntryFacts): RawBuilder<unknown>[] {
  return [
    e.actorKind,
    e.actorId,
    e.onBehalfOf,
    e.action,
    e.subjectKind,
    e.subjectId,
    e.personId,
    e.caseId,
    e.regionCode,
    e.purpose,
    e.requestId,
  ].map((value) => sql`${value}::text`);
}

/**
 * Appends the entry after the head and moves the head to it, in one statement: the head row is locked,
 * the entry numbered after it, timed once the lock is held (so times follow the numbering whenever the
 * servers' clocks agree) and hashed in the database. The lock lasts until the transaction ends; doing
 * it all in one statement keeps that short. Under READ COMMITTED a statement that waited for the lock
 * reads the head its predecessor committed.
 */
export async function appendEntry(tx: Executor, e: NewEntryRow): Promise<{ seq: number; hash: string }> {
  const facts = factParams(e);
  const details = sql`${e.details}::jsonb`;
  const { rows } = await sql<{ seq: string; hash: string }>`
    with prev as materialized (
      select seq, hash from audit_head where id = 1 for update
    ),
    next as materialized (
      select seq + 1 as seq, clock_timestamp() as at, hash as prev_hash from prev
    ),
    entry as (
      insert into audit_log (province_code, seq, at, actor_kind, actor_id, on_behalf_of, action, subject_kind,
        subject_id, person_id, case_id, region_code, purpose, request_id, details, prev_hash, hash)
      select ${provinceOf(e.regionCode)}, n.seq, n.at, ${sql.join(facts)}, ${details}, n.prev_hash,
        ${entryHashSql({ seq: sql.ref("n.seq"), at: sql.ref("n.at"), facts, details, prevHash: sql.ref("n.prev_hash") })}
      from next n
      returning seq, hash
    )
    update audit_head h set seq = entry.seq, hash = entry.hash from entry where h.id = 1
    returning h.seq::text as seq, h.hash`.execute(tx);
  const head = rows[0];
  if (!head) throw new Error("audit_head has no row: the audit migration did not run or the row was removed");
  return { seq: Number(head.seq), hash: head.hash };
}

/**
 * Writes an entry for the sealer to chain later (`sealBatch`): no lock is taken, so audited
 * transactions commit side by side. It is timed as it is written.
 */
export async function insertPending(tx: Executor, e: NewEntryRow): Promise<void> {
  await sql`
    insert into audit_pending (province_code, actor_kind, actor_id, on_behalf_of, action, subject_kind,
      subject_id, person_id, case_id, region_code, purpose, request_id, details)
    values (${provinceOf(e.regionCode)}, ${sql.join(factParams(e))}, ${e.details}::jsonb)`.execute(tx);
}

/** Whether any entry waits to be sealed (a read without a lock). */
export async function hasPending(db: Executor): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`select exists (select 1 from audit_pending) as any`.execute(
    db,
  );
  return rows[0]?.any === true;
}

interface PendingRow {
  id: string;
  at_micros: string;
  actor_kind: string;
  actor_id: string | null;
  on_behalf_of: string | null;
  action: string;
  subject_kind: string | null;
  subject_id: string | null;
  person_id: string | null;
  case_id: string | null;
  region_code: string | null;
  purpose: string | null;
  request_id: string | null;
  details: string;
}

/**
 * Seals up to `limit` pending entries into the chain, oldest first, in the caller's transaction: the
 * head is locked, each entry numbered after it and hashed over its canonical text (chain.ts; the time
 * and the details as the database renders them, so verify finds the same), copied into audit_log as
 * written, and removed from pending; the head moves to the last. Answers how many it sealed.
 */
export async function sealBatch(tx: Executor, limit: number): Promise<number> {
  const { rows: heads } = await sql<{ seq: string; hash: string }>`
    select seq::text as seq, hash from audit_head where id = 1 for update`.execute(tx);
  const head = heads[0];
  if (!head) throw new Error("audit_head has no row: the audit migration did not run or the row was removed");
  const { rows } = await sql<PendingRow>`
    select id::text as id, (extract(epoch from at) * 1000000)::int8::text as at_micros, ${sql.join(
      FACT_COLUMNS.map((c) => sql.ref(c)),
    )}, details::text as details
    from audit_pending order by id limit ${limit}`.execute(tx);
  if (rows.length === 0) return 0;
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const chained = rows.map((r) => {
    seq += 1;
    const hash = entryHash({
      seq: String(seq),
      atMicros: r.at_micros,
      actorKind: r.actor_kind,
      actorId: r.actor_id,
      onBehalfOf: r.on_behalf_of,
      action: r.action,
      subjectKind: r.subject_kind,
      subjectId: r.subject_id,
      personId: r.person_id,
      caseId: r.case_id,
      regionCode: r.region_code,
      purpose: r.purpose,
      requestId: r.request_id,
      details: r.details,
      prevHash,
    });
    const link = sql`(${r.id}::int8, ${seq}::int8, ${prevHash}::text, ${hash}::text)`;
    prevHash = hash;
    return link;
  });
  await sql`
    insert into audit_log (province_code, seq, at, ${sql.join(FACT_COLUMNS.map((c) => sql.ref(c)))}, details,
      prev_hash, hash)
    select p.province_code, v.seq, p.at, ${sql.join(FACT_COLUMNS.map((c) => sql.ref(`p.${c}`)))}, p.details,
      v.prev_hash, v.hash
    from audit_pending p join (values ${sql.join(chained)}) as v (id, seq, prev_hash, hash) on p.id = v.id`.execute(
    tx,
  );
  await sql`select set_config('tongban.audit_sealing', 'on', true)`.execute(tx);
  await sql`delete from audit_pending where id = any(${rows.map((r) => r.id)}::int8[])`.execute(tx);
  await sql`select set_config('tongban.audit_sealing', 'off', true)`.execute(tx);
  await sql`update audit_head set seq = ${seq}, hash = ${prevHash} where id = 1`.execute(tx);
  return rows.length;
}

/** The head and the highest entry number, from one snapshot (one statement). */
export async function readHead(
  db: Executor,
): Promise<{ seq: number; hash: string; maxSeq: number | null } | undefined> {
  const { rows } = await sql<{ seq: string; hash: string; max_seq: string | null }>`
    select h.seq::text as seq, h.hash, (select max(seq) from audit_log)::text as max_seq
    from audit_head h where h.id = 1`.execute(db);
  const row = rows[0];
  return (
    row && { seq: Number(row.seq), hash: row.hash, maxSeq: row.max_seq === null ? null : Number(row.max_seq) }
  );
}

/** One entry as verify sees it: its number and links, and whether its content still gives its hash. */
export interface VerifyRow {
  seq: number;
  prevHash: string;
  hash: string;
  /** The entry before it in the same range (null for the range's first). */
  beforeSeq: number | null;
  beforeHash: string | null;
  /** The SHA-256 of the entry's canonical text (chain.ts) equals `hash`. */
  intact: boolean;
}

/** What verify needs of a range: its first entry, its first broken one (if any), its last. */
export interface RangeCheck {
  first?: VerifyRow;
  broken?: VerifyRow;
  last?: VerifyRow;
}

/**
 * Checks the entries numbered `from`…`to` (decimal bigint text) inside the database: it renders each
 * entry's canonical text and hashes it (schema-qualified, so no function of another schema can stand in
 * for SHA-256), and compares each entry's number and prev_hash with the entry before it. Only three
 * entries cross to the process: the first (which the process links to the range before), the first
 * broken one, and the last.
 */
export async function checkRange(db: Executor, from: string, to: string): Promise<RangeCheck> {
  const { rows } = await sql<{
    role: "first" | "broken" | "last";
    seq: string;
    prev_hash: string;
    hash: string;
    before_seq: string | null;
    before_hash: string | null;
    intact: boolean;
  }>`
    with checked as (
      select seq, prev_hash, hash,
        lag(seq) over (order by seq) as before_seq,
        lag(hash) over (order by seq) as before_hash,
        ${entryHashSql({
          seq: sql.ref("seq"),
          at: sql.ref("at"),
          facts: FACT_COLUMNS.map((c) => sql.ref(c)),
          details: sql.ref("details"),
          prevHash: sql.ref("prev_hash"),
        })} = hash as intact
      from audit_log
      where seq >= ${from}::int8 and seq <= ${to}::int8
    )
    (select 'first' as role, * from checked order by seq limit 1)
    union all
    (select 'broken', * from checked
      where not intact or (before_seq is not null and (seq <> before_seq + 1 or prev_hash <> before_hash))
      order by seq limit 1)
    union all
    (select 'last', * from checked order by seq desc limit 1)`.execute(db);
  const check: RangeCheck = {};
  for (const r of rows) {
    check[r.role] = {
      seq: Number(r.seq),
      prevHash: r.prev_hash,
      hash: r.hash,
      beforeSeq: r.before_seq === null ? null : Number(r.before_seq),
      beforeHash: r.before_hash,
      intact: r.intact,
    };
  }
  return check;
}

/** The entry holding this hash, if any (a full scan: it runs once, when verify has found a problem). */
export async function findSeqByHash(db: Executor, hash: string): Promise<number | undefined> {
  const { rows } = await sql<{ seq: string }>`
    select seq::text as seq from audit_log where hash = ${hash} order by audit_log.seq limit 1`.execute(db);
  return rows[0] ? Number(rows[0].seq) : undefined;
}
