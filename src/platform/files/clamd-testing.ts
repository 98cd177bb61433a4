import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ClamdSettings } from "../clamd-settings.ts";
import { clamdSettings } from "../clamd-settings.ts";
import { pingClamd } from "./clamd.ts";

/**
 * A real clamd for the tests, started by the test as its own process with its own clamd.conf, and loaded
 * with signatures the test writes: ClamAV's signature database cannot be downloaded here (freshclam
 * needs ClamAV's mirrors), and clamd starts from any directory holding one valid signature file — in
 * about a tenth of a second with these three.
 */
export const DEFAULT_CLAMD = "/usr/sbin/clamd";

/** The EICAR test file (eicar.org): every antivirus reports it, and it harms nothing. */
export const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

/** A string our own signature matches anywhere in a file, so a PDF that passes the content checks can carry it. */
export const MARKER = "TONGBAN-MALWARE-TEST-MARKER-7f3a9c";
export const MARKER_SIGNATURE = "Tongban.Test.Marker";

/**
 * `Tongban.Test.EICAR` finds the EICAR string anywhere (a body signature, .ndb), `Win.Test.EICAR_HDB-1`
 * the EICAR file itself by its MD5 (a hash signature, .hdb, as ClamAV's own database names it). clamd
 * reports signatures from outside ClamAV's databases with `.UNOFFICIAL` appended.
 */
function signatures(): Record<string, string> {
  const hex = (text: string) => Buffer.from(text, "latin1").toString("hex");
  return {
    "tongban.ndb": `${MARKER_SIGNATURE}:0:*:${hex(MARKER)}\nTongban.Test.EICAR:0:*:${hex(EICAR)}\n`,
    "tongban.hdb": `44d88612fea8a8f36de82e1278abb02f:${EICAR.length}:Win.Test.EICAR_HDB-1\n`,
  };
}

/** The clamd to start: CLAMD_PATH when set, else Debian's. `path` is undefined when not executable. */
export function findClamd(env: NodeJS.ProcessEnv = process.env): { path: string | undefined; tried: string } {
  const tried = env.CLAMD_PATH?.trim() || DEFAULT_CLAMD;
  try {
    accessSync(tried, constants.X_OK);
    return { path: tried, tried };
  } catch {
    return { path: undefined, tried };
  }
}

/**
 * Declares a suite that needs clamd. Without one it is skipped with a warning, or, in CI (CI=true, as
 * .ci/run sets), replaced by one test that fails and says where clamd was looked for.
 */
export function clamdSuite(name: string, body: () => void): void {
  const { path, tried } = findClamd();
  const missing = `clamd not found at ${tried} — install it with apt-get install -y clamav-daemon (or set CLAMD_PATH)`;
  if (path === undefined && process.env.CI === "true") {
    describe(name, () => {
      it("has a clamd to start (CI=true)", () => {
        expect.fail(`CI=true but ${missing}`);
      });
    });
    return;
  }
  if (path === undefined) console.warn(`malware scanning tests skipped: ${missing}`);
  (path === undefined ? describe.skip : describe)(name, body);
}

export interface TestClamd {
  /** Settings for the unix socket, as CLAMD_URL would give them. */
  settings: ClamdSettings;
  /** The same clamd over TCP on 127.0.0.1. */
  tcp: ClamdSettings;
  /** CLAMD_URL of the unix socket. */
  url: string;
  /** Stops clamd and waits for it to exit; idempotent. */
  stop(): Promise<void>;
}

/** A free TCP port on loopback, as the kernel hands one out. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ClamdOptions {
  /** clamd's StreamMaxLength: 1M unless told, so a size-limit test sends little. */
  streamMaxLength?: string;
  /** More clamd.conf lines. */
  settings?: string[];
}

export async function startClamd(options: ClamdOptions = {}): Promise<TestClamd> {
  const { path, tried } = findClamd();
  if (!path) throw new Error(`clamd not found at ${tried}`);
  const dir = mkdtempSync(join(tmpdir(), "tongban-clamd-"));
  // A directory of its own: clamd loads every signature file it finds there.
  const database = join(dir, "db");
  mkdirSync(database);
  for (const [name, text] of Object.entries(signatures())) writeFileSync(join(database, name), text);
  const socket = join(dir, "clamd.sock");
  const port = await freePort();
  const conf = join(dir, "clamd.conf");
  writeFileSync(
    conf,
    [
      `LocalSocket ${socket}`,
      `TCPSocket ${port}`,
      "TCPAddr 127.0.0.1",
      `DatabaseDirectory ${database}`,
      "Foreground yes",
      `LogFile ${join(dir, "clamd.log")}`,
      `StreamMaxLength ${options.streamMaxLength ?? "1M"}`,
      ...(options.settings ?? []),
      "",
    ].join("\n"),
  );
  const child = spawn(path, ["--config-file", conf], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  const url = `unix://${socket}`;
  const settings = clamdSettings({ CLAMD_URL: url }) as ClamdSettings;
  const tcp = clamdSettings({ CLAMD_URL: `tcp://127.0.0.1:${port}` }) as ClamdSettings;
  const stop = () => stopChild(child).finally(() => rmSync(dir, { recursive: true, force: true }));
  try {
    await answering(settings, child);
    await answering(tcp, child);
  } catch (error) {
    await stop();
    const log = readLog(join(dir, "clamd.log"));
    throw new Error(`clamd did not start: ${(error as Error).message}\n${stderr}${log}`);
  }
  return { settings, tcp, url, stop };
}

function readLog(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Waits for PING to be answered PONG: the signatures are loaded and the socket listens. */
async function answering(settings: ClamdSettings, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`clamd exited with status ${child.exitCode}`);
    try {
      await pingClamd(settings, 1_000);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * A peer that accepts connections and never answers: a clamd hung on a scan, as a real socket on
 * loopback. Its `url` is a tcp:// CLAMD_URL.
 */
export async function silentPeer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `tcp://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
