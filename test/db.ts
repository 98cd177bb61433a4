import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import pino from "pino";
import { allJobs } from "../src/modules/index.ts";
import { loadConfig } from "../src/platform/config.ts";
import { type DatabaseHandle, openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { Jobs } from "../src/platform/jobs.ts";
import { PROJECT_ROOT } from "../src/platform/paths.ts";
import { DistributionCheck } from "./distribution-check.ts";
import { PARTITIONED, partitionProvinceTables } from "./partition.ts";

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
  const made = await makeTestDatabase(options);
  // TEST_DISTRIBUTION_CHECK names a directory: every statement the test sends is read for the province it
  // names (test/distribution-check.ts), and each fault is written there (npm run check:distribution).
  const reports = process.env.TEST_DISTRIBUTION_CHECK;
  if (!reports) return made;
  made.handle.db = made.handle.db.withPlugin(await DistributionCheck.create(reports));
  return made;
}

async function makeTestDatabase(options: { migrate?: boolean }): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const handle = await openDatabase({
      databaseUrl: undefined,
      pgliteDir: "memory://",
      ...(options.migrate !== false ? { pgliteSnapshot: await migratedSnapshot() } : {}),
    });
    return { handle, url: undefined, close: () => handle.close() };
  }
  const name = `tongban_test_${randomBytes(6).toString("hex")}`;
  // A copy of the run's migrated template (test/global-setup.ts) is a file copy, not forty migrations.
  const template = options.migrate !== false ? process.env.TEST_DATABASE_TEMPLATE : undefined;
  await adminQuery(server, `create database ${name}${template ? ` template ${template}` : ""}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), pgliteDir: "memory://", poolSize: 4 });
  if (options.migrate !== false && !template) {
    await migrateToLatest(handle.db);
    if (PARTITIONED) await partitionProvinceTables(handle.db);
  }
  return {
    handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await adminQuery(server, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function adminQuery(server: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const PGBOSS_VERSION = String(
  JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules", "pg-boss", "package.json"), "utf8")).version,
);

/**
 * Migrated — its province tables partitioned when TEST_PARTITIONED=1 (test/partition.ts) — with pg-boss's
 * schema and the app's queues made, as every test app's Jobs would make them.
 */
export async function prepare(handle: DatabaseHandle): Promise<void> {
  await migrateToLatest(handle.db);
  if (PARTITIONED) await partitionProvinceTables(handle.db);
  const config = loadConfig({
    DATA_DIR: tmpdir(),
    SESSION_SECRET: "test-secret-that-is-long-enough-0123456789",
  });
  const jobs = new Jobs(handle, pino({ level: "silent" }), allJobs(), config);
  await jobs.start({ work: false });
  await jobs.stop();
}

/**
 * A freshly migrated embedded database as files, made once per version of the migrations and kept on
 * disk for every test file after: an empty PGlite spends seconds in initdb, loading these takes one.
 * Keyed by the migrations' source, so editing one makes a new snapshot.
 */
async function migratedSnapshot(): Promise<Blob> {
  const dir = join(PROJECT_ROOT, "src", "platform", "db", "migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  // The list of migrations lives beside them: a file not yet listed there is not applied.
  hash.update(readFileSync(join(dir, "..", "migrate.ts")));
  hash.update(PGBOSS_VERSION);
  hash.update(readFileSync(join(PROJECT_ROOT, "test", "partition.ts")));
  hash.update(PARTITIONED ? "partitioned" : "flat");
  const cache = join(PROJECT_ROOT, "node_modules", ".cache", "tongban-tests");
  const file = join(cache, `pglite-migrated-${hash.digest("hex").slice(0, 16)}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const handle = await openDatabase({ databaseUrl: undefined, pgliteDir: "memory://" });
  try {
    await prepare(handle);
    const snapshot = await (handle.snapshot as () => Promise<Blob>)();
    mkdirSync(cache, { recursive: true });
    // Written aside and renamed: two test processes making it at once never read half a file.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await snapshot.arrayBuffer()));
    renameSync(partial, file);
    return snapshot;
  } finally {
    await handle.close();
  }
}
