import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { displayName } from "../../platform/files/check.ts";
import { admitUpload } from "../../platform/files/scan.ts";
import { fileStoreFor, getFile, recordFile } from "../../platform/files/store.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import {
  ALLOWED,
  auditConsultation,
  getConsultation,
  getManaged,
  minimumDays,
  phaseOf,
  staffId,
} from "./consultations.ts";
import { consultationErrors } from "./errors.ts";
import * as extras from "./settings-store.ts";

type Origin = { requestId?: string | undefined };

/** The biggest attachment: a long draft with tables as PDF. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** The shortest open period in force for a region (its own, its nearest ancestor's, or the default). */
export async function readMinimum(db: Executor, regionCode: string) {
  return { regionCode, minimumOpenDays: await minimumDays(db, regionCode) };
}

/** Sets a region's shortest open period: an administrator over the region; audited. */
export async function setMinimum(
  db: Db,
  actor: Actor,
  regionCode: string,
  days: number,
  origin: Origin = {},
) {
  authorize(actor, "consultation.settings", { regionCode });
  if (actor.kind !== "staff") throw errors.forbidden();
  await db.transaction().execute(async (tx) => {
    await extras.saveMinimumDays(tx, regionCode, days, actor.id, new Date());
    await auditConsultation(tx, actor, "settings_update", { id: regionCode, regionCode }, origin, {
      minimumOpenDays: days,
    });
  });
}

/** Attaches a file (PDF or image, checked by its bytes) to a draft; published consultations keep theirs. */
export async function attach(
  db: Db,
  config: Pick<Config, "dataDir" | "clamd" | "personalDataKey">,
  actor: Actor,
  id: string,
  upload: { bytes: Uint8Array; filename: string | undefined },
  origin: Origin = {},
) {
  const c = await getManaged(db, actor, id);
  if (c.state !== "draft") throw consultationErrors.notDraft(ALLOWED[phaseOf(c, new Date())]);
  const checked = await admitUpload({ db, config }, actor, upload.bytes, { maxBytes: ATTACHMENT_MAX_BYTES });
  // A PDF that can run script is not published beside a draft the public downloads.
  if (checked.activeContent)
    throw errors.validation([
      {
        field: "/file",
        message: "The PDF carries active content (scripts or embedded files): export it again as plain PDF",
      },
    ]);
  const stored = await fileStoreFor(config).put(upload.bytes);
  const name = displayName(upload.filename, checked.extension);
  await db.transaction().execute(async (tx) => {
    await recordFile(tx, {
      sha256: stored.sha256,
      size: stored.size,
      mediaType: checked.mediaType,
      activeContent: false,
    });
    await extras.insertAttachment(tx, {
      consultationId: id,
      sha256: stored.sha256,
      name,
      addedBy: staffId(actor),
    });
    await auditConsultation(tx, actor, "attach", c, origin, { sha256: stored.sha256 });
  });
  return { sha256: stored.sha256, name, size: stored.size, mediaType: checked.mediaType };
}

export async function attachmentsOf(db: Executor, actor: Actor, id: string) {
  await getConsultation(db, actor, id);
  return extras.attachmentsOf(db, id);
}

/** One attachment's bytes, for whoever may see the consultation. */
export async function openAttachment(
  db: Executor,
  config: Pick<Config, "dataDir" | "personalDataKey">,
  actor: Actor,
  id: string,
  sha256: string,
) {
  const list = await attachmentsOf(db, actor, id);
  const found = list.find((a) => a.sha256 === sha256);
  if (!found) throw errors.notFound("attachment");
  const file = await getFile(db, sha256);
  return { ...found, mediaType: file.mediaType, stream: fileStoreFor(config).stream(sha256) };
}
