import { mkdtempSync } from "node:fs";
import { mkdir, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.ts";
import { createDurablePGlite, DurableNodeFS, WalFlusher } from "./durable-fs.ts";

const folder = () => mkdtempSync(join(tmpdir(), "tongban-durable-"));
const SEGMENT = "000000010000000000000001";

/** A WAL folder with one segment, and a flusher over it whose syncs are recorded and take `ms`. */
async function walFolder(ms: number) {
  const dir = join(folder(), "pg_wal");
  await mkdir(dir);
  await writeFile(join(dir, SEGMENT), "wal");
  const synced: { path: string; began: number; ended: number }[] = [];
  const flusher = new WalFlusher(dir, async (path) => {
    const began = performance.now();
    await new Promise((resolve) => setTimeout(resolve, ms));
    synced.push({ path, began, ended: performance.now() });
  });
  return { dir, synced, flusher };
}

describe("the WAL flusher", () => {
  it("syncs the segments written and, when files came or went, their folder", async () => {
    const { dir, synced, flusher } = await walFolder(1);
    await flusher.flush();
    expect(synced.map((s) => s.path)).toEqual([join(dir, SEGMENT), dir]);
    // Nothing written since: an old segment is not synced again, the folder is unchanged.
    await utimes(join(dir, SEGMENT), new Date(0), new Date(0));
    synced.length = 0;
    await flusher.flush();
    expect(synced).toEqual([]);
    expect(flusher.flushes).toBe(2);
  });

  it("groups the commits that ask while a flush runs into the next one, which starts after them", async () => {
    const { synced, flusher } = await walFolder(30);
    const first = flusher.flush();
    // Nine commits while the first flush runs: their WAL may have missed it, so they wait for the next.
    const asked = performance.now();
    const waiting = Array.from({ length: 9 }, () => flusher.flush());
    await first;
    await Promise.all(waiting);
    expect(flusher.commits).toBe(10);
    expect(flusher.flushes).toBe(2);
    const second = synced.at(-1) as { began: number };
    expect(second.began).toBeGreaterThanOrEqual(asked);
  });
});

// Embedded mode's files: the same whichever database the rest of the suite runs on, so run once, with it.
describe.skipIf(process.env.TEST_DATABASE_URL !== undefined)("embedded PostgreSQL on disk", () => {
  it("flushes what PostgreSQL flushes: the data files at a checkpoint", async () => {
    const dir = join(folder(), "pgdata");
    const fs = new DurableNodeFS(dir);
    const pglite = await createDurablePGlite(dir, fs);
    try {
      await pglite.exec("create table t (x int); insert into t select generate_series(1, 1000)");
      const before = fs.fsyncs;
      await pglite.exec("checkpoint");
      expect(fs.fsyncs).toBeGreaterThan(before);
    } finally {
      await pglite.close();
    }
  });

  it("runs with fsync on, and acknowledges commits after a flush of their WAL", async () => {
    const dir = join(folder(), "pgdata");
    const handle = await openDatabase({ databaseUrl: undefined, pgliteDir: dir, durable: true });
    try {
      const db = handle.db;
      const { rows } = await sql<{ fsync: string }>`show fsync`.execute(db);
      expect(rows[0]?.fsync).toBe("on");
      const flusher = handle.flusher as WalFlusher;
      await sql`create table t (x int)`.execute(db);
      const before = { flushes: flusher.flushes, commits: flusher.commits };
      for (let i = 0; i < 5; i++) await sql`insert into t values (${i})`.execute(db);
      // One after another, each commit has a flush of its own.
      expect(flusher.flushes - before.flushes).toBe(5);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.transaction().execute(async (tx) => {
            await sql`insert into t values (${100 + i})`.execute(tx);
          }),
        ),
      );
      expect(flusher.commits - before.commits).toBe(25);
      expect(flusher.flushes - before.flushes).toBeLessThanOrEqual(25);
      // A read asks for no flush.
      const reads = flusher.commits;
      await sql`select count(*) from t`.execute(db);
      expect(flusher.commits).toBe(reads);
    } finally {
      await handle.close();
    }
    const reopened = await openDatabase({ databaseUrl: undefined, pgliteDir: dir, durable: true });
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from t`.execute(reopened.db);
      expect(rows[0]?.n).toBe(25);
    } finally {
      await reopened.close();
    }
  });

  it("can be told not to (EMBEDDED_FSYNC=false): PGlite as it comes, fsync off, nothing flushed", async () => {
    const handle = await openDatabase({
      databaseUrl: undefined,
      pgliteDir: join(folder(), "pgdata"),
      durable: false,
    });
    try {
      const { rows } = await sql<{ fsync: string }>`show fsync`.execute(handle.db);
      expect(rows[0]?.fsync).toBe("off");
      expect(handle.flusher).toBeUndefined();
    } finally {
      await handle.close();
    }
  });
});
