import type { PGlite } from "@electric-sql/pglite";
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from "kysely";
import type { WalFlusher } from "./durable-fs.ts";
import type { Mutex } from "./mutex.ts";

/** Statements that may write: a commit that ran one, or one run alone, must reach the disk. */
const WRITES =
  /\b(insert|update|delete|merge|create|alter|drop|truncate|grant|revoke|comment|reindex|vacuum)\b/i;

/**
 * Kysely over PGlite's one connection. Every acquire takes the mutex and every release gives it back,
 * so a transaction owns the connection from BEGIN to COMMIT and nothing else runs inside it. With a
 * flusher (a database on disk), a connection that committed a write waits, after giving the mutex back,
 * until the WAL is on the disk: the caller hears of the commit only then.
 */
export class PGliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGlite,
    private readonly mutex: Mutex,
    private readonly flusher?: WalFlusher,
  ) {}

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.mutex, this.flusher);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  readonly #releases = new WeakMap<PGliteConnection, () => void>();

  constructor(
    private readonly pglite: PGlite,
    private readonly mutex: Mutex,
    private readonly flusher?: WalFlusher,
  ) {}

  async init(): Promise<void> {
    await this.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.acquire();
    const connection = new PGliteConnection(this.pglite);
    this.#releases.set(connection, release);
    return connection;
  }

  async beginTransaction(connection: PGliteConnection): Promise<void> {
    await connection.executeQuery({ sql: "begin", parameters: [] } as unknown as CompiledQuery);
    connection.inTransaction = true;
  }
  async commitTransaction(connection: PGliteConnection): Promise<void> {
    await connection.executeQuery({ sql: "commit", parameters: [] } as unknown as CompiledQuery);
    connection.inTransaction = false;
  }
  async rollbackTransaction(connection: PGliteConnection): Promise<void> {
    await connection.executeQuery({ sql: "rollback", parameters: [] } as unknown as CompiledQuery);
    connection.inTransaction = false;
    connection.committedWrite = false;
  }

  async releaseConnection(connection: PGliteConnection): Promise<void> {
    this.#releases.get(connection)?.();
    this.#releases.delete(connection);
    if (this.flusher && connection.committedWrite) await this.flusher.flush();
  }

  async destroy(): Promise<void> {
    // The PGlite instance belongs to the caller, who closes it after the job queue has stopped.
  }
}

class PGliteConnection implements DatabaseConnection {
  inTransaction = false;
  /** A write ran in the transaction (committed when it ends), or alone: the WAL must be flushed. */
  committedWrite = false;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiled.sql, compiled.parameters as unknown[]);
    if (WRITES.test(compiled.sql)) this.committedWrite = true;
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && /^\s*(insert|update|delete|merge)/i.test(compiled.sql)
        ? { numAffectedRows: BigInt(affected) }
        : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: PGlite cannot stream; the error says so before any row.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("PGlite does not support streaming queries; page with limit and offset instead");
  }
}
