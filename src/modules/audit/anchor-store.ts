import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, NO_PROVINCE } from "../../platform/db/distribution.ts";

/** The SQL of anchoring: the heads as they stand, the last anchor, and an anchored entry's hash now. */

export interface Head {
  province: string;
  seq: number;
  hash: string;
}

/** Every province's head, in one statement (one snapshot), by province. */
export async function readHeads(db: Executor): Promise<Head[]> {
  const { rows } = await sql<{ province_code: string; seq: string; hash: string }>`${allProvinces(
    "an anchor names every province's head",
  )}
    select province_code, seq::text as seq, hash from audit_head where id = 1 order by province_code`.execute(
    db,
  );
  return rows.map((r) => ({ province: r.province_code, seq: Number(r.seq), hash: r.hash }));
}

/**
 * When the last anchor was recorded (its `audit.heads` entry in the national chain), or undefined. The
 * national chain is read backwards from its end, so it stops at the last anchor: a few minutes of entries.
 */
export async function lastAnchorAt(db: Executor): Promise<Date | undefined> {
  const { rows } = await sql<{ at: Date }>`
    select at from audit_log where province_code = ${NO_PROVINCE} and action = 'audit.heads'
    order by seq desc limit 1`.execute(db);
  const at = rows[0]?.at;
  return at === undefined ? undefined : new Date(at);
}

/**
 * The heads the last `audit.heads` entry recorded, with that entry's number in the national chain; read,
 * like lastAnchorAt, backwards from the chain's end.
 */
export async function lastRecordedHeads(db: Executor): Promise<{ seq: number; heads: Head[] } | undefined> {
  const { rows } = await sql<{ seq: string; details: { heads?: Head[] } }>`
    select seq::text as seq, details from audit_log
    where province_code = ${NO_PROVINCE} and action = 'audit.heads'
    order by seq desc limit 1`.execute(db);
  const row = rows[0];
  return row && Array.isArray(row.details.heads)
    ? { seq: Number(row.seq), heads: row.details.heads }
    : undefined;
}

/**
 * The hash the chain holds now at a province's entry `seq`: in the province's own chain, or — at or
 * below the number where the national chain was split (migration 0044) — in that shared part, whose
 * entries lie in every province.
 */
export async function hashAt(db: Executor, province: string, seq: number): Promise<string | undefined> {
  const { rows } = await sql<{ hash: string }>`
    select hash from audit_log where province_code = ${province} and seq = ${seq}::int8`.execute(db);
  if (rows[0]) return rows[0].hash;
  const shared = await sql<{
    hash: string;
  }>`${allProvinces("the national chain kept before 0044 spans the provinces")}
    select l.hash from audit_log l
    where l.seq = ${seq}::int8
      and l.seq <= (select h.base_seq from audit_head h where h.province_code = ${NO_PROVINCE} and h.id = 1)
    order by l.province_code limit 1`.execute(db);
  return shared.rows[0]?.hash;
}
