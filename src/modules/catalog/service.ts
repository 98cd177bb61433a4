import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import type { FieldIssue } from "../applicants/errors.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { levelOf } from "../regions/codes.ts";
import type { DraftContent, ItemContent } from "./content.ts";
import { type Change, diffContent } from "./diff.ts";
import { catalogErrors } from "./errors.ts";
import { countOpenCases } from "./guards.ts";
import { itemOr404, mayChange, type Origin, refuse, staffId } from "./internal.ts";
import { contradictions } from "./offerings.ts";
import * as offeringStore from "./offerings-store.ts";
import { reindexItem } from "./search-index.ts";
import * as store from "./store.ts";
import { draftProblems, ITEM_CODE, publishProblems } from "./validate.ts";

export { type Applicable, applicableOffering, itemOfOffering, versionContent } from "./applying.ts";
export type { ItemContent, ItemForm, Material, Text } from "./content.ts";
export type { Change } from "./diff.ts";
export { formValidator } from "./form-schema.ts";
export { type ImportedItem, importItems } from "./import.ts";
export type { Origin } from "./internal.ts";
export {
  createOffering,
  getOffering,
  listOfferings,
  type OfferingInput,
  offeringsNear,
  serviceById,
  servicesInScope,
  updateOffering,
} from "./offerings.ts";
export type { OfferingRecord, OfferingWithItem } from "./offerings-store.ts";
export type { ItemRecord, ItemSummary, VersionRecord } from "./store.ts";
export { itemsNamed } from "./store.ts";
export type { VersionStatus } from "./tables.ts";

/** An item as its managers see it: the version the public reads, the draft, and the history. */
export interface ItemDetail {
  item: store.ItemRecord;
  current: store.VersionRecord | null;
  draft: store.VersionRecord | null;
  versions: {
    version: number;
    status: store.VersionRecord["status"];
    publishedAt: Date | null;
    updatedAt: Date;
  }[];
}

async function audit(
  tx: Executor,
  actor: Actor,
  action: string,
  item: store.ItemRecord,
  origin: Origin,
  details: Record<string, unknown>,
) {
  await recordAudit(tx, {
    ...auditActor(actor),
    action,
    subjectKind: "catalog_item",
    subjectId: item.id,
    regionCode: item.ownerRegionCode,
    requestId: origin.requestId ?? null,
    details: { code: item.code, ...details },
  });
}

export async function getItem(db: Executor, actor: Actor, idOrCode: string): Promise<ItemDetail> {
  authorize(actor, "catalog.manage", "any");
  const item = await itemOr404(db, idOrCode);
  const versions = await store.listVersions(db, item.id);
  return {
    item,
    current: versions.find((v) => v.status === "published" || v.status === "retired") ?? null,
    draft: versions.find((v) => v.status === "draft") ?? null,
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      publishedAt: v.publishedAt,
      updatedAt: v.updatedAt,
    })),
  };
}

export async function listItems(
  db: Executor,
  actor: Actor,
  filter: Omit<store.ItemFilter, "ownerRegionCodes">,
): Promise<{ items: store.ItemSummary[]; total: number }> {
  authorize(actor, "catalog.manage", "any");
  return store.listItems(db, filter);
}

export interface NewItem {
  code: string;
  /** A province's code; the national catalogue is only imported. */
  ownerRegionCode: string;
  content: DraftContent;
}

/** Starts an item with its first draft. */
export async function createItem(
  db: Db,
  actor: Actor,
  input: NewItem,
  origin: Origin = {},
): Promise<ItemDetail> {
  mayChange(actor, can(actor, "catalog.manage", { ownerRegionCode: input.ownerRegionCode }));
  const issues: FieldIssue[] = [];
  if (!ITEM_CODE.test(input.code)) issues.push({ field: "/code", key: "catalog.problem.code" });
  if (levelOf(input.ownerRegionCode) !== 1)
    issues.push({ field: "/ownerRegionCode", key: "catalog.problem.invalid" });
  refuse([...issues, ...draftProblems(input.content)]);
  const item = await db.transaction().execute(async (tx) => {
    const id = await store.insertItem(tx, {
      code: input.code,
      ownerRegionCode: input.ownerRegionCode,
      createdBy: staffId(actor),
    });
    if (!id) throw catalogErrors.itemExists(input.code);
    await store.insertVersion(tx, {
      itemId: id,
      version: 1,
      content: input.content,
      createdBy: staffId(actor),
    });
    const created = await itemOr404(tx, id);
    await audit(tx, actor, "catalog.item_create", created, origin, { version: 1 });
    return created;
  });
  return getItem(db, actor, item.id);
}

/**
 * Saves the draft: the one being written, or a new one begun from the content given (usually the
 * published version edited). Published versions never change: cases under way keep the version they
 * began with.
 */
export async function saveDraft(
  db: Db,
  actor: Actor,
  idOrCode: string,
  content: DraftContent,
  origin: Origin = {},
  now = new Date(),
): Promise<ItemDetail> {
  const item = await itemOr404(db, idOrCode);
  mayChange(actor, can(actor, "catalog.manage", { ownerRegionCode: item.ownerRegionCode }));
  refuse(draftProblems(content));
  await db.transaction().execute(async (tx) => {
    await store.lockItem(tx, item.id);
    if ((await store.currentVersion(tx, item.id))?.status === "retired") throw catalogErrors.retired();
    const draft = await store.draftVersion(tx, item.id);
    const version = draft?.version ?? (await store.latestVersionNumber(tx, item.id)) + 1;
    if (draft) await store.updateDraft(tx, item.id, content, now);
    else await store.insertVersion(tx, { itemId: item.id, version, content, createdBy: staffId(actor) });
    await audit(tx, actor, "catalog.draft_save", item, origin, { version });
  });
  return getItem(db, actor, item.id);
}

/**
 * Publishes the draft: from now on new applications and the public guide use it; the version it
 * replaces is kept (superseded) for the cases that began on it.
 */
export async function publishDraft(
  db: Db,
  actor: Actor,
  idOrCode: string,
  origin: Origin = {},
  now = new Date(),
): Promise<ItemDetail> {
  const item = await itemOr404(db, idOrCode);
  mayChange(actor, can(actor, "catalog.manage", { ownerRegionCode: item.ownerRegionCode }));
  await db.transaction().execute(async (tx) => {
    await store.lockItem(tx, item.id);
    const current = await store.currentVersion(tx, item.id);
    if (current?.status === "retired") throw catalogErrors.retired();
    const draft = await store.draftVersion(tx, item.id);
    if (!draft) throw catalogErrors.noDraft();
    refuse(publishProblems(draft.content));
    const content = draft.content as ItemContent;
    const clashes = contradictions(
      content,
      await offeringStore.listOfferings(tx, item.id, { activeOnly: true }),
    );
    if (clashes.length > 0) throw catalogErrors.offeringContradicts(clashes.join("; "));
    if (current) await store.setStatus(tx, item.id, current.version, "superseded", { at: now });
    await store.setStatus(tx, item.id, draft.version, "published", { by: staffId(actor), at: now });
    await reindexItem(tx, item.id);
    await audit(tx, actor, "catalog.publish", item, origin, {
      version: draft.version,
      replaced: current?.version ?? null,
    });
  });
  return getItem(db, actor, item.id);
}

/** Withdraws an item from the catalogue; refused while any case on it is still open. */
export async function retireItem(
  db: Db,
  actor: Actor,
  idOrCode: string,
  reason: string,
  origin: Origin = {},
  now = new Date(),
): Promise<ItemDetail> {
  const item = await itemOr404(db, idOrCode);
  mayChange(actor, can(actor, "catalog.manage", { ownerRegionCode: item.ownerRegionCode }));
  refuse(reason.trim() === "" ? [{ field: "/reason", key: "catalog.problem.required" }] : []);
  await db.transaction().execute(async (tx) => {
    await store.lockItem(tx, item.id);
    const current = await store.currentVersion(tx, item.id);
    if (current?.status === "retired") throw catalogErrors.retired();
    if (!current) throw catalogErrors.notPublished();
    const open = await countOpenCases(tx, item.id);
    if (open > 0) throw catalogErrors.openCases(open);
    await store.setStatus(tx, item.id, current.version, "retired", { at: now });
    await reindexItem(tx, item.id);
    await audit(tx, actor, "catalog.retire", item, origin, {
      version: current.version,
      reason: reason.trim(),
    });
  });
  return getItem(db, actor, item.id);
}

/** One version; drafts only for catalogue managers. */
export async function getVersion(
  db: Executor,
  actor: Actor,
  idOrCode: string,
  version: number,
): Promise<{ item: store.ItemRecord; version: store.VersionRecord }> {
  authorize(actor, "catalog.read");
  const item = await itemOr404(db, idOrCode);
  const found = await store.findVersion(db, item.id, version);
  if (!found) throw errors.notFound("version");
  if (found.status === "draft") authorize(actor, "catalog.manage", { ownerRegionCode: item.ownerRegionCode });
  return { item, version: found };
}

/** What changed from one version to another, field by field. */
export async function compareVersions(
  db: Executor,
  actor: Actor,
  idOrCode: string,
  from: number,
  to: number,
): Promise<Change[]> {
  const [a, b] = await Promise.all([
    getVersion(db, actor, idOrCode, from),
    getVersion(db, actor, idOrCode, to),
  ]);
  return diffContent(a.version.content, b.version.content);
}

/** The guide the public reads: the published version (or the retired one, which says so). */
export async function publicItem(
  db: Executor,
  idOrCode: string,
): Promise<{ item: store.ItemRecord; version: store.VersionRecord & { content: ItemContent } }> {
  const item = await itemOr404(db, idOrCode);
  const version = await store.currentVersion(db, item.id);
  if (!version) throw errors.notFound("item");
  return { item, version: version as store.VersionRecord & { content: ItemContent } };
}

/**
 * An item's versions the public may read, newest first: published, superseded and retired — never a
 * draft, which is its managers' alone (an outside system must not learn that one is being written).
 */
export async function publicVersions(
  db: Executor,
  itemId: string,
): Promise<{ version: number; status: store.VersionRecord["status"]; content: ItemContent }[]> {
  const versions = await store.listVersions(db, itemId);
  return versions
    .filter((v) => v.status !== "draft")
    .map((v) => ({ version: v.version, status: v.status, content: v.content as ItemContent }));
}
