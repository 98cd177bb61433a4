/**
 * A PostgreSQL cluster of a test's own, in a temporary directory, on a free port: one the test may stop
 * the hard way (`pg_ctl stop -m immediate`, what a crash of the server looks like to its clients) and
 * start again, which the machine's shared server must never be.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PrivatePg {
  /** The cluster's `postgres` database, trust auth, as user postgres. */
  url: string;
  port: number;
  /** Starts the server (again) and waits until it takes connections: after a crash, once recovered. */
  start(): Promise<void>;
  /** Kills the server without a checkpoint (SIGQUIT to the postmaster): the next start recovers from WAL. */
  stopImmediate(): Promise<void>;
  /** The end of the server's own log, for a failure's message. */
  logTail(): string;
  /** Stops it if it runs and removes its files. */
  destroy(): Promise<void>;
}

const OWNER = "postgres";

function binDir(): string | undefined {
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

function ownerIds(): { uid: number; gid: number } | undefined {
  const id = (flag: string) => spawnSync("id", [flag, OWNER], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

const isRoot = () => process.getuid?.() === 0;

/**
 * Why a private cluster cannot be made here, or undefined when it can. initdb and postgres refuse to
 * run as root, so as root they run as the user postgres through runuser.
 */
export function privatePgUnavailable(): string | undefined {
  if (!binDir()) return "pg_config is not on PATH: install the PostgreSQL server (postgresql-15)";
  if (!isRoot()) return undefined;
  if (spawnSync("runuser", ["--help"]).error) return "running as root without runuser to drop to postgres";
  if (!ownerIds()) return `running as root and there is no user "${OWNER}" to run the cluster as`;
  return undefined;
}

export async function createPrivatePg(): Promise<PrivatePg> {
  const bin = binDir() as string;
  const root = mkdtempSync(join(tmpdir(), "tongban-private-pg-"));
  const owner = isRoot() ? ownerIds() : undefined;
  if (owner) chownSync(root, owner.uid, owner.gid);
  const data = join(root, "data");
  const port = await freePort();
  // As root, every PostgreSQL program runs as the owner of the files; as anyone else, as that user.
  // Not blocking: the test goes on reading the server's answers while PostgreSQL stops and starts.
  const run = (program: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [command, ...rest] = owner
        ? ["runuser", "-u", OWNER, "--", join(bin, program), ...args]
        : [join(bin, program), ...args];
      execFile(command as string, rest, { timeout: 60_000 }, (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${program} ${args.join(" ")} failed: ${error.message}\n${stderr}${stdout}`));
        else resolve();
      });
    });
  // initdb's own flush is skipped (nothing here outlives the machine); the server keeps fsync on, as in
  // production, so an acknowledged commit is on the disk before the client hears of it.
  try {
    await run("initdb", ["-D", data, "-U", OWNER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    // Its socket in its own directory, not beside the shared server's.
    `-k ${root}`,
    "-c fsync=on",
    "-c synchronous_commit=on",
    "-c shared_buffers=32MB",
  ].join(" ");
  let running = false;
  return {
    url: `postgres://${OWNER}@127.0.0.1:${port}/postgres`,
    port,
    start: async () => {
      await run("pg_ctl", [
        "-D",
        data,
        "-l",
        join(root, "server.log"),
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start",
      ]);
      running = true;
    },
    stopImmediate: async () => {
      await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      running = false;
    },
    logTail: () => {
      try {
        return readFileSync(join(root, "server.log"), "utf8").slice(-3000);
      } catch {
        return "(no server log)";
      }
    },
    destroy: async () => {
      if (running) {
        try {
          await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        } catch {
          // Gone already: its files go all the same.
        }
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
