import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock.ts";
import { createDurablePGlite, WalFlusher } from "./durable-fs.ts";
import { Mutex } from "./mutex.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import type { Database } from "./schema.ts";

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A query runner: the database itself or an open transaction. */
export type Executor = Db | Tx;

/** What pg-boss needs to run its SQL somewhere we choose (its `db` option). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface DatabaseHandle {
  kind: "pglite" | "postgres";
  db: Db;
  /** pg-boss's own access, outside any transaction: on PGlite it waits for the lock like everyone else. */
  jobsSql: SqlExecutor;
  ping(): Promise<void>;
  /** Embedded on disk and durable: what flushes committed WAL (its counts are metrics). */
  flusher?: WalFlusher;
  /** Embedded only: a snapshot of the database's files (a tar, gzipped if asked), taken between statements. */
  snapshot?: (compression?: "none" | "gzip") => Promise<Blob>;
  /**
   * The connection's role does not own the schema (DATABASE_OWNER_URL, roles.ts): nothing may make or
   * change a table through it, pg-boss's own migration included.
   */
  servesOnly?: boolean;
  close(): Promise<void>;
}

/** The database cannot be used; the message says which setting to fix. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/**
 * PostgreSQL is out of reach for the moment (restarting, recovering, the network between): the request
 * may be tried again shortly, unlike a fault of ours. node-postgres gives some of these no code, only
 * a message: those are matched as it words them (pg 8). Causes are not followed: a failed fetch of
 * another service carries its ECONNREFUSED there, and that is not the database.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code ?? "";
  return (
    UNREACHABLE_SOCKET.has(code) ||
    UNREACHABLE_SQLSTATE.has(code) ||
    code.startsWith("08") ||
    UNREACHABLE_PG_MESSAGE.test(error.message)
  );
}
const UNREACHABLE_SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH"]);
// Class 08 is "connection exception"; 57P01–03 a server shutting down, crashed or starting up; 53300
// too many connections.
const UNREACHABLE_SQLSTATE = new Set(["57P01", "57P02", "57P03", "53300"]);
const UNREACHABLE_PG_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/;

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export interface OpenOptions {
  databaseUrl: string | undefined;
  /** Where PGlite keeps its files; "memory://" for a throw-away database (tests). */
  pgliteDir: string;
  poolSize?: number;
  /**
   * An in-memory PGlite may start from a snapshot of another one's files (`dumpDataDir`) instead of an
   * empty cluster: the tests start each file's database from one already migrated, skipping initdb.
   */
  pgliteSnapshot?: Blob;
  /**
   * Embedded on disk: acknowledge a commit only once its WAL is flushed to the disk (durable-fs.ts).
   * On unless turned off (EMBEDDED_FSYNC=false), for a measurement or a disk that is thrown away.
   */
  durable?: boolean;
  /** The setting the URL came from, named when it cannot connect; DATABASE_URL unless told. */
  setting?: string;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10, options.setting ?? "DATABASE_URL")
    : openPGlite(options.pgliteDir, options.pgliteSnapshot, options.durable ?? true);
}

/** The PGlite directory inside DATA_DIR. */
export function pgliteDirOf(dataDir: string): string {
  return join(dataDir, "pgdata");
}

async function openPostgres(url: string, max: number, setting: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max, application_name: "tongban" });
  // An idle client that loses its server emits here; without a listener the process would die.
  pool.on("error", () => {});
  // A client checked out (a transaction in progress) emits on itself, and the pool listens only while
  // it is idle: a restart of PostgreSQL would kill the process. The query in flight fails with the same
  // error (the request answers 503) and the pool drops the dead client when it comes back.
  pool.on("connect", (client) => client.on("error", () => {}));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as Error).message || (error as NodeJS.ErrnoException).code || String(error);
    throw new DatabaseUnavailableError(
      `${setting}: cannot connect to ${redactUrl(url)} (${reason}). ` +
        "Check that PostgreSQL is running and the URL, user and database are right.",
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: "postgres",
    db,
    jobsSql: { executeSql: (text, values) => pool.query(text, values as unknown[]) },
    ping: async () => {
      await pool.query("select 1");
    },
    close: () => db.destroy(),
  };
}

async function openPGlite(
  dir: string,
  snapshot: Blob | undefined,
  durable: boolean,
): Promise<DatabaseHandle> {
  const inMemory = dir.startsWith("memory://");
  const unlock = inMemory ? () => {} : lockDataDir(join(dir, ".."));
  let pglite: PGlite;
  try {
    pglite = await (inMemory
      ? PGlite.create(snapshot ? { loadDataDir: snapshot } : undefined)
      : durable
        ? createDurablePGlite(dir)
        : PGlite.create(dir));
  } catch (error) {
    unlock();
    throw new DatabaseUnavailableError(
      `DATA_DIR: the embedded database in "${dir}" could not be opened (${(error as Error).message}). ` +
        "If it was copied or damaged, restore it from a backup or move it aside to start afresh.",
    );
  }
  const mutex = new Mutex();
  const flusher = !inMemory && durable ? new WalFlusher(join(dir, "pg_wal")) : undefined;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, mutex, flusher) });
  return {
    kind: "pglite",
    db,
    ...(flusher ? { flusher } : {}),
    jobsSql: { executeSql: (text, values) => mutex.run(() => pgliteSql(pglite, text, values)) },
    ping: async () => {
      await mutex.run(() => pglite.query("select 1"));
    },
    snapshot: (compression = "none") => mutex.run(() => pglite.dumpDataDir(compression)),
    close: async () => {
      await db.destroy();
      await mutex.run(() => pglite.close());
      unlock();
    },
  };
}

/** pg-boss sends several statements in one text without parameters; only `exec` takes those. */
async function pgliteSql(pglite: PGlite, text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
  if (values && values.length > 0) return pglite.query(text, values);
  const results = await pglite.exec(text);
  return { rows: results.at(-1)?.rows ?? [] };
}

/** Runs pg-boss's SQL inside an open Kysely transaction, so a job commits or rolls back with the change. */
export function sqlIn(tx: Executor): SqlExecutor {
  return {
    executeSql: async (text, values) => {
      const result = await tx.executeQuery(CompiledQuery.raw(text, (values ?? []) as unknown[]));
      return { rows: result.rows as unknown[] };
    },
  };
}
