/**
 * For tests: a real SMTP server on 127.0.0.1 that keeps every message it receives, decoded enough to
 * read (headers, subject, text and HTML parts), a real HTTP SMS gateway, and a poll with a deadline.
 * Imported by tests only.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  /** The envelope: MAIL FROM and RCPT TO. */
  envelopeFrom: string;
  envelopeTo: string[];
  /** Header values by lower-case name, unfolded and with encoded words decoded. */
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string | undefined;
}

export interface MailSink {
  url: string;
  port: number;
  received: ReceivedMail[];
  stop(): Promise<void>;
}

/** `refuse`: recipients the server rejects for good (550), as for a mailbox that does not exist. */
export async function startMailSink(
  options: { refuse?: (address: string) => boolean } = {},
): Promise<MailSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!options.refuse?.(address.address)) return callback();
      callback(Object.assign(new Error("5.1.1 No such mailbox here"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        try {
          const { mailFrom, rcptTo } = session.envelope;
          received.push({
            envelopeFrom: mailFrom ? mailFrom.address : "",
            envelopeTo: rcptTo.map((r) => r.address),
            ...parseMail(Buffer.concat(chunks).toString("latin1")),
          });
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface GatewayRequest {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** How the gateway answers one request: a status and JSON, or no answer at all ("hang"). */
export type GatewayAnswer = { status: number; json?: unknown } | "hang";

export interface SmsGateway {
  url: string;
  received: GatewayRequest[];
  stop(): Promise<void>;
}

/**
 * An SMS gateway speaking Tongban's contract (docs/operations.md) on 127.0.0.1: it keeps every request
 * and answers as `answer` says, given the request and how many came before it for the same `to`.
 */
export async function startSmsGateway(
  answer: (request: GatewayRequest, earlier: number) => GatewayAnswer,
): Promise<SmsGateway> {
  const received: GatewayRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
      const earlier = received.filter((r) => r.body.to === request.body.to).length;
      received.push(request);
      const reply = answer(request, earlier);
      if (reply === "hang") return;
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify(reply.json ?? {}));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms/send`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls until `check` gives something truthy, or throws with `what` after the deadline. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T> | T,
  { timeoutMs = 20_000, intervalMs = 100 } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// The raw message is read as latin1, so each char is one byte until a part is decoded as UTF-8.
function parseMail(raw: string): Omit<ReceivedMail, "envelopeFrom" | "envelopeTo"> {
  const { headers, body } = splitHeaders(raw);
  const parts = leafParts(headers, body);
  return {
    headers,
    subject: headers.subject ?? "",
    text: parts.find((p) => p.type === "text/plain")?.content ?? "",
    html: parts.find((p) => p.type === "text/html")?.content,
  };
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const end = raw.indexOf("\r\n\r\n");
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? "" : raw.slice(end + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function leafParts(headers: Record<string, string>, body: string): { type: string; content: string }[] {
  const contentType = headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith("multipart/") && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((section) => !section.startsWith("--"))
      .flatMap((section) => {
        const part = splitHeaders(section.replace(/^\r\n/, ""));
        return leafParts(part.headers, part.body);
      });
  }
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const bytes =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64")
      : encoding === "quoted-printable"
        ? quotedPrintable(body.replace(/=\r\n/g, ""))
        : Buffer.from(body, "latin1");
  return [{ type, content: bytes.toString("utf8").replace(/\r\n/g, "\n") }];
}

function quotedPrintable(text: string): Buffer {
  return Buffer.from(
    text.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  );
}

/** RFC 2047 words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=); adjacent words join before decoding as UTF-8. */
function decodeWords(value: string): string {
  const joined = value.replace(/\?=\s+=\?/g, "?==?");
  let out = "";
  let pending: Buffer[] = [];
  let last = 0;
  const flush = () => {
    out += Buffer.concat(pending).toString("utf8");
    pending = [];
  };
  for (const match of joined.matchAll(/=\?[^?]+\?([bBqQ])\?([^?]*)\?=/g)) {
    if (match.index > last) {
      flush();
      out += Buffer.from(joined.slice(last, match.index), "latin1").toString("utf8");
    }
    const [, kind = "", data = ""] = match;
    pending.push(
      kind.toLowerCase() === "b" ? Buffer.from(data, "base64") : quotedPrintable(data.replace(/_/g, " ")),
    );
    last = match.index + match[0].length;
  }
  flush();
  return out + Buffer.from(joined.slice(last), "latin1").toString("utf8");
}
