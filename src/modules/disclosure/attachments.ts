import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { displayName } from "../../platform/files/check.ts";
import { admitUpload } from "../../platform/files/scan.ts";
import { fileStoreFor, recordFile } from "../../platform/files/store.ts";
import { stripMetadata } from "../../platform/files/strip.ts";
import type { Actor } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { disclosureErrors } from "./errors.ts";
import { type Origin, publicationForChange } from "./publications.ts";
import * as store from "./store.ts";

/** The largest attachment: a budget report with its tables fits, a scanned archive does not. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Attaching a file to a publication: its type is read from its content (PDF, JPEG, PNG — what the
 * file store keeps), images lose their metadata, and a PDF able to run script is refused, since a
 * public attachment is opened by strangers.
 */
export async function attach(
  db: Db,
  config: Pick<Config, "dataDir" | "clamd" | "personalDataKey">,
  actor: Actor,
  publicationId: string,
  upload: { bytes: Uint8Array; filename: string | undefined },
  origin: Origin = {},
) {
  const checked = await admitUpload({ db, config }, actor, upload.bytes, {
    maxBytes: ATTACHMENT_MAX_BYTES,
    allowed: ["pdf", "jpeg", "png"],
  });
  if (checked.activeContent) throw disclosureErrors.activeAttachment();
  const bytes = stripMetadata(upload.bytes, checked.type);
  return db.transaction().execute(async (tx) => {
    const p = await publicationForChange(tx, actor, publicationId);
    if (actor.kind !== "staff") throw errors.forbidden();
    const stored = await fileStoreFor(config).put(bytes);
    await recordFile(tx, {
      sha256: stored.sha256,
      size: stored.size,
      mediaType: checked.mediaType,
      activeContent: false,
    });
    const name = displayName(upload.filename, checked.extension);
    const id = await store.addAttachment(tx, {
      publication_id: p.id,
      file_sha256: stored.sha256,
      name,
      media_type: checked.mediaType,
      size: stored.size,
      added_by: actor.id,
    });
    await store.updatePublication(tx, p.id, { updated_at: new Date() });
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: "disclosure.attach",
      subjectKind: "disclosure_publication",
      subjectId: p.id,
      regionCode: p.region_code,
      requestId: origin.requestId ?? null,
      details: { attachmentId: id, name },
    });
    return { id, name, mediaType: checked.mediaType, size: stored.size };
  });
}
