import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { type FieldIssue, FieldsError } from "../applicants/errors.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { getDepartment } from "../departments/service.ts";
import { ancestorCodes, isRegionCode, levelOf } from "../regions/codes.ts";
import { getRegion } from "../regions/service.ts";
import { type DraftContent, type ItemContent, LEVELS } from "./content.ts";
import { type Change, diffContent } from "./diff.ts";
import { catalogErrors } from "./errors.ts";
import { countOpenCases } from "./guards.ts";
import { reindexItem } from "./search-index.ts";
import * as store from "./store.ts";
import { draftProblems, ITEM_CODE, publishProblems } from "./validate.ts";

export type { Change } from "./diff.ts";
export type { ItemRecord, ItemSummary, OfferingRecord, VersionRecord } from "./store.ts";

export interface Origin {
  requestId?: string;
}

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

const staffId = (actor: Actor) => (actor.kind === "staff" ? actor.id : null);

/**
 * The catalogue is public, so an item or offering someone may not change is no secret: they are told
 * no (403), not that it does not exist.
 */
function mayChange(actor: Actor, allowed: boolean): void {
  if (allowed) return;
  throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.forbidden();
}

async function itemOr404(db: Executor, idOrCode: string): Promise<store.ItemRecord> {
  const item = await store.findItem(db, idOrCode);
  if (!item) throw errors.notFound("item");
  return item;
}

function refuse(issues: FieldIssue[]): void {
  if (issues.length > 0) throw new FieldsError(issues);
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
    if (await store.findItem(tx, input.code)) throw catalogErrors.itemExists(input.code);
    const id = await store.insertItem(tx, {
      code: input.code,
      ownerRegionCode: input.ownerRegionCode,
      createdBy: staffId(actor),
    });
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

/** Offerings that the new version would contradict: a promise beyond its statute, a fee it fixes. */
function contradictions(content: ItemContent, offerings: store.OfferingRecord[]): string[] {
  return offerings.flatMap((o) => [
    ...(o.promisedDays !== null && o.promisedDays > content.statutoryDays
      ? [
          `${o.regionName} ${o.departmentName} promises ${o.promisedDays} working days, beyond the statutory ${content.statutoryDays}`,
        ]
      : []),
    ...(o.feeFen !== null && !content.fee.varies
      ? [`${o.regionName} ${o.departmentName} sets its own fee, which the version fixes`]
      : []),
  ]);
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
    const clashes = contradictions(content, await store.listOfferings(tx, item.id, { activeOnly: true }));
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

// Offerings ------------------------------------------------------------------------------------------

export interface OfferingInput {
  regionCode: string;
  departmentId: string;
  promisedDays?: number | null;
  feeFen?: number | null;
  hallName?: string | null;
  hallAddress?: string | null;
  hours?: string | null;
  phone?: string | null;
}

const LEVEL_OF = Object.fromEntries(LEVELS.map((name, i) => [i + 1, name])) as Record<
  number,
  (typeof LEVELS)[number]
>;
const clean = (text: string | null | undefined) => (text?.trim() ? text.trim() : null);

/** An offering may differ from its item only where the item allows; each difference beyond is a field's problem. */
async function checkOffering(
  db: Executor,
  actor: Actor,
  item: store.ItemRecord,
  content: ItemContent,
  input: OfferingInput,
): Promise<store.OfferingValues> {
  const issues: FieldIssue[] = [];
  if (!isRegionCode(input.regionCode)) issues.push({ field: "/regionCode", key: "catalog.problem.invalid" });
  else {
    await getRegion(db, actor, input.regionCode).catch(() =>
      issues.push({ field: "/regionCode", key: "catalog.problem.invalid" }),
    );
    if (item.ownerRegionCode && !input.regionCode.startsWith(item.ownerRegionCode))
      issues.push({ field: "/regionCode", key: "catalog.problem.outsideOwner" });
    const level = LEVEL_OF[levelOf(input.regionCode) ?? 0];
    if (level && !content.levels.includes(level))
      issues.push({ field: "/regionCode", key: "catalog.problem.levelNotAllowed" });
  }
  const department = await getDepartment(db, input.departmentId).catch(() => undefined);
  if (!department || !input.regionCode.startsWith(department.regionCode) || department.regionCode.length < 6)
    issues.push({ field: "/departmentId", key: "catalog.problem.unknownDepartment" });
  else if (department.line !== content.line && department.line !== "government_service")
    issues.push({ field: "/departmentId", key: "catalog.problem.wrongLine" });
  const promisedDays = input.promisedDays ?? null;
  if (promisedDays !== null && promisedDays > content.statutoryDays)
    issues.push({
      field: "/promisedDays",
      key: "catalog.problem.promiseOverStatute",
      params: { promised: promisedDays, statutory: content.statutoryDays },
    });
  const feeFen = input.feeFen ?? null;
  if (feeFen !== null && !content.fee.varies)
    issues.push({ field: "/feeFen", key: "catalog.problem.feeFixed" });
  refuse(issues);
  return {
    promisedDays,
    feeFen,
    hallName: clean(input.hallName),
    hallAddress: clean(input.hallAddress),
    hours: clean(input.hours),
    phone: clean(input.phone),
  };
}

async function publishedContent(db: Executor, itemId: string): Promise<ItemContent> {
  const current = await store.currentVersion(db, itemId);
  if (current?.status === "retired") throw catalogErrors.retired();
  if (!current) throw catalogErrors.notPublished();
  return current.content as ItemContent;
}

export async function createOffering(
  db: Db,
  actor: Actor,
  idOrCode: string,
  input: OfferingInput,
  origin: Origin = {},
): Promise<store.OfferingRecord> {
  mayChange(actor, can(actor, "offering.manage", { regionCode: input.regionCode }));
  const item = await itemOr404(db, idOrCode);
  return db.transaction().execute(async (tx) => {
    await store.lockItem(tx, item.id);
    const values = await checkOffering(tx, actor, item, await publishedContent(tx, item.id), input);
    const id = await store.insertOffering(tx, {
      ...values,
      itemId: item.id,
      regionCode: input.regionCode,
      departmentId: input.departmentId,
      createdBy: staffId(actor),
    });
    if (!id) throw catalogErrors.offeringExists();
    await auditOffering(tx, actor, "catalog.offering_create", item, id, input.regionCode, origin, {
      ...values,
    });
    return (await store.findOffering(tx, id)) as store.OfferingRecord;
  });
}

async function auditOffering(
  tx: Executor,
  actor: Actor,
  action: string,
  item: store.ItemRecord,
  offeringId: string,
  regionCode: string,
  origin: Origin,
  details: Record<string, unknown>,
) {
  await recordAudit(tx, {
    ...auditActor(actor),
    action,
    subjectKind: "catalog_offering",
    subjectId: offeringId,
    regionCode,
    requestId: origin.requestId ?? null,
    details: { code: item.code, ...details },
  });
}

async function offeringOr404(db: Executor, actor: Actor, id: string): Promise<store.OfferingRecord> {
  const offering = /^[0-9a-f-]{36}$/i.test(id) ? await store.findOffering(db, id) : undefined;
  if (!offering) throw errors.notFound("offering");
  mayChange(actor, can(actor, "offering.manage", { regionCode: offering.regionCode }));
  return offering;
}

/** Changes the local details of an offering, or withdraws it (and brings it back). */
export async function updateOffering(
  db: Db,
  actor: Actor,
  id: string,
  input: Omit<OfferingInput, "regionCode" | "departmentId"> & { status?: "active" | "withdrawn" },
  origin: Origin = {},
  now = new Date(),
): Promise<store.OfferingRecord> {
  const offering = await offeringOr404(db, actor, id);
  return db.transaction().execute(async (tx) => {
    const item = await itemOr404(tx, offering.itemId);
    await store.lockItem(tx, item.id);
    // A field left out keeps its value; null puts it back to the item's.
    const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    const values = await checkOffering(tx, actor, item, await publishedContent(tx, item.id), {
      ...offering,
      ...given,
      regionCode: offering.regionCode,
      departmentId: offering.departmentId,
    });
    const status = input.status ?? offering.status;
    await store.updateOffering(tx, offering.id, { ...values, status }, now);
    await auditOffering(
      tx,
      actor,
      "catalog.offering_update",
      item,
      offering.id,
      offering.regionCode,
      origin,
      {
        ...values,
        status,
      },
    );
    return (await store.findOffering(tx, offering.id)) as store.OfferingRecord;
  });
}

/** Every offering of an item (managers), active or not. */
export async function listOfferings(
  db: Executor,
  actor: Actor,
  idOrCode: string,
): Promise<store.OfferingRecord[]> {
  authorize(actor, "offering.manage", "any");
  const item = await itemOr404(db, idOrCode);
  return store.listOfferings(db, item.id);
}

/**
 * Where someone living in `regionCode` can apply for the item: the active offerings of that place
 * and of every region above it, nearest first. Without a region, every active offering.
 */
export async function offeringsNear(
  db: Executor,
  idOrCode: string,
  regionCode?: string,
): Promise<store.OfferingRecord[]> {
  const item = await itemOr404(db, idOrCode);
  const regionCodes =
    regionCode && isRegionCode(regionCode) ? [...ancestorCodes(regionCode), regionCode] : undefined;
  if (regionCode && !regionCodes) throw errors.notFound("region");
  return store.listOfferings(db, item.id, { activeOnly: true, ...(regionCodes ? { regionCodes } : {}) });
}

// Import (demo, national catalogue, benchmarks) ----------------------------------------------------

export interface ImportedItem {
  code: string;
  ownerRegionCode: string | null;
  content: ItemContent;
  offerings?: (OfferingInput & { departmentId: string })[];
}

/**
 * Loads complete items as published versions, with their offerings, as the system. Safe to run again:
 * an item whose published content is the same is left alone; a changed one gets a new version.
 * Throws on the first item that would not publish, naming it.
 */
export async function importItems(
  db: Db,
  items: ImportedItem[],
  now = new Date(),
): Promise<{ created: number; updated: number; unchanged: number }> {
  const result = { created: 0, updated: 0, unchanged: 0 };
  for (const imported of items) {
    const problems = publishProblems(imported.content);
    if (problems.length > 0)
      throw new Error(
        `Item ${imported.code} cannot be published: ${problems.map((p) => `${p.field} ${p.key}`).join(", ")}`,
      );
    await db.transaction().execute(async (tx) => {
      const existing = await store.findItem(tx, imported.code);
      const id =
        existing?.id ??
        (await store.insertItem(tx, {
          code: imported.code,
          ownerRegionCode: imported.ownerRegionCode,
          createdBy: null,
        }));
      const current = existing ? await store.currentVersion(tx, id) : undefined;
      if (existing && (await store.draftVersion(tx, id)))
        throw new Error(
          `Item ${imported.code} has a draft being written: publish or discard it before importing`,
        );
      // jsonb keeps keys in its own order: compare as documents, not as text.
      const content = JSON.parse(JSON.stringify(imported.content)) as ItemContent;
      if (current && diffContent(current.content, content).length === 0) {
        result.unchanged += 1;
      } else {
        const version = (await store.latestVersionNumber(tx, id)) + 1;
        await store.insertVersion(tx, { itemId: id, version, content, createdBy: null });
        if (current) await store.setStatus(tx, id, current.version, "superseded", { at: now });
        await store.setStatus(tx, id, version, "published", { at: now });
        await reindexItem(tx, id);
        result[existing ? "updated" : "created"] += 1;
      }
      for (const o of imported.offerings ?? []) {
        await store.insertOffering(tx, {
          itemId: id,
          regionCode: o.regionCode,
          departmentId: o.departmentId,
          createdBy: null,
          promisedDays: o.promisedDays ?? null,
          feeFen: o.feeFen ?? null,
          hallName: clean(o.hallName),
          hallAddress: clean(o.hallAddress),
          hours: clean(o.hours),
          phone: clean(o.phone),
        });
      }
    });
  }
  return result;
}
