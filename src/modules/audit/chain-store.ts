import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, NO_PROVINCE, provinceOf } from "../../platform/db/distribution.ts";
import { CANONICAL_TAG, chainAlgorithm, entryHash } from "./chain.ts";
import type { ActorKind } from "./tables.ts";

/**
 * The chain's SQL: writing entries (appended at once, or pending and sealed in batches) to the chain of
 * their province. Reading them back for verify is verify-store.ts; what people search and list, store.ts.
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
export function entryHashSql(f: HashedFields): RawBuilder<string> {
  return sql<string>`pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(${canonicalTextSql(f)}, 'UTF8')), 'hex')`;
}

/** The entry's canonical text as the database renders it (chain.ts): for hashes it cannot make, SM3's. */
export function canonicalTextSql(f: HashedFields): RawBuilder<string> {
  return sql<string>`array_to_json(array[${CANONICAL_TAG}::text, ${f.seq}::text,
    (extract(epoch from ${f.at}) * 1000000)::int8::text, ${sql.join(f.facts)}, ${f.details}::text, ${f.prevHash}])::text`;
}

export const FACT_COLUMNS = [
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

const NO_HEAD = "audit_head has no national row: the audit migration did not run or the row was removed";

/**
 * Appends the entry to its province's chain, after the head, and moves the head to it, in one statement:
 * the head row is locked, the entry numbered after it, timed once the lock is held (so times follow the
 * numbering whenever the servers' clocks agree) and hashed in the database. The lock lasts until the
 * transaction ends; doing it all in one statement keeps that short. Under READ COMMITTED a statement that
 * waited for the lock reads the head its predecessor committed. A province's first entry makes its head.
 */
export async function appendEntry(tx: Executor, e: NewEntryRow): Promise<{ seq: number; hash: string }> {
  const province = provinceOf(e.regionCode);
  if (chainAlgorithm() === "sm3") return appendBySealing(tx, province, e);
  const appended = await appendAfterHead(tx, province, e);
  if (appended) return appended;
  await startChain(tx, province);
  const retried = await appendAfterHead(tx, province, e);
  if (!retried) throw new Error(`audit_head of province ${province} could not be made`);
  return retried;
}

async function appendAfterHead(
  tx: Executor,
  province: string,
  e: NewEntryRow,
): Promise<{ seq: number; hash: string } | undefined> {
  const facts = factParams(e);
  const details = sql`${e.details}::jsonb`;
  const { rows } = await sql<{ seq: string; hash: string }>`
    with prev as materialized (
      select seq, hash from audit_head where province_code = ${province} and id = 1 for update
    ),
    next as materialized (
      select seq + 1 as seq, clock_timestamp() as at, hash as prev_hash from prev
    ),
    entry as (
      insert into audit_log (province_code, seq, at, actor_kind, actor_id, on_behalf_of, action, subject_kind,
        subject_id, person_id, case_id, region_code, purpose, request_id, details, prev_hash, hash)
      select ${province}, n.seq, n.at, ${sql.join(facts)}, ${details}, n.prev_hash,
        ${entryHashSql({ seq: sql.ref("n.seq"), at: sql.ref("n.at"), facts, details, prevHash: sql.ref("n.prev_hash") })}
      from next n
      returning seq, hash
    )
    update audit_head h set seq = entry.seq, hash = entry.hash from entry
    where h.province_code = ${province} and h.id = 1
    returning h.seq::text as seq, h.hash`.execute(tx);
  const head = rows[0];
  return head && { seq: Number(head.seq), hash: head.hash };
}

/**
 * Appends as the sealer does, for a hash the database cannot make (SM3): the entry is written pending
 * and sealed at once in the same transaction, which holds the head until it ends, as appending does.
 * Under inline sealing nothing else waits, so the entry sealed last is this one.
 */
async function appendBySealing(
  tx: Executor,
  province: string,
  e: NewEntryRow,
): Promise<{ seq: number; hash: string }> {
  await insertPending(tx, e);
  const { head } = await sealPending(tx, province, Number.MAX_SAFE_INTEGER);
  return { seq: Number(head.seq), hash: head.hash };
}

/**
 * Makes a province's head, before its first entry: its chain begins where the national chain stood when
 * the provinces' chains were split (migration 0044), so its numbers follow every number taken before.
 * Two first entries at once make it once; the second waits for the first's commit.
 */
async function startChain(tx: Executor, province: string): Promise<void> {
  const { rows } = await sql<{ base_seq: string; base_hash: string }>`
    select base_seq::text as base_seq, base_hash from audit_head
    where province_code = ${NO_PROVINCE} and id = 1`.execute(tx);
  const base = rows[0];
  if (!base) throw new Error(NO_HEAD);
  await sql`
    insert into audit_head (province_code, id, seq, hash, base_seq, base_hash)
    values (${province}, 1, ${base.base_seq}::int8, ${base.base_hash}, ${base.base_seq}::int8, ${base.base_hash})
    on conflict do nothing`.execute(tx);
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

/**
 * The provinces where entries wait to be sealed (a read without a lock): among `among` when given (the
 * provinces a reader is about to read), else in every province — the sealer's sweep.
 */
export async function pendingProvinces(db: Executor, among?: readonly string[]): Promise<string[]> {
  if (among?.length === 0) return [];
  const { rows } = await (among
    ? sql<{ province_code: string }>`
        select distinct province_code from audit_pending where province_code = any(${[...among]}::text[])
        order by province_code`
    : sql<{ province_code: string }>`${allProvinces("the sealer looks for entries waiting in any province")}
        select distinct province_code from audit_pending order by province_code`
  ).execute(db);
  return rows.map((r) => r.province_code);
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

async function lockHead(tx: Executor, province: string): Promise<{ seq: string; hash: string } | undefined> {
  const { rows } = await sql<{ seq: string; hash: string }>`
    select seq::text as seq, hash from audit_head where province_code = ${province} and id = 1 for update`.execute(
    tx,
  );
  return rows[0];
}

/**
 * Seals up to `limit` of a province's pending entries into its chain, oldest first, in the caller's
 * transaction: the head is locked, each entry numbered after it and hashed over its canonical text
 * (chain.ts; the time and the details as the database renders them, so verify finds the same), copied
 * into audit_log as written, and removed from pending; the head moves to the last. Answers how many it
 * sealed.
 */
export async function sealBatch(tx: Executor, province: string, limit: number): Promise<number> {
  return (await sealPending(tx, province, limit)).sealed;
}

/** Seals as sealBatch does, answering also where the head stands after. */
async function sealPending(
  tx: Executor,
  province: string,
  limit: number,
): Promise<{ sealed: number; head: { seq: string; hash: string } }> {
  let head = await lockHead(tx, province);
  if (!head) {
    await startChain(tx, province);
    head = await lockHead(tx, province);
  }
  if (!head) throw new Error(`audit_head of province ${province} could not be made`);
  const { rows } = await sql<PendingRow>`
    select id::text as id, (extract(epoch from at) * 1000000)::int8::text as at_micros, ${sql.join(
      FACT_COLUMNS.map((c) => sql.ref(c)),
    )}, details::text as details
    from audit_pending where province_code = ${province} order by id limit ${limit}`.execute(tx);
  if (rows.length === 0) return { sealed: 0, head };
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const algorithm = chainAlgorithm();
  const chained = rows.map((r) => {
    seq += 1;
    const hash = entryHash(
      {
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
      },
      algorithm,
    );
    const link = sql`(${r.id}::int8, ${seq}::int8, ${prevHash}::text, ${hash}::text)`;
    prevHash = hash;
    return link;
  });
  await sql`
    insert into audit_log (province_code, seq, at, ${sql.join(FACT_COLUMNS.map((c) => sql.ref(c)))}, details,
      prev_hash, hash)
    select p.province_code, v.seq, p.at, ${sql.join(FACT_COLUMNS.map((c) => sql.ref(`p.${c}`)))}, p.details,
      v.prev_hash, v.hash
    from audit_pending p join (values ${sql.join(chained)}) as v (id, seq, prev_hash, hash) on p.id = v.id
    where p.province_code = ${province}`.execute(tx);
  // SET LOCAL rather than set_config: on Citus only a SET reaches the shard's backend, where the guard runs.
  await sql`set local tongban.audit_sealing = 'on'`.execute(tx);
  await sql`
    delete from audit_pending
    where province_code = ${province} and id = any(${rows.map((r) => r.id)}::int8[])`.execute(tx);
  await sql`set local tongban.audit_sealing = 'off'`.execute(tx);
  await sql`
    update audit_head set seq = ${seq}, hash = ${prevHash} where province_code = ${province} and id = 1`.execute(
    tx,
  );
  return { sealed: rows.length, head: { seq: String(seq), hash: prevHash } };
}
