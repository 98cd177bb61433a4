import { spawn } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import type { DatabaseHandle, Db } from "../db/database.ts";
import { BackupError } from "./manifest.ts";

/**
 * The database's part of a backup, one way per mode: embedded, PGlite's own copy of its files (gzipped
 * tar, taken between statements, so consistent); PostgreSQL, pg_dump's custom format (one snapshot of
 * the whole database), restored by pg_restore in one transaction.
 */

export const PGLITE_FILE = "database.pglite.tar.gz";
export const POSTGRES_FILE = "database.pgdump";

export async function dumpPGlite(database: DatabaseHandle, file: string): Promise<void> {
  if (!database.snapshot) throw new BackupError("this database cannot give a snapshot of its files");
  const blob = await database.snapshot("gzip");
  await writeFile(file, Buffer.from(await blob.arrayBuffer()), { flag: "wx" });
}

/** A restore writes only where there is nothing yet. */
export async function assertNoPGlite(dir: string): Promise<void> {
  const present = await readdir(dir).catch(() => []);
  if (present.length > 0) {
    throw new BackupError(
      `the embedded database "${dir}" is not empty: restore into a new DATA_DIR, or move this one aside first`,
    );
  }
}

/** Writes the embedded database held in `file` into the empty folder `dir`. */
export async function restorePGlite(file: string, dir: string): Promise<void> {
  await assertNoPGlite(dir);
  const bytes = await readFile(file);
  try {
    const pglite = await PGlite.create(dir, {
      loadDataDir: new Blob([bytes], { type: "application/x-gzip" }),
    });
    await pglite.close();
  } catch (error) {
    // Nothing was there before: leave nothing half-made.
    await rm(dir, { recursive: true, force: true });
    throw new BackupError(
      `${file} could not be restored (${(error as Error).message}): the backup is damaged`,
    );
  }
}

/** Dumps the database as the exported snapshot `snapshot` sees it (its transaction must stay open). */
export const dumpPostgres = (url: string, file: string, snapshot: string) =>
  run(
    "pg_dump",
    ["--format=custom", "--compress=6", "--no-owner", `--snapshot=${snapshot}`, `--file=${file}`],
    url,
  );

/** A restore writes only where there is nothing yet: the dump makes every table. */
export async function assertNoTables(db: Db): Promise<void> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from pg_tables where schemaname in ('public', 'pgboss')`.execute(db);
  if (Number(rows[0]?.n ?? 0) > 0) {
    throw new BackupError(
      "the database of DATABASE_URL is not empty: restore into a new database (createdb), or drop this one first",
    );
  }
}

/** Restores into the database of `url`, in one transaction: all of the dump or nothing. */
export async function restorePostgres(db: Db, url: string, file: string): Promise<void> {
  await assertNoTables(db);
  await run(
    "pg_restore",
    [
      "--no-owner",
      "--no-privileges",
      "--exit-on-error",
      "--single-transaction",
      `--dbname=${dbName(url)}`,
      file,
    ],
    url,
  );
}

const dbName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";

/**
 * The connection as libpq's environment: a password given on the command line would be seen by every
 * user of the machine in the process list.
 */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { PGDATABASE: dbName(url) };
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ""));
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get("sslmode");
  if (sslmode) env.PGSSLMODE = sslmode;
  // Certificate authentication (docs/operations.md, "Two database roles"): the files node-postgres reads.
  for (const [parameter, variable] of [
    ["sslcert", "PGSSLCERT"],
    ["sslkey", "PGSSLKEY"],
    ["sslrootcert", "PGSSLROOTCERT"],
  ] as const) {
    const file = u.searchParams.get(parameter);
    if (file) env[variable] = file;
  }
  const host = u.searchParams.get("host");
  if (host) env.PGHOST = host;
  return env;
}

/** Runs a PostgreSQL client program; its own message when it fails, and what to do when it is missing. */
function run(program: string, args: string[], url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...libpqEnv(url) },
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          error.code === "ENOENT"
            ? `${program} is not installed: install the PostgreSQL client of the server's version (apt-get install postgresql-client)`
            : `${program} could not start (${error.message})`,
        ),
      ),
    );
    child.on("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new BackupError(
            `${program} failed (exit ${code}): ${stderr.trim().split("\n").slice(-3).join(" ")}`,
          ),
        );
    });
  });
}
