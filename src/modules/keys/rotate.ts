import { timingSafeEqual } from "node:crypto";
import { type RawBuilder, sql } from "kysely";
import { blindIndex, DecryptionError, encrypt, keyId, unseal } from "../../platform/crypto.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { allProvinces } from "../../platform/db/distribution.ts";
import { candidates, keyedDigest } from "../../platform/keyring.ts";
import { type DerivedDigest, ENCRYPTED_COLUMNS, type EncryptedColumn } from "./registry.ts";

/** What one column held, and what was (or, checking, would be) made again under the current key. */
export interface ColumnReport {
  /** `table.column` */
  name: string;
  /** Values (or digests) looked at. */
  values: number;
  /** Made again under the current key; when checking, how many would be. */
  remade: number;
  /** Of those, how many needed a retired key: the count that must reach 0 before a key is removed. */
  retired: number;
}

export interface Unreadable {
  table: string;
  column: string;
  /** The row's primary key, its columns joined with "/". */
  id: string;
  reason: string;
}

export interface RotationReport {
  columns: ColumnReport[];
  /** Values no key of the ring opens: reported, never overwritten. */
  unreadable: Unreadable[];
}

export interface RotateOptions {
  /** Count what rotating would do, and write nothing (`tongban keys check`). */
  check?: boolean;
  /** Rows per transaction. */
  batch?: number;
  /** After each batch: how many rows it held. */
  onProgress?: (rows: number) => void;
}

type Row = Record<string, unknown>;

/**
 * `tongban keys rotate`: every value of ENCRYPTED_COLUMNS not made under the current key in the
 * configured suite's scheme is decrypted (under whichever key of the ring opens it) and encrypted again,
 * and its look-up digests made again from the plaintext — in batches, each a transaction holding its
 * rows, so the server can stay up and an interrupted rotation resumes where it stopped when run again.
 * A value already current is left as it is: a second run changes nothing.
 */
export async function rotateKeys(db: Db, key: Buffer, options: RotateOptions = {}): Promise<RotationReport> {
  const report: RotationReport = { columns: [], unreadable: [] };
  for (const column of ENCRYPTED_COLUMNS) {
    await rotateColumn(db, key, column, options, report);
  }
  return report;
}

/** How many encrypted values there are, for a progress bar. */
export async function countValues(db: Db): Promise<number> {
  let total = 0;
  for (const c of ENCRYPTED_COLUMNS) {
    const result = await sql<{ n: string }>`
      ${allProvinces("key rotation counts every row")}
      select count(*) as n from ${sql.table(c.table)} where ${sql.ref(c.column)} is not null`.execute(db);
    total += Number(result.rows[0]?.n ?? 0);
  }
  return total;
}

const nameOf = (table: string, column: string) => `${table}.${column}`;

async function rotateColumn(
  db: Db,
  key: Buffer,
  c: EncryptedColumn,
  options: RotateOptions,
  report: RotationReport,
): Promise<void> {
  const values = entry(report, nameOf(c.table, c.column));
  const digests = (c.digests ?? []).map((d) => ({
    digest: d,
    report: entry(report, nameOf(c.table, d.column)),
    follow: d.followName ? entry(report, d.followName) : undefined,
  }));
  let after: unknown[] | undefined;
  for (;;) {
    const rows = await db.transaction().execute(async (tx) => {
      const batch = await selectBatch(tx, c, after, options.batch ?? 500, !options.check);
      for (const row of batch) {
        const id = c.key.map((k) => String(row[k])).join("/");
        let opened: ReturnType<typeof unseal>;
        try {
          opened = unseal(key, String(row.value));
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
          report.unreadable.push({ table: c.table, column: c.column, id, reason: error.message });
          values.values += 1;
          continue;
        }
        values.values += 1;
        const set: Row = {};
        if (!opened.current) {
          values.remade += 1;
          if (opened.keyId !== keyId(key)) values.retired += 1;
          set[c.column] = encrypt(key, opened.plaintext);
        }
        for (const d of digests) {
          const stored = String(row[d.digest.column]);
          d.report.values += 1;
          const fresh = blindIndex(key, d.digest.purpose, opened.plaintext);
          if (stored === fresh) continue;
          d.report.remade += 1;
          if (madeUnderRetiredKey(key, d.digest, opened.plaintext, stored)) d.report.retired += 1;
          set[d.digest.column] = fresh;
          if (d.follow && d.digest.follow) {
            d.follow.values += 1;
            if (!options.check) d.follow.remade += await d.digest.follow(tx, stored, fresh);
          }
        }
        if (!options.check && Object.keys(set).length > 0) await updateRow(tx, c, row, set);
      }
      return batch;
    });
    const last = rows.at(-1);
    if (!last) break;
    after = c.key.map((k) => last[k]);
    options.onProgress?.(rows.length);
    if (rows.length < (options.batch ?? 500)) break;
  }
}

function entry(report: RotationReport, name: string): ColumnReport {
  let found = report.columns.find((r) => r.name === name);
  if (!found) {
    found = { name, values: 0, remade: 0, retired: 0 };
    report.columns.push(found);
  }
  return found;
}

/** Whether a stale digest was made under a retired key (not under the current key's raw bytes). */
function madeUnderRetiredKey(key: Buffer, d: DerivedDigest, plaintext: string, stored: string): boolean {
  const given = Buffer.from(stored);
  return candidates(key).some((candidate) => {
    if (candidate.current) return false;
    const made = Buffer.from(
      keyedDigest(candidate, "look-up digests", d.purpose, plaintext).toString("base64url"),
    );
    return made.length === given.length && timingSafeEqual(made, given);
  });
}

const columns = (names: readonly string[]) => sql.join(names.map((n) => sql.ref(n)));

/** The next rows after `after` in primary-key order, locked for the transaction when rotating. */
async function selectBatch(
  tx: Executor,
  c: EncryptedColumn,
  after: unknown[] | undefined,
  limit: number,
  lock: boolean,
): Promise<Row[]> {
  const digestColumns = (c.digests ?? []).map((d) => sql`, ${sql.ref(d.column)}`);
  const from: RawBuilder<unknown> = after
    ? sql`and (${columns(c.key)}) > (${sql.join(after.map((v) => sql`${v}`))})`
    : sql``;
  const result = await sql<Row>`
    ${allProvinces("key rotation visits every row")}
    select ${columns(c.key)}, ${sql.ref(c.column)} as value ${sql.join(digestColumns, sql``)}
    from ${sql.table(c.table)}
    where ${sql.ref(c.column)} is not null ${from}
    order by ${columns(c.key)}
    limit ${limit} ${lock ? sql`for update` : sql``}`.execute(tx);
  return result.rows;
}

async function updateRow(tx: Executor, c: EncryptedColumn, row: Row, set: Row): Promise<void> {
  const assignments = Object.entries(set).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  const where = c.key.map((k) => sql`${sql.ref(k)} = ${row[k]}`);
  await sql`update ${sql.table(c.table)} set ${sql.join(assignments)} where ${sql.join(where, sql` and `)}`.execute(
    tx,
  );
}
