import { fsyncSync } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/**
 * Durable embedded PostgreSQL. PGlite starts PostgreSQL with fsync off (`-F`), and its file system
 * (Emscripten's NODEFS) would not flush anything if asked: an acknowledged commit could be lost when the
 * operating system crashes or the power fails. Two changes close that gap:
 *
 * - fsync is turned on and NODEFS given a real fsync, so PostgreSQL's own flushes — the data files at a
 *   checkpoint, before the WAL that covered them is recycled — reach the disk.
 * - A commit's WAL is flushed by `WalFlusher` after the commit, outside the lock on the connection, and
 *   the commit is acknowledged only then. PostgreSQL's own WAL flush at commit uses fdatasync, which
 *   Emscripten leaves a no-op, so commits do not wait one by one; the flusher syncs once for every
 *   commit made while the previous sync ran (group commit), which keeps throughput.
 */

/** The WAL segment files: 24 hexadecimal digits. */
const SEGMENT = /^[0-9A-F]{24}$/;

export class DurableNodeFS extends NodeFS {
  /** Real fsyncs PostgreSQL asked for (checkpoints, new files). */
  fsyncs = 0;

  override async init(...args: Parameters<NodeFS["init"]>): ReturnType<NodeFS["init"]> {
    const result = await super.init(...args);
    const preRun = (result.emscriptenOpts.preRun ?? []) as ((module: EmscriptenModule) => void)[];
    // Before PostgreSQL starts: recovery after a crash ends with a checkpoint that must be flushed too.
    preRun.unshift((module) => {
      module.NODEFS.stream_ops.fsync = (stream: { nfd: number }) => {
        this.fsyncs += 1;
        fsyncSync(stream.nfd);
        return 0;
      };
    });
    result.emscriptenOpts.preRun = preRun;
    return result;
  }
}

interface EmscriptenModule {
  NODEFS: { stream_ops: Record<string, unknown> };
}

/** PGlite on a directory, with fsync on and NODEFS able to do it. */
export function createDurablePGlite(dir: string, fs = new DurableNodeFS(dir)): Promise<PGlite> {
  return PGlite.create({
    fs,
    startParams: PGlite.defaultStartParams.filter((p) => p !== "-F"),
  });
}

/**
 * Flushes the WAL files written since the last flush, for every commit that asks, in groups: a commit
 * asking while a flush runs waits for the next one (the running one may have started before its WAL was
 * written), and every commit asking meanwhile shares that next one.
 */
export class WalFlusher {
  /** Flushes done: each one group of commits. */
  flushes = 0;
  /** Commits that waited for a flush. */
  commits = 0;
  #running: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  #known = new Set<string>();
  #since = 0;

  constructor(
    private readonly walDir: string,
    private readonly sync: (path: string) => Promise<void> = syncPath,
  ) {}

  /** Resolves once a flush that began after this call has finished. */
  flush(): Promise<void> {
    this.commits += 1;
    if (!this.#running) return this.#start();
    this.#next ??= this.#running.then(
      () => this.#startNext(),
      () => this.#startNext(),
    );
    return this.#next;
  }

  #startNext(): Promise<void> {
    this.#next = null;
    return this.#start();
  }

  #start(): Promise<void> {
    const running = this.#flushWritten().finally(() => {
      if (this.#running === running) this.#running = null;
    });
    this.#running = running;
    return running;
  }

  /** Syncs the segments written since the previous flush began, and the folder when a file came or went. */
  async #flushWritten(): Promise<void> {
    // A second's margin: a file's modification time is kept at the kernel's coarse clock.
    const since = this.#since - 1000;
    this.#since = Date.now();
    const names = (await readdir(this.walDir)).filter((n) => SEGMENT.test(n));
    for (const name of names) {
      const path = join(this.walDir, name);
      if ((await stat(path)).mtimeMs >= since) await this.sync(path);
    }
    const current = new Set(names);
    if (current.size !== this.#known.size || names.some((n) => !this.#known.has(n))) {
      await this.sync(this.walDir);
      this.#known = current;
    }
    this.flushes += 1;
  }
}

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
