import type { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { errors } from "../errors.ts";
import { fileErrors } from "./errors.ts";

/**
 * Receiving an uploaded file without trusting its size.
 *
 * multipart/form-data is parsed only where uploads are expected: `registerUploads` adds the parser to the
 * plugin scope it is given, so every other route keeps refusing multipart bodies (415) and keeps the
 * body limits of JSON and forms. Give it a scope of its own (`app.register(async (scope) => { await
 * registerUploads(scope); scope.post(…) })`).
 *
 * `readUpload` reads the file as it streams in and stops as soon as it has one byte more than allowed:
 * a 200 MB upload against a 10 MB limit costs 10 MB of memory, and the rest is never read into the
 * process. A form carries one file and a few short fields; anything more is refused before it is read.
 *
 * A page's form that posts a file must put its CSRF token in the query string (`?_csrf=…`) or a header:
 * the token check runs before the multipart body is parsed, so a token among the fields is not seen.
 */
export const UPLOAD_LIMITS = { fields: 10, fieldBytes: 1000 } as const;

export async function registerUploads(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, {
    throwFileSizeLimit: false,
    limits: {
      files: 1,
      fields: UPLOAD_LIMITS.fields,
      fieldSize: UPLOAD_LIMITS.fieldBytes,
      fieldNameSize: 100,
      parts: UPLOAD_LIMITS.fields + 1,
      headerPairs: 20,
    },
  });
}

export interface Upload {
  bytes: Buffer;
  /** As the sender gave it: for display through `displayName` only, never a path. */
  filename: string | undefined;
  fields: Record<string, string>;
}

export async function readUpload(request: FastifyRequest, options: { maxBytes: number }): Promise<Upload> {
  if (!request.isMultipart()) {
    throw errors.unsupportedMediaType(String(request.headers["content-type"] ?? "none"));
  }
  const fields: Record<string, string> = {};
  let upload: Pick<Upload, "bytes" | "filename"> | undefined;
  try {
    // Busboy's own limit is a byte past ours, so it never holds more than the caller could accept.
    for await (const part of request.parts({ limits: { fileSize: options.maxBytes + 1 } })) {
      if (part.type === "field") {
        if (part.valueTruncated || part.fieldnameTruncated) throw fileErrors.formRefused(UPLOAD_LIMITS);
        fields[part.fieldname] = typeof part.value === "string" ? part.value : JSON.stringify(part.value);
        continue;
      }
      const bytes = await readCapped(part.file, options.maxBytes);
      // A form sent with no file chosen still has the file part: no name and no content.
      if (bytes.length === 0 && !part.filename) continue;
      upload = { bytes, filename: part.filename || undefined };
    }
  } catch (error) {
    throw asUploadError(error);
  }
  if (!upload) throw fileErrors.missing();
  return { ...upload, fields };
}

/** The stream's bytes, or 413 the moment there are more than `maxBytes`. */
async function readCapped(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Leaving the loop destroys the stream; the request's remaining bytes are then never parsed.
    if (size > maxBytes) throw fileErrors.tooLarge(maxBytes);
    chunks.push(chunk);
  }
  if ((stream as Readable & { truncated?: boolean }).truncated) throw fileErrors.tooLarge(maxBytes);
  return Buffer.concat(chunks, size);
}

/** @fastify/multipart's errors, as the catalogue's. */
function asUploadError(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  switch (code) {
    case "FST_PARTS_LIMIT":
    case "FST_FILES_LIMIT":
    case "FST_FIELDS_LIMIT":
      return fileErrors.formRefused(UPLOAD_LIMITS);
    case "FST_PROTO_VIOLATION":
    case "FST_INVALID_JSON_FIELD_ERROR":
    case "FST_MP_PREMATURE_CLOSE":
      return errors.malformedBody((error as Error).message);
  }
  // Busboy's own complaints about the body's structure (a missing boundary, a part cut short).
  if (
    error instanceof Error &&
    !("status" in error) &&
    /multipart|boundary|terminated/i.test(error.message)
  ) {
    return errors.malformedBody(error.message);
  }
  return error;
}
