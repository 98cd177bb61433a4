import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { displayName } from "../../platform/files/check.ts";
import { fileErrors } from "../../platform/files/errors.ts";
import { admitUpload } from "../../platform/files/scan.ts";
import { fileStoreFor, recordFile } from "../../platform/files/store.ts";
import { stripMetadata } from "../../platform/files/strip.ts";
import type { Actor } from "../../platform/policy.ts";
import { uploadLimit } from "../cases/service.ts";
import { applicationErrors } from "./errors.ts";
import { assertEditable, contentOf, loadApplication } from "./service.ts";
import * as store from "./store.ts";
import type { StoredMaterial } from "./submit-client.ts";
import type { ApplicationMaterialRow, ApplicationRow } from "./tables.ts";

/**
 * Materials (申请材料), one file per material the item asks for, replaceable until submission (or
 * during a supplement). The type is read from the content, never the name; images lose their
 * metadata (EXIF location and the like) before they are kept; the name is kept for display only —
 * files are stored under their SHA-256, so no name ever becomes a path.
 */
export interface Upload {
  bytes: Uint8Array;
  filename: string | undefined;
}

/** Checks, scans, cleans and stores an upload; the row names it by content digest. */
export async function storeUpload(
  db: Db,
  config: Pick<Config, "dataDir" | "clamd" | "personalDataKey">,
  uploader: Actor,
  upload: Upload,
  maxBytes: number,
): Promise<{ sha256: string; name: string; mediaType: string; size: number; activeContent: boolean }> {
  const checked = await admitUpload({ db, config }, uploader, upload.bytes, {
    maxBytes,
    allowed: ["pdf", "jpeg", "png"],
  });
  const bytes = stripMetadata(upload.bytes, checked.type);
  const stored = await fileStoreFor(config).put(bytes);
  await recordFile(db, {
    sha256: stored.sha256,
    size: stored.size,
    mediaType: checked.mediaType,
    activeContent: checked.activeContent,
  });
  return {
    sha256: stored.sha256,
    name: displayName(upload.filename, checked.extension),
    mediaType: checked.mediaType,
    size: stored.size,
    activeContent: checked.activeContent,
  };
}

export async function putMaterial(
  db: Db,
  config: Pick<Config, "dataDir" | "clamd" | "personalDataKey">,
  actor: Actor,
  id: string,
  key: string,
  upload: Upload,
): Promise<ApplicationMaterialRow> {
  const row = await loadApplication(db, actor, id);
  await assertEditable(db, actor, row);
  await knownMaterial(db, row, key);
  const file = await storeUpload(db, config, actor, upload, await uploadLimit(db, row.item_id));
  return store.putMaterial(db, {
    province_code: row.province_code,
    application_id: row.id,
    material_key: key,
    file_sha256: file.sha256,
    file_name: file.name,
    media_type: file.mediaType,
    size: file.size,
    active_content: file.activeContent,
  });
}

/**
 * A file stored already (a system's uploaded document) put in place of a material: the same checks as an
 * upload's but the ones it passed when it was stored — the material must be the service's, and the file
 * within the service's limit.
 */
export async function putStoredMaterial(
  db: Db,
  actor: Actor,
  id: string,
  file: StoredMaterial,
): Promise<ApplicationMaterialRow> {
  const row = await loadApplication(db, actor, id);
  await assertEditable(db, actor, row);
  await knownMaterial(db, row, file.key);
  const limit = await uploadLimit(db, row.item_id);
  if (file.size > limit) throw fileErrors.tooLarge(limit);
  return store.putMaterial(db, {
    province_code: row.province_code,
    application_id: row.id,
    material_key: file.key,
    file_sha256: file.sha256,
    file_name: file.name,
    media_type: file.mediaType,
    size: file.size,
    active_content: file.activeContent,
  });
}

export async function removeMaterial(db: Db, actor: Actor, id: string, key: string): Promise<void> {
  const row = await loadApplication(db, actor, id);
  await assertEditable(db, actor, row);
  await knownMaterial(db, row, key);
  await store.deleteMaterial(db, row.province_code, row.id, key);
}

/** The stored file of one material of the actor's own application. */
export async function materialFile(
  db: Executor,
  actor: Actor,
  id: string,
  key: string,
): Promise<ApplicationMaterialRow> {
  const row = await loadApplication(db, actor, id);
  const found = (await store.materialsOf(db, row.province_code, row.id)).find((m) => m.material_key === key);
  if (!found) throw applicationErrors.unknownMaterial(key);
  return found;
}

async function knownMaterial(db: Executor, row: ApplicationRow, key: string): Promise<void> {
  const content = await contentOf(db, row);
  if (!content.materials.some((m) => m.key === key)) throw applicationErrors.unknownMaterial(key);
}
