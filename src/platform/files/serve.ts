import type { Readable } from "node:stream";
import type { FastifyReply } from "fastify";
import { UPLOAD_TYPES } from "./check.ts";

/**
 * Sending a stored file back without letting it act on our origin.
 *
 * An uploaded file is the applicant's content, served from the platform's own address to clerks who are
 * signed in. Shown inline, a PDF with script or an image a browser could be talked into reading as HTML
 * would run with their session. So every stored file goes out the same way, whatever it is:
 * - `Content-Disposition: attachment`: saved or opened by the viewer, never rendered as a page of ours;
 * - `X-Content-Type-Options: nosniff`: the declared type is the only one a browser may assume;
 * - `Content-Security-Policy: sandbox; default-src 'none'`: opened anyway, it is a unique origin that can
 *   load and run nothing;
 * - `Cache-Control: private, no-store`: personal documents stay out of shared and disk caches.
 * The name travels as RFC 6266 / RFC 5987 `filename*=UTF-8''…` (Chinese intact) with an ASCII `filename`
 * for the few clients that know nothing else.
 */
export type StoredFileContent = { bytes: Uint8Array; stream?: never } | { stream: Readable; bytes?: never };

export type StoredFileResponse = StoredFileContent & {
  mediaType: string;
  /** A name from `displayName` (check.ts); it is encoded again here anyway. */
  displayName: string;
  size: number;
};

const KNOWN_TYPES = new Set<string>(Object.values(UPLOAD_TYPES).map((type) => type.mediaType));

export function sendStoredFile(reply: FastifyReply, file: StoredFileResponse): FastifyReply {
  reply
    // Only the three stored types are ever declared: anything else is plain bytes to a browser.
    .type(KNOWN_TYPES.has(file.mediaType) ? file.mediaType : "application/octet-stream")
    .header("content-disposition", contentDisposition(file.displayName))
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "sandbox; default-src 'none'; frame-ancestors 'none'")
    .header("cache-control", "private, no-store");
  if (file.bytes) {
    const { buffer, byteOffset, byteLength } = file.bytes;
    return reply.header("content-length", byteLength).send(Buffer.from(buffer, byteOffset, byteLength));
  }
  // A stream that fails before its first byte (the file is missing) is answered by the error handler;
  // Fastify has already put these headers on the response, and an error is no attachment.
  file.stream.once("error", () => {
    if (reply.raw.headersSent) return;
    reply.removeHeader("content-disposition");
    reply.raw.removeHeader("content-disposition");
  });
  return reply.header("content-length", file.size).send(file.stream);
}

/** `attachment; filename="…"; filename*=UTF-8''…`, whatever characters the name holds. */
export function contentDisposition(name: string): string {
  const clean = name.replace(/[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu, "") || "material";
  const ascii = clean.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(clean)}`;
}

/** Percent-encodes all but RFC 5987's attr-char (letters, digits and !#$&+-.^_`|~). */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
