import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces } from "../../platform/db/distribution.ts";
import { hashText, SM3_PREFIX } from "./chain.ts";
import { canonicalTextSql, entryHashSql, FACT_COLUMNS } from "./chain-store.ts";

/**
 * The chains read back for verify: the provinces' heads, and ranges of a chain's entries checked in the
 * database. A province's chain is read on its own shard; the one chain the country kept before migration
 * 0044, whose entries lie in every province, by number alone.
 */

/** The provinces that have a chain: each has its head. */
export async function chainProvinces(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ province_code: string }>`${allProvinces("verify walks every province's chain")}
    select province_code from audit_head order by province_code`.execute(db);
  return rows.map((r) => r.province_code);
}

/** A province's chain as its head names it. */
export interface ChainHead {
  seq: number;
  hash: string;
  /** The entry the chain begins after: the end of the national chain kept before 0044. */
  baseSeq: number;
  baseHash: string;
  /** The province's highest entry number after the base. */
  maxSeq: number | null;
}

/** A province's head and its highest entry number, from one snapshot (one statement). */
export async function readHead(db: Executor, province: string): Promise<ChainHead | undefined> {
  const { rows } = await sql<{
    seq: string;
    hash: string;
    base_seq: string;
    base_hash: string;
    max_seq: string | null;
  }>`
    select h.seq::text as seq, h.hash, h.base_seq::text as base_seq, h.base_hash,
      (select max(l.seq) from audit_log l
        where l.province_code = h.province_code and l.seq > h.base_seq)::text as max_seq
    from audit_head h where h.province_code = ${province} and h.id = 1`.execute(db);
  const row = rows[0];
  return (
    row && {
      seq: Number(row.seq),
      hash: row.hash,
      baseSeq: Number(row.base_seq),
      baseHash: row.base_hash,
      maxSeq: row.max_seq === null ? null : Number(row.max_seq),
    }
  );
}

/**
 * The first entry, by number, in a province with no head (written around the trail) after the national
 * chain kept before 0044, whose entries lie in every province.
 */
export async function entryWithoutHead(
  db: Executor,
  provinces: readonly string[],
  afterSeq: number,
): Promise<{ province: string; seq: number } | undefined> {
  const { rows } = await sql<{ province_code: string; seq: string }>`${allProvinces(
    "verify looks for entries in a province with no chain",
  )}
    select province_code, seq::text as seq from audit_log
    where seq > ${afterSeq}::int8 and province_code <> all(${[...provinces]}::text[])
    order by province_code, seq limit 1`.execute(db);
  const row = rows[0];
  return row && { province: row.province_code, seq: Number(row.seq) };
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
 * broken one, and the last — and the canonical text of entries hashed with SM3, which the database
 * cannot make, for the process to hash.
 */
export async function checkRange(
  db: Executor,
  province: string | undefined,
  from: string,
  to: string,
): Promise<RangeCheck> {
  const fields = {
    seq: sql.ref("seq"),
    at: sql.ref("at"),
    facts: FACT_COLUMNS.map((c) => sql.ref(c)),
    details: sql.ref("details"),
    prevHash: sql.ref("prev_hash"),
  };
  const { rows } = await sql<{
    role: "first" | "broken" | "last" | "sm3";
    seq: string;
    prev_hash: string;
    hash: string;
    before_seq: string | null;
    before_hash: string | null;
    intact: boolean;
    sm3_text: string | null;
  }>`${national(province)}
    with checked as (
      select seq, prev_hash, hash,
        lag(seq) over (order by seq) as before_seq,
        lag(hash) over (order by seq) as before_hash,
        -- An SM3 entry counts as intact here; the process hashes its text.
        starts_with(hash, ${SM3_PREFIX}) or ${entryHashSql(fields)} = hash as intact,
        case when starts_with(hash, ${SM3_PREFIX}) then ${canonicalTextSql(fields)} end as sm3_text
      from audit_log
      where seq >= ${from}::int8 and seq <= ${to}::int8 ${inChain(province)}
    )
    (select 'first' as role, * from checked order by seq limit 1)
    union all
    (select 'broken', * from checked
      where not intact or (before_seq is not null and (seq <> before_seq + 1 or prev_hash <> before_hash))
      order by seq limit 1)
    union all
    (select 'last', * from checked order by seq desc limit 1)
    union all
    (select 'sm3', * from checked where sm3_text is not null order by seq)`.execute(db);
  const check: RangeCheck = {};
  const changedSm3: VerifyRow[] = [];
  for (const r of rows) {
    const row: VerifyRow = {
      seq: Number(r.seq),
      prevHash: r.prev_hash,
      hash: r.hash,
      beforeSeq: r.before_seq === null ? null : Number(r.before_seq),
      beforeHash: r.before_hash,
      intact: r.sm3_text === null ? r.intact : hashText(r.sm3_text, "sm3") === r.hash,
    };
    if (r.role !== "sm3") check[r.role] = row;
    else if (!row.intact) changedSm3.push(row);
  }
  const firstChanged = changedSm3.sort((a, b) => a.seq - b.seq)[0];
  if (firstChanged && (!check.broken || firstChanged.seq < check.broken.seq)) check.broken = firstChanged;
  return check;
}

/** The entry of the chain holding this hash, if any (a full scan: it runs once, when verify has found a problem). */
export async function findSeqByHash(
  db: Executor,
  province: string | undefined,
  hash: string,
): Promise<number | undefined> {
  const { rows } = await sql<{ seq: string }>`${national(province)}
    select seq::text as seq from audit_log where hash = ${hash} ${inChain(province)}
    order by audit_log.seq limit 1`.execute(db);
  return rows[0] ? Number(rows[0].seq) : undefined;
}

/**
 * A province's chain, or — no province — the one chain the country kept before migration 0044, whose
 * entries lie in every province: read by number alone.
 */
const national = (province: string | undefined) =>
  province === undefined ? allProvinces("the national chain kept before 0044 spans the provinces") : sql``;
const inChain = (province: string | undefined) =>
  province === undefined ? sql`` : sql`and province_code = ${province}`;

/**
 * How many entries verify would walk: each province's since the national chain was split, and that
 * chain's before it. Read from the heads alone, one row a province.
 */
export async function trailSize(db: Executor): Promise<number> {
  const { rows } = await sql<{ entries: string }>`${allProvinces("the size of every province's chain")}
    select (coalesce(sum(seq - base_seq), 0) + coalesce(max(base_seq), 0))::text as entries
    from audit_head`.execute(db);
  return Number(rows[0]?.entries ?? 0);
}
