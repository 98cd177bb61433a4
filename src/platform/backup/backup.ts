import { access, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "kysely";
import type { Logger } from "pino";
import { verifyAuditChain } from "../../modules/audit/verify.ts";
import type { Config } from "../config.ts";
import { keyId, setRetiredKeys } from "../crypto.ts";
import { lockDataDir } from "../db/data-dir-lock.ts";
import { type DatabaseHandle, type Executor, openDatabase, pgliteDirOf } from "../db/database.ts";
import { openMigrated } from "../db/open-migrated.ts";
import { listStore, storeRoot } from "../files/store.ts";
import {
  assertNoPGlite,
  assertNoTables,
  dumpIsSealed,
  dumpPGlite,
  dumpPostgres,
  PGLITE_FILE,
  POSTGRES_FILE,
  restorePGlite,
  restorePostgres,
} from "./dump.ts";
import { copyStore } from "./files.ts";
import {
  auditHeadOf,
  BackupError,
  COUNTED,
  type Counts,
  countsOf,
  FORMAT,
  keyFingerprint,
  type Manifest,
  newestMigration,
  readManifest,
  writeManifest,
} from "./manifest.ts";

/**
 * `tongban backup` and `tongban restore`: the database and the file store, into one folder with a
 * manifest, and back — checked on the way back against the manifest, record for record and file for file,
 * with the audit chain verified. The dump and the files are sealed under PERSONAL_DATA_KEY (dump.ts,
 * files.ts): a backup restores only where that key, or the key among PERSONAL_DATA_KEYS_RETIRED, is.
 */

export type OnFile = (copied: number, total: number) => void;

/** What the manifest says of the database, read in the snapshot the dump is taken from. */
async function describe(db: Executor): Promise<Pick<Manifest, "counts" | "auditHead" | "migration">> {
  return {
    counts: await countsOf(db),
    auditHead: await auditHeadOf(db),
    migration: await newestMigration(db),
  };
}

/**
 * Backs the open database and the file store up into `dir`, a new or empty folder. The database first,
 * then the files: a file is written before the row that names it commits, so every file the dumped rows
 * name is already in the store when it is copied.
 */
export async function backup(
  config: Pick<Config, "dataDir" | "databaseUrl" | "personalDataKey">,
  database: DatabaseHandle,
  dir: string,
  onFile?: OnFile,
): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0)
    throw new BackupError(`"${dir}" is not empty: back up into a new folder`);
  let described: Pick<Manifest, "counts" | "auditHead" | "migration">;
  let file: string;
  if (database.kind === "pglite") {
    file = PGLITE_FILE;
    described = await describe(database.db);
    await dumpPGlite(database, join(dir, file), config.personalDataKey);
  } else {
    file = POSTGRES_FILE;
    const url = config.databaseUrl as string;
    // pg_dump reads the very snapshot the counts were read in, so the manifest describes the dump exactly.
    described = await database.db
      .transaction()
      .setIsolationLevel("repeatable read")
      .execute(async (tx) => {
        const { rows } = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(tx);
        const counted = await describe(tx);
        await dumpPostgres(url, join(dir, file), rows[0]?.id as string, config.personalDataKey);
        return counted;
      });
  }
  const files = await copyStore(config.personalDataKey, storeRoot(config), join(dir, "files"), onFile);
  const manifest: Manifest = {
    format: FORMAT,
    createdAt: new Date().toISOString(),
    mode: database.kind,
    database: file,
    ...described,
    files,
    personalDataKey: keyFingerprint(config.personalDataKey),
    sealedUnder: keyId(config.personalDataKey),
  };
  await writeManifest(dir, manifest);
  return manifest;
}

export interface RestoreReport {
  manifest: Manifest;
  counts: Counts;
  audit: { entries: number };
  files: { count: number; bytes: number };
}

/**
 * Restores the backup in `dir` into this installation's empty database (an empty DATA_DIR, or an empty
 * PostgreSQL database) and file store, then checks it: every count of the manifest found again, the
 * audit chain intact, every file the database names in the store. Refuses before writing anything when
 * the backup is of the other mode or needs another personal-data key.
 */
export async function restore(
  config: Config,
  log: Logger,
  dir: string,
  onFile?: OnFile,
): Promise<RestoreReport> {
  const manifest = await readManifest(dir);
  const mode = config.databaseUrl ? "postgres" : "pglite";
  if (manifest.mode !== mode) {
    throw new BackupError(
      manifest.mode === "pglite"
        ? "this is a backup of an embedded database: restore it with DATABASE_URL unset, into an empty DATA_DIR"
        : "this is a backup of a PostgreSQL database: restore it with DATABASE_URL naming an empty database",
    );
  }
  // A backup made before a rotation opens with its key among PERSONAL_DATA_KEYS_RETIRED.
  const ring = [config.personalDataKey, ...config.personalDataKeysRetired];
  if (!ring.some((key) => manifest.personalDataKey === keyFingerprint(key))) {
    throw new BackupError(
      `this backup's personal data is encrypted with another key (fingerprint ${manifest.personalDataKey}): ` +
        "set PERSONAL_DATA_KEY to the key of the installation it came from (in embedded mode, the file " +
        "personal-data-key in its DATA_DIR), or PERSONAL_DATA_KEYS_RETIRED to include it, or its ID numbers " +
        "could never be read again",
    );
  }
  const file = join(dir, manifest.database);
  let files: RestoreReport["files"];
  await access(file).catch(() => {
    throw new BackupError(`the backup has no ${manifest.database}: it is incomplete`);
  });
  const key = config.personalDataKey;
  setRetiredKeys(key, config.personalDataKeysRetired);
  // Before anything is written: a dump no key of the ring opens, or one left in clear where the
  // manifest says it was sealed (put there instead of the backup's own), restores nothing.
  if (!(await dumpIsSealed(file, key)) && manifest.format >= 2) {
    throw new BackupError(
      `${file} is not sealed, as a backup of format 2 is: it is not the backup's own dump`,
    );
  }
  // With two roles the owner restores: pg_restore --no-owner makes whoever connects own every table, and
  // openMigrated grants the serving role its part afterwards.
  const targetUrl = config.databaseOwnerUrl ?? config.databaseUrl;
  const target =
    mode === "postgres"
      ? await openDatabase({
          databaseUrl: targetUrl,
          pgliteDir: "",
          ...(config.databaseOwnerUrl ? { setting: "DATABASE_OWNER_URL" } : {}),
        })
      : undefined;
  try {
    if (target) await assertNoTables(target.db);
    else await assertNoPGlite(pgliteDirOf(config.dataDir));
    // The files next: each is checked as it is copied, and a damaged one stops the restore before the
    // database is written; files in the store that no row names are harmless (the store is by content).
    files = await copyStore(key, join(dir, "files"), storeRoot(config), onFile);
    if (target) {
      await restorePostgres(target.db, targetUrl as string, file, key);
    } else {
      const unlock = lockDataDir(config.dataDir);
      await restorePGlite(file, pgliteDirOf(config.dataDir), key).finally(unlock);
    }
  } finally {
    await target?.close();
  }
  const database = await openMigrated(config, log);
  try {
    return { manifest, files, ...(await check(database, manifest, storeRoot(config))) };
  } finally {
    await database.close();
  }
}

/** The restored database against its manifest: counts, the audit chain, and a file for every row. */
async function check(
  database: DatabaseHandle,
  manifest: Manifest,
  store: string,
): Promise<Pick<RestoreReport, "counts" | "audit">> {
  const counts = await countsOf(database.db);
  const differ = [...COUNTED, "audit_entries" as const, "jobs_waiting" as const].filter(
    (k) => counts[k] !== manifest.counts[k],
  );
  if (differ.length > 0) {
    throw new BackupError(
      `the restored database differs from the backup's manifest: ${differ
        .map((k) => `${k} ${counts[k]} (expected ${manifest.counts[k]})`)
        .join(", ")}`,
    );
  }
  const audit = await verifyAuditChain(database.db);
  if (!audit.ok) {
    throw new BackupError(
      `the restored audit trail is broken at entry ${audit.problem.seq} (${audit.problem.message})`,
    );
  }
  const stored = new Set((await listStore(store)).map((f) => f.sha256));
  const { rows } = await sql<{ sha256: string }>`select sha256 from files`.execute(database.db);
  const missing = rows.filter((r) => !stored.has(r.sha256));
  if (missing.length > 0) {
    throw new BackupError(
      `${missing.length} files the database names are not in the store (the first: ${missing[0]?.sha256})`,
    );
  }
  return { counts, audit: { entries: audit.entries } };
}
