import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "kysely";
import type { Executor } from "../db/database.ts";
import { allProvinces } from "../db/distribution.ts";

/**
 * A backup's manifest.json: what it holds and what a restore must find again — the counts of the
 * records that matter, the audit chain's head, the file store's size — and which personal-data key
 * its encrypted fields need, by fingerprint (the key itself is never in a backup). It names no person:
 * it stays readable while the database dump and the files beside it are sealed.
 */

export const MANIFEST = "manifest.json";
/** 2: the dump and the files are sealed (sealing.ts). 1, before: still restored. */
export const FORMAT = 2;
const FORMATS: readonly number[] = [1, 2];

/** The records a restore counts again; each must come back exactly. */
export const COUNTED = [
  "cases",
  "case_events",
  "case_materials",
  "case_tasks",
  "applications",
  "files",
  "licences",
  "persons",
  "staff",
] as const;
/**
 * Besides the tables: the audit entries, sealed and waiting to be (verifying seals them, so only their
 * sum stays put), and the jobs not yet done (waiting, retrying, or running when the backup was taken).
 */
export type Counts = Record<(typeof COUNTED)[number] | "audit_entries" | "jobs_waiting", number>;

export interface Manifest {
  format: 1 | 2;
  createdAt: string;
  mode: "pglite" | "postgres";
  /** The database's file in the backup's folder. */
  database: string;
  /** The newest migration the database had: a restore into a newer Tongban migrates on from it. */
  migration: string | null;
  counts: Counts;
  auditHead: { seq: number; hash: string } | null;
  files: { count: number; bytes: number };
  /** SHA-256 of the personal-data key, first 16 hex digits: which key the backup's ID numbers need. */
  personalDataKey: string;
  /** Format 2: the id (keyring.ts) of the key the dump was sealed under, as its header says too. */
  sealedUnder?: string;
}

export const keyFingerprint = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 16);

/** A backup holds the whole database: its counts are of every province. */
const whole = allProvinces("a backup counts each table whole");

/** The counts of the records a backup holds, and the jobs still waiting to run. */
export async function countsOf(db: Executor): Promise<Counts> {
  const counts: Partial<Counts> = {};
  for (const table of COUNTED) {
    const { rows } = await sql<{ n: string }>`${whole} select count(*) as n from ${sql.table(table)}`.execute(
      db,
    );
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  const { rows } = await sql<{ n: string; boss: string | null }>`
    ${whole} select (select count(*) from audit_log) + (select count(*) from audit_pending) as n,
      to_regclass('pgboss.job')::text as boss`.execute(db);
  counts.audit_entries = Number(rows[0]?.n ?? 0);
  counts.jobs_waiting = 0;
  // pg-boss makes its tables when a server first starts; a database never served has none.
  if (rows[0]?.boss) {
    const jobs = await sql<{ n: string }>`
      select count(*) as n from pgboss.job where state in ('created', 'retry', 'active')`.execute(db);
    counts.jobs_waiting = Number(jobs.rows[0]?.n ?? 0);
  }
  return counts as Counts;
}

export async function newestMigration(db: Executor): Promise<string | null> {
  const { rows } = await sql<{ name: string }>`
    select name from kysely_migration order by name desc limit 1`.execute(db);
  return rows[0]?.name ?? null;
}

/**
 * The audit chains' heads, one per province since 0044, as one: the entries they vouch for (those of
 * the national chain kept before, then each province's own), and the SHA-256 of their list.
 */
export async function auditHeadOf(db: Executor): Promise<Manifest["auditHead"]> {
  const { rows } = await sql<{ seq: string | null; hash: string | null }>`
    ${allProvinces("a backup records the audit chain's head wherever it is kept")}
    select (max(base_seq) + sum(seq - base_seq))::text as seq,
      encode(sha256(convert_to(string_agg(province_code || ' ' || seq || ' ' || hash, chr(10)
        order by province_code), 'UTF8')), 'hex') as hash
    from audit_head where id = 1`.execute(db);
  const row = rows[0];
  return row?.seq && row.hash ? { seq: Number(row.seq), hash: row.hash } : null;
}

export const writeManifest = (dir: string, manifest: Manifest) =>
  writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { flag: "wx" });

/** The manifest of the backup in `dir`; a clear error when there is none or it is not one of ours. */
export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), "utf8");
  } catch {
    throw new BackupError(`"${dir}" holds no ${MANIFEST}: it is not a Tongban backup`);
  }
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(text) as Partial<Manifest>;
  } catch {
    throw new BackupError(`${MANIFEST} in "${dir}" is not JSON: the backup is damaged`);
  }
  if (!FORMATS.includes(manifest.format as number)) {
    throw new BackupError(
      `${MANIFEST} in "${dir}" is of format ${String(manifest.format)}; this Tongban reads formats ${FORMATS.join(" and ")}`,
    );
  }
  if (manifest.mode !== "pglite" && manifest.mode !== "postgres") {
    throw new BackupError(`${MANIFEST} in "${dir}" names no database mode: the backup is damaged`);
  }
  return manifest as Manifest;
}

/** A backup or restore that cannot go on; the message says what to do. */
export class BackupError extends Error {
  override name = "BackupError";
}
