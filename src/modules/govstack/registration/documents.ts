import type { Config } from "../../../platform/config.ts";
import type { Db, Executor } from "../../../platform/db/database.ts";
import { errors } from "../../../platform/errors.ts";
import { isUuid } from "../../../platform/ids.ts";
import type { Actor } from "../../../platform/policy.ts";
import { type StoredMaterial, storeUpload } from "../../applications/service.ts";
import type { Material } from "../../catalog/service.ts";
import * as store from "./store.ts";

/**
 * Documents (docs/govstack-design.md, section 6.6): a file uploaded before the application that names
 * it in `documentUrls`. It passes the gate every upload passes (type by content, clamd, metadata
 * stripped, sealed store) and waits, the client's own, until a submission takes it for one material.
 * The server fetches nothing from the addresses it is given: other urls are kept and echoed, never read.
 */

/** The default limit per material (`uploadLimitOf`): the item is not known yet at upload. */
export const DOCUMENT_LIMIT = 10 * 1024 * 1024;
/** Unused documents are deleted after this (the job `govstack.documents-expire`). */
export const DOCUMENT_DAYS = 7;

export const documentUrl = (baseUrl: string, id: string) =>
  `${baseUrl}/govstack/registration/documents/${id}`;

/** The document id a url names: `…/documents/<uuid>` (ours or another host's spelling of it) or a bare uuid. */
export function documentIdOf(url: string): string | undefined {
  const last = /(?:^|\/documents\/)([0-9a-fA-F-]{36})\/?$/.exec(url.trim())?.[1];
  return last !== undefined && isUuid(last) ? last.toLowerCase() : undefined;
}

export interface Uploaded {
  id: string;
  url: string;
  mediaType: string;
}

/** Checks, scans and stores an upload, and keeps it for the client's next application. */
export async function uploadDocument(
  db: Db,
  config: Pick<Config, "baseUrl" | "dataDir" | "clamd" | "personalDataKey">,
  client: Actor,
  upload: { bytes: Uint8Array; filename: string | undefined; materialHint: string | undefined },
): Promise<Uploaded> {
  if (client.kind !== "client") throw errors.forbidden();
  const stored = await storeUpload(db, config, client, upload, DOCUMENT_LIMIT);
  const row = await store.insertDocument(db, {
    api_client_id: client.id,
    file_sha256: stored.sha256,
    file_name: stored.name,
    media_type: stored.mediaType as store.DocumentRow["media_type"],
    size: stored.size,
    active_content: stored.activeContent,
    material_hint: upload.materialHint?.trim().slice(0, 200) || null,
  });
  return { id: row.id, url: documentUrl(config.baseUrl, row.id), mediaType: row.media_type };
}

/** The material key a document's `additionalMetadata` names: the key itself, or `material=<key>`. */
function hintedKey(hint: string | null, keys: ReadonlySet<string>): string | undefined {
  if (!hint) return undefined;
  const named = /(?:^|[;&,\s])material\s*[=:]\s*([a-z][a-z0-9_]{0,39})/.exec(hint)?.[1] ?? hint.trim();
  return keys.has(named) ? named : undefined;
}

export interface ResolvedDocuments {
  stored: StoredMaterial[];
  /** The ids of the documents taken: marked used in the case's transaction. */
  used: string[];
  /** Urls that name none of this client's waiting documents: kept and echoed, never fetched. */
  kept: string[];
}

/**
 * The documents `documentUrls` names, each given to a material: the one its upload named, else the
 * one material still uncovered; when that cannot be told, 400 listing the materials to name. A
 * `retry` (a submission with an Idempotency-Key) also takes documents already used, so that a replay is
 * the same request; a new case cannot take them (`markUsed` refuses).
 */
export async function resolveDocuments(
  db: Executor,
  client: Actor,
  urls: readonly string[],
  materials: readonly Material[],
  options: { retry?: boolean } = {},
): Promise<ResolvedDocuments> {
  if (client.kind !== "client") throw errors.forbidden();
  const ids = [...new Set(urls.map(documentIdOf).filter((id): id is string => id !== undefined))];
  const waiting = new Map(
    (await store.documentsOf(db, client.id, ids))
      // A retry with an Idempotency-Key names the documents its first attempt took: the same request.
      .filter((d) => d.used_by_case === null || options.retry === true)
      .map((d) => [d.id, d]),
  );
  const kept = urls.filter((url) => {
    const id = documentIdOf(url);
    return id === undefined || !waiting.has(id);
  });
  const uploadable = materials.filter((m) => !m.satisfiedBy?.form);
  const keys = new Set(uploadable.map((m) => m.key));
  const assigned = new Map<string, store.DocumentRow>();
  const unhinted: store.DocumentRow[] = [];
  const problems: { field: string; message: string }[] = [];
  for (const document of waiting.values()) {
    const key = hintedKey(document.material_hint, keys);
    if (key === undefined) unhinted.push(document);
    else if (assigned.has(key)) {
      problems.push({ field: "/documentUrls", message: `names two documents for the material "${key}"` });
    } else assigned.set(key, document);
  }
  const uncovered = uploadable.filter((m) => !assigned.has(m.key));
  if (unhinted.length === 1 && uncovered.length === 1) {
    assigned.set((uncovered[0] as Material).key, unhinted[0] as store.DocumentRow);
  } else if (unhinted.length > 0) {
    problems.push({
      field: "/documentUrls",
      message: `cannot tell which material a document is: upload it with additionalMetadata=<material key>, one of ${[...keys].join(", ")}`,
    });
  }
  if (problems.length > 0) throw errors.validation(problems);
  return {
    stored: [...assigned].map(([key, d]) => ({
      key,
      sha256: d.file_sha256,
      name: d.file_name,
      mediaType: d.media_type,
      size: d.size,
      activeContent: d.active_content,
    })),
    used: [...assigned.values()].map((d) => d.id),
    kept,
  };
}

/** Deletes the documents no application took within DOCUMENT_DAYS. */
export async function expireDocuments(db: Executor, now = new Date()): Promise<number> {
  return store.deleteUnused(db, new Date(now.getTime() - DOCUMENT_DAYS * 86_400_000));
}
