import { type ChildProcess, spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { open, readdir, readFile, rm, writeFile } from "node:fs/promises";
import type { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import { DecryptionError } from "../crypto.ts";
import type { DatabaseHandle, Db } from "../db/database.ts";
import { HEADER_BYTES, isSealed, opening, seal, sealing, sealState, unsealFile } from "../sealing.ts";
import { BackupError } from "./manifest.ts";

/**
 * The database's part of a backup, one way per mode: embedded, PGlite's own copy of its files (gzipped
 * tar, taken between statements, so consistent); PostgreSQL, pg_dump's custom format (one snapshot of
 * the whole database), restored by pg_restore in one transaction.
 *
 * Either is sealed (sealing.ts) under the "backups" subkey of PERSONAL_DATA_KEY: names, addresses and
 * mobile numbers are plain in the database (searched and shown across worklists), and must not be plain
 * in a copy that leaves the server. pg_dump's output is sealed as it streams, and pg_restore is fed as
 * it is opened, so a dump of any size is never held in memory nor written in clear; PGlite gives and
 * takes its copy whole in memory anyway. A dump of a backup made before sealing (the `.sealed`-less
 * names) is restored as it is.
 */

export const PGLITE_FILE = "database.pglite.tar.gz.sealed";
export const POSTGRES_FILE = "database.pgdump.sealed";
/** Authenticated with the dump: a sealed file of the store put in its place does not open. */
const CONTEXT = "database dump";

export async function dumpPGlite(database: DatabaseHandle, file: string, key: Buffer): Promise<void> {
  if (!database.snapshot) throw new BackupError("this database cannot give a snapshot of its files");
  const blob = await database.snapshot("gzip");
  await writeFile(file, seal(key, "backups", new Uint8Array(await blob.arrayBuffer()), CONTEXT), {
    flag: "wx",
  });
}

/**
 * Whether the dump in `file` is sealed; refuses, before anything is restored, one sealed under a key
 * that is not in the ring.
 */
export async function dumpIsSealed(file: string, key: Buffer): Promise<boolean> {
  const handle = await open(file, "r");
  let head: Buffer;
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  try {
    return sealState(key, head) !== undefined;
  } catch (error) {
    throw unopened(file, error);
  }
}

function unopened(file: string, error: unknown): unknown {
  if (!(error instanceof DecryptionError)) return error;
  return new BackupError(
    `${file} cannot be opened: ${error.message}. A backup opens only with the PERSONAL_DATA_KEY of the ` +
      "installation it was taken from (or with that key among PERSONAL_DATA_KEYS_RETIRED), and only as it was written",
  );
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
export async function restorePGlite(file: string, dir: string, key: Buffer): Promise<void> {
  await assertNoPGlite(dir);
  let bytes = await readFile(file);
  if (isSealed(bytes)) {
    try {
      bytes = unsealFile(key, "backups", bytes, CONTEXT);
    } catch (error) {
      throw unopened(file, error);
    }
  }
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

/**
 * Dumps the database as the exported snapshot `snapshot` sees it (its transaction must stay open),
 * sealed as pg_dump writes it. Written to a pipe, the custom format has no offsets of its data: a
 * restore reads it in order, as pg_restore does in one transaction without `--jobs`.
 */
export const dumpPostgres = (url: string, file: string, snapshot: string, key: Buffer) =>
  run("pg_dump", ["--format=custom", "--compress=6", "--no-owner", `--snapshot=${snapshot}`], url, {
    through: "stdout",
    pipe: (child) =>
      pipeline(
        child.stdout as Readable,
        sealing(key, "backups", CONTEXT),
        createWriteStream(file, { flags: "wx" }),
      ),
  });

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

/**
 * Restores into the database of `url`, in one transaction: all of the dump or nothing. A sealed dump is
 * opened into pg_restore's input; a chunk that fails to open stops pg_restore, whose transaction then
 * commits nothing.
 */
export async function restorePostgres(db: Db, url: string, file: string, key: Buffer): Promise<void> {
  await assertNoTables(db);
  const options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"];
  const dbname = `--dbname=${dbName(url)}`;
  if (!(await dumpIsSealed(file, key))) {
    await run("pg_restore", [...options, dbname, file], url);
    return;
  }
  await run("pg_restore", [...options, dbname], url, {
    through: "stdin",
    pipe: (child) =>
      pipeline(createReadStream(file), opening(key, "backups", CONTEXT), child.stdin as Writable).catch(
        (error: unknown) => {
          throw unopened(file, error);
        },
      ),
  });
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

/**
 * Runs a PostgreSQL client program, its output or input through `pipe` when given; its own message when
 * it fails, and what to do when it is missing. When the pipe fails (a dump that does not open), the
 * program is stopped and the pipe's error is the one reported.
 */
async function run(
  program: string,
  args: string[],
  url: string,
  io?: { through: "stdin" | "stdout"; pipe: (child: ChildProcess) => Promise<void> },
): Promise<void> {
  const child = spawn(program, args, {
    stdio: [
      io?.through === "stdin" ? "pipe" : "ignore",
      io?.through === "stdout" ? "pipe" : "ignore",
      "pipe",
    ],
    env: { ...process.env, ...libpqEnv(url) },
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const piped = (io?.pipe(child) ?? Promise.resolve()).catch((error: unknown) => {
    child.kill();
    throw error;
  });
  const [exit, flow] = await Promise.allSettled([exited, piped]);
  if (exit.status === "rejected") {
    const error = exit.reason as NodeJS.ErrnoException;
    throw new BackupError(
      error.code === "ENOENT"
        ? `${program} is not installed: install the PostgreSQL client of the server's version (apt-get install postgresql-client)`
        : `${program} could not start (${error.message})`,
    );
  }
  if (flow.status === "rejected" && (flow.reason instanceof BackupError || exit.value === 0))
    throw flow.reason;
  if (exit.value !== 0) {
    throw new BackupError(
      `${program} failed (exit ${exit.value}): ${stderr.trim().split("\n").slice(-3).join(" ")}`,
    );
  }
}
