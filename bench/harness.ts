import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";

/** The project root: commands and child processes run from here. */
export const ROOT = resolve(import.meta.dirname, "..");

/** A figure as github-action-benchmark and our JSON file take it. */
export interface Measurement {
  name: string;
  value: number;
  unit: string;
}

/** The figure passes when it is at least (`min`) or at most (`max`) the goal. */
export type Goal = { min: number } | { max: number };

export interface Metric {
  name: string;
  unit: string;
  goal?: Goal;
}

export interface BenchContext {
  quick: boolean;
  /** The PostgreSQL server to create throw-away databases on (trust auth or credentials in the URL). */
  serverUrl: string;
  /** A new empty database, dropped when the run ends; returns its URL. */
  freshDatabase(): Promise<string>;
  /** A new temporary directory, removed when the run ends. */
  tempDir(label: string): string;
  /** A child process that is stopped (its whole process group) when the run ends, if still alive. */
  track(child: ChildProcess): ChildProcess;
  /** A progress note on stderr; the table goes to stdout. */
  note(message: string): void;
}

/** One benchmark: the figures it reports (and their goals) and how to measure them. */
export interface Entry {
  metrics: Metric[];
  run(context: BenchContext): Promise<Measurement[]>;
}

const entries: Entry[] = [];

export function register(entry: Entry): void {
  entries.push(entry);
}

export function registered(): readonly Entry[] {
  return entries;
}

export function passes(goal: Goal, value: number): boolean {
  return "min" in goal ? value >= goal.min : value <= goal.max;
}

export function describeGoal(goal: Goal): string {
  return "min" in goal ? `>= ${goal.min}` : `<= ${goal.max}`;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new RangeError("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(address)));
    });
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a child spawned with `detached: true` and everything it started (npm → sh → node share its
 * process group): SIGTERM, then SIGKILL after `graceMs`. Resolves when no process of the group is left,
 * so a data directory lock or a port is free again.
 */
export async function stopGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // The group is gone already.
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(25);
  if (groupAlive(pid)) {
    signal("SIGKILL");
    while (groupAlive(pid)) await sleep(25);
  }
}

/** Resolves with the exit code (or the signal's name) once the child has exited. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((done) => child.once("exit", (code, signal) => done(code ?? signal ?? "unknown")));
}

/**
 * Everything a run creates — databases, directories, processes — and its undoing, newest first.
 * `cleanUp` is safe to call twice (end of run, then an interrupt).
 */
export class RunResources {
  private readonly undo: { label: string; action: () => Promise<void> | void }[] = [];
  readonly databases: string[] = [];

  constructor(readonly serverUrl: string) {}

  context(quick: boolean): BenchContext {
    return {
      quick,
      serverUrl: this.serverUrl,
      freshDatabase: () => this.freshDatabase(),
      tempDir: (label) => {
        const dir = mkdtempSync(join(tmpdir(), `tongban-bench-${label}-`));
        this.undo.push({
          label: `remove ${dir}`,
          action: () => rmSync(dir, { recursive: true, force: true }),
        });
        return dir;
      },
      track: (child) => {
        this.undo.push({
          label: `stop process ${child.pid}`,
          action: () =>
            child.exitCode === null && child.signalCode === null ? stopGroup(child, 3_000) : undefined,
        });
        return child;
      },
      note: (message) => process.stderr.write(`  ${message}\n`),
    };
  }

  private async admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.serverUrl, application_name: "tongban-bench" });
    await client.connect().catch((error: Error) => {
      throw new Error(
        `BENCH_DATABASE_URL: cannot connect to ${this.serverUrl} (${error.message}). ` +
          "Start PostgreSQL or point BENCH_DATABASE_URL at a server where this user may create databases.",
      );
    });
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  private async freshDatabase(): Promise<string> {
    const name = `tongban_bench_${randomBytes(6).toString("hex")}`;
    await this.admin((client) => client.query(`create database ${name}`));
    this.databases.push(name);
    this.undo.push({
      label: `drop database ${name}`,
      // FORCE ends connections a crashed child may have left behind (PostgreSQL 13+).
      action: async () => {
        await this.admin((client) => client.query(`drop database if exists ${name} with (force)`));
      },
    });
    const url = new URL(this.serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  private cleaning: Promise<void> = Promise.resolve();

  /** Undoes everything so far; calls made while one runs wait for it, so no caller exits half-way. */
  cleanUp(): Promise<void> {
    this.cleaning = this.cleaning.then(() => this.drain());
    return this.cleaning;
  }

  private async drain(): Promise<void> {
    while (this.undo.length > 0) {
      const step = this.undo.pop();
      if (!step) break;
      try {
        await step.action();
      } catch (error) {
        process.stderr.write(`bench: could not ${step.label}: ${(error as Error).message}\n`);
      }
    }
  }
}

/** Spawns a command in its own process group from the project root, so it and its children can be stopped together. */
export function spawnGroup(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdio?: ("ignore" | "pipe" | "inherit" | "ipc")[] },
): ChildProcess {
  return spawn(command, args, {
    cwd: ROOT,
    env: options.env,
    detached: true,
    stdio: options.stdio ?? ["ignore", "ignore", "pipe"],
  });
}

/** The tail of a child's stderr, to explain a failure. */
export function collectTail(child: ChildProcess, limit = 4_000): () => string {
  let tail = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-limit);
  });
  return () => tail.trim();
}

/** The environment of a child: ours without the settings a benchmark must choose itself. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    "DATABASE_URL",
    "DATA_DIR",
    "PORT",
    "HOST",
    "BASE_URL",
    "LOG_LEVEL",
    "DEMO",
    "WORKERS",
  ]) {
    delete env[name];
  }
  return { ...env, ...overrides };
}
