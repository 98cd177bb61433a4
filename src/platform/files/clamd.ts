import { createConnection, type Socket } from "node:net";
import type { ClamdSettings } from "../clamd-settings.ts";

/**
 * A client of ClamAV's daemon, speaking its socket protocol (clamd(8), "INSTREAM") directly: a command
 * ends with NUL (the `z` prefix), the file follows in chunks each led by its length as a 4-byte
 * big-endian number, a chunk of length 0 ends it, and the one reply ends with NUL:
 *
 *   stream: OK                              nothing found
 *   stream: Win.Test.EICAR_HDB-1 FOUND      a signature matched, named
 *   INSTREAM size limit exceeded. ERROR     more bytes than clamd's StreamMaxLength; clamd hangs up
 *   stream: <reason> ERROR                  clamd could not scan (memory, a broken database)
 *
 * Each scan has a connection of its own; a deadline covers all of it, connecting included.
 *
 * The size-limit reply is the one that races: clamd answers and closes while the file is still coming,
 * and a write into the closed connection makes Node drop the socket — and the reply, if it was not read
 * yet. The file is therefore sent a chunk at a time, each after the event loop has had a turn to read
 * what came in; and a clamd that hung up mid-file without a readable reply is asked PING on a new
 * connection: answering, it is alive and refused the file's length (the only reason clamd closes a
 * stream it is reading, its read timeout apart); silent, it is unreachable.
 */
export type ScanVerdict = { found: false } | { found: true; signature: string };

/** Why clamd gave no verdict; `size_limit` is the file's doing, the others clamd's or the network's. */
export type ClamdFailureKind = "unreachable" | "timeout" | "error" | "size_limit";

export class ClamdFailure extends Error {
  override name = "ClamdFailure";
  constructor(
    readonly kind: ClamdFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** Well below clamd's default StreamMaxLength, and its read buffer. */
const CHUNK = 64 * 1024;
/** A signature name is short; a longer reply is cut so no log line or message is swamped by one. */
const MAX_REPLY = 1024;

export async function scanWithClamd(settings: ClamdSettings, bytes: Uint8Array): Promise<ScanVerdict> {
  const started = Date.now();
  let reply: string;
  try {
    reply = await converse(settings, settings.timeoutMs, (socket, answered) =>
      sendStream(socket, bytes, answered),
    );
  } catch (error) {
    if (!(error instanceof HungUp)) throw error;
    const left = Math.max(settings.timeoutMs - (Date.now() - started), 1_000);
    const alive = await pingClamd(settings, left).then(
      () => true,
      () => false,
    );
    throw alive
      ? new ClamdFailure(
          "size_limit",
          `clamd at ${settings.url} hung up while a file of ${bytes.length} bytes was being sent, and answers PING: the file is larger than its StreamMaxLength (${error.message})`,
        )
      : new ClamdFailure("unreachable", `clamd at ${settings.url} ${error.message}`);
  }
  if (reply === "stream: OK") return { found: false };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { found: true, signature: found[1] as string };
  if (/size limit exceeded/i.test(reply)) {
    throw new ClamdFailure(
      "size_limit",
      `clamd at ${settings.url} refused a file of ${bytes.length} bytes as larger than its StreamMaxLength ("${reply}")`,
    );
  }
  throw new ClamdFailure("error", `clamd at ${settings.url} could not scan the file: "${reply}"`);
}

/** Whether clamd answers at all: PING, answered PONG. */
export async function pingClamd(settings: ClamdSettings, timeoutMs: number): Promise<void> {
  const reply = await converse(settings, timeoutMs, (socket) => {
    socket.end("zPING\0");
    return Promise.resolve();
  }).catch((error: unknown) => {
    throw error instanceof HungUp
      ? new ClamdFailure("unreachable", `clamd at ${settings.url} ${error.message}`)
      : error;
  });
  if (reply !== "PONG")
    throw new ClamdFailure("error", `clamd at ${settings.url} answered PING with "${reply}"`);
}

async function sendStream(socket: Socket, bytes: Uint8Array, answered: () => boolean): Promise<void> {
  await written(socket, Buffer.from("zINSTREAM\0"));
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    // A turn of the event loop first: a reply that came in (the size limit) is read before writing on.
    await new Promise((resolve) => setImmediate(resolve));
    if (answered() || socket.destroyed) return;
    const chunk = bytes.subarray(offset, offset + CHUNK);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(chunk.length);
    await written(socket, Buffer.concat([length, chunk]));
  }
  if (!answered() && !socket.destroyed) await written(socket, Buffer.alloc(4));
}

/** Resolves once the kernel has the bytes, or the socket is gone (its error is the connection's). */
function written(socket: Socket, data: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) {
      resolve();
      return;
    }
    socket.write(data, () => resolve());
  });
}

/** clamd closed the connection while the file was being sent, and no reply could be read. */
class HungUp extends Error {}

/** One command and its reply (without the NUL), or a ClamdFailure. */
function converse(
  settings: ClamdSettings,
  timeoutMs: number,
  send: (socket: Socket, answered: () => boolean) => Promise<void>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(settings.address);
    const received: Buffer[] = [];
    let size = 0;
    let reply: string | undefined;
    let problem: NodeJS.ErrnoException | undefined;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      outcome();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new ClamdFailure(
              "timeout",
              `clamd at ${settings.url} did not answer within ${timeoutMs / 1000} s`,
            ),
          ),
        ),
      timeoutMs,
    );
    let connected = false;
    socket.on("connect", () => {
      connected = true;
      send(socket, () => reply !== undefined || settled).catch((error: unknown) => {
        problem ??= error as NodeJS.ErrnoException;
        socket.destroy();
      });
    });
    socket.on("data", (data: Buffer) => {
      if (size < MAX_REPLY) received.push(data);
      size += data.length;
      const all = Buffer.concat(received);
      const end = all.indexOf(0);
      if (end >= 0 || size >= MAX_REPLY) {
        reply = all
          .subarray(0, end >= 0 ? end : MAX_REPLY)
          .toString("utf8")
          .trim();
        const answer = reply;
        settle(() => resolve(answer));
      }
    });
    // clamd hangs up after the size-limit reply while the file is still being sent: the write then
    // fails (EPIPE, ECONNRESET), but the reply already read is what counts.
    socket.on("error", (error: NodeJS.ErrnoException) => {
      problem ??= error;
    });
    socket.on("close", () => {
      const partial = Buffer.concat(received)
        .toString("utf8")
        .replace(/\0[\s\S]*$/, "")
        .trim();
      if (partial) {
        settle(() => resolve(partial));
        return;
      }
      const cause = problem ? ` (${problem.code ?? problem.message})` : "";
      settle(() =>
        reject(
          connected
            ? new HungUp(`closed the connection without an answer${cause}`)
            : new ClamdFailure("unreachable", `clamd at ${settings.url} could not be reached${cause}`),
        ),
      );
    });
  });
}
