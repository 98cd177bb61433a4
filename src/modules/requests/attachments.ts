import type { Readable } from "node:stream";
import type { Config } from "../../platform/config.ts";
import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { UPLOAD_TYPES } from "../../platform/files/check.ts";
import { fileStoreFor, findFile } from "../../platform/files/store.ts";
import type { FileMediaType } from "../../platform/files/tables.ts";
import type { Actor } from "../../platform/policy.ts";
import { requestForStaff, requestOfRequester } from "./access.ts";
import type { RequestRow } from "./tables.ts";

/** An attachment as the request's pages list it: its place among the request's, its kind and size. */
export interface AttachmentFile {
  sha256: string;
  /** 1, 2, 3: the order the requester attached them in. */
  position: number;
  mediaType: FileMediaType;
  size: number;
  /** The name it is saved under: the request's number and its position, never the sender's name. */
  name: string;
}

const EXTENSION = Object.fromEntries(
  Object.values(UPLOAD_TYPES).map((type) => [type.mediaType, type.extension]),
) as Record<FileMediaType, string>;

export async function attachmentsOf(db: Executor, row: RequestRow): Promise<AttachmentFile[]> {
  const files = await Promise.all(row.attachments.map((sha256) => findFile(db, sha256)));
  return files.flatMap((file, i) =>
    file
      ? [
          {
            sha256: file.sha256,
            position: i + 1,
            mediaType: file.mediaType,
            size: file.size,
            name: `${row.number}-${i + 1}.${EXTENSION[file.mediaType]}`,
          },
        ]
      : [],
  );
}

export interface OpenedAttachment extends AttachmentFile {
  stream: Readable;
}

async function open(
  db: Executor,
  config: Pick<Config, "dataDir" | "personalDataKey">,
  row: RequestRow,
  sha256: string,
): Promise<OpenedAttachment> {
  // Only a file this request names: a hash of another's file is not found here, whoever asks.
  const file = (await attachmentsOf(db, row)).find((f) => f.sha256 === sha256);
  if (!file) throw errors.notFound("attachment");
  return { ...file, stream: fileStoreFor(config).stream(file.sha256) };
}

/** An attachment for the requester: signed in as who filed it, or holding its follow token; else 404. */
export async function requesterAttachment(
  db: Executor,
  config: Pick<Config, "dataDir" | "personalDataKey">,
  actor: Actor,
  number: string,
  sha256: string,
  token: string | undefined,
): Promise<OpenedAttachment> {
  const row = await requestOfRequester(db, actor, number, token);
  return open(db, config, row, sha256);
}

/** An attachment for the staff who may read the request (its dispatcher, its department, supervisors). */
export async function staffAttachment(
  db: Executor,
  config: Pick<Config, "dataDir" | "personalDataKey">,
  actor: Actor,
  number: string,
  sha256: string,
): Promise<OpenedAttachment> {
  const row = await requestForStaff(db, actor, number);
  return open(db, config, row, sha256);
}
