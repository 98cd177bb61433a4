import type { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { errors } from "../../../platform/errors.ts";
import { fileErrors } from "../../../platform/files/errors.ts";
import { govstackErrors } from "../errors.ts";
import { base64Bytes, param } from "../parse.ts";
import { DOCUMENT_LIMIT } from "./documents.ts";

/**
 * The file of `POST /documents`, however it comes (docs/govstack-design.md, sections 6.6 and 9.1): a
 * multipart file part, a multipart or form field `file` holding base64, or JSON `{"file": "<base64>"}`
 * — exactly one. `additionalMetadata` from the query or a field names the material it is for.
 */

/** Base64 of DOCUMENT_LIMIT bytes, with room for line breaks and a `data:` head. */
const BASE64_FIELD_BYTES = 14 * 1024 * 1024;

/** Multipart for this route alone, with limits of its own: `registerUploads`' short fields cannot carry base64. */
export async function registerDocumentParts(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, {
    throwFileSizeLimit: false,
    limits: {
      files: 1,
      fields: 5,
      fieldSize: BASE64_FIELD_BYTES,
      fieldNameSize: 100,
      parts: 6,
      headerPairs: 20,
    },
  });
}

export interface DocumentUpload {
  bytes: Buffer;
  filename: string | undefined;
  materialHint: string | undefined;
}

/** The one file of the base64 value(s) given: a second file is refused, not dropped. */
function oneBase64(value: unknown): Buffer {
  const values = Array.isArray(value) ? value : [value];
  if (values.length > 1) throw govstackErrors.documentInvalid("send exactly one file");
  return base64Bytes(values[0]);
}

export async function documentOf(request: FastifyRequest): Promise<DocumentUpload> {
  const queryHint = param(request.query, "additionalMetadata");
  if (request.isMultipart()) return fromParts(request, queryHint);
  const body = request.body;
  if (body === undefined || body === null || body === "") throw govstackErrors.bodyMissing();
  if (typeof body !== "object" || Array.isArray(body) || Buffer.isBuffer(body)) {
    throw errors.malformedBody("it must be a JSON object or a form with a file");
  }
  const fields = body as Record<string, unknown>;
  const file = fields.file ?? fields["file[]"];
  if (file === undefined || file === null || file === "") throw govstackErrors.bodyMissing();
  const hint = typeof fields.additionalMetadata === "string" ? fields.additionalMetadata : undefined;
  const filename = typeof fields.fileName === "string" ? fields.fileName : undefined;
  return { bytes: oneBase64(file), filename, materialHint: queryHint ?? hint };
}

async function fromParts(request: FastifyRequest, queryHint: string | undefined): Promise<DocumentUpload> {
  let upload: Pick<DocumentUpload, "bytes" | "filename"> | undefined;
  let hint: string | undefined;
  const one = (found: Pick<DocumentUpload, "bytes" | "filename">) => {
    if (upload) throw govstackErrors.documentInvalid("send exactly one file");
    upload = found;
  };
  try {
    for await (const part of request.parts({ limits: { fileSize: DOCUMENT_LIMIT + 1 } })) {
      if (part.type === "field") {
        const value = typeof part.value === "string" ? part.value : "";
        if (part.valueTruncated) throw fileErrors.tooLarge(DOCUMENT_LIMIT);
        if (part.fieldname === "additionalMetadata") hint = value;
        else if (part.fieldname === "file" || part.fieldname === "file[]")
          one({ bytes: base64Bytes(value), filename: undefined });
        continue;
      }
      const bytes = await readCapped(part.file);
      if (bytes.length === 0 && !part.filename) continue;
      one({ bytes, filename: part.filename || undefined });
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
      throw govstackErrors.documentInvalid("send exactly one file and at most a few fields");
    }
    if (
      code === "FST_PROTO_VIOLATION" ||
      (error instanceof Error && !("status" in error) && /multipart|boundary|terminated/i.test(error.message))
    ) {
      throw errors.malformedBody((error as Error).message);
    }
    throw error;
  }
  if (!upload) throw govstackErrors.bodyMissing();
  return { ...upload, materialHint: queryHint ?? hint };
}

async function readCapped(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DOCUMENT_LIMIT) throw fileErrors.tooLarge(DOCUMENT_LIMIT);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
