import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";

export interface TestDatabase {
  handle: DatabaseHandle;
  /** The server URL of this test's own database (PostgreSQL only). */
  url: string | undefined;
  close(): Promise<void>;
}

/**
 * A database of the test's own, migrated: an in-memory PGlite by default, or — when TEST_DATABASE_URL
 * names a PostgreSQL server — a fresh database on that server, dropped again by `close`.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const handle = await openDatabase({ databaseUrl: undefined, pgliteDir: "memory://" });
    if (options.migrate !== false) await migrateToLatest(handle.db);
    return { handle, url: undefined, close: () => handle.close() };
  }
  const name = `tongban_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(server, `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), pgliteDir: "memory://", poolSize: 4 });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await adminQuery(server, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(server: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
