import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import type { FieldIssue } from "../applicants/errors.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { getDepartment } from "../departments/service.ts";
import { ancestorCodes, isRegionCode, levelOf } from "../regions/codes.ts";
import { getRegion } from "../regions/service.ts";
import { type ItemContent, LEVELS } from "./content.ts";
import { catalogErrors } from "./errors.ts";
import { itemOr404, mayChange, type Origin, refuse, staffId } from "./internal.ts";
import * as offeringStore from "./offerings-store.ts";
import * as store from "./store.ts";

/**
 * Offerings (实施清单): an item as one region's department implements it, differing only where the
 * item allows — a promise within the statute, a fee where the item's varies, its hall and hours.
 */

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
): Promise<offeringStore.OfferingValues> {
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
  if (!department || !input.regionCode.startsWith(department.regionCode))
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
  return valuesAsGiven(input);
}

/** An offering's local details as given, blanks as none: what import and checked changes store. */
export function valuesAsGiven(input: OfferingInput): offeringStore.OfferingValues {
  return {
    promisedDays: input.promisedDays ?? null,
    feeFen: input.feeFen ?? null,
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
): Promise<offeringStore.OfferingRecord> {
  mayChange(actor, can(actor, "offering.manage", { regionCode: input.regionCode }));
  const item = await itemOr404(db, idOrCode);
  return db.transaction().execute(async (tx) => {
    await store.lockItem(tx, item.id);
    const values = await checkOffering(tx, actor, item, await publishedContent(tx, item.id), input);
    const id = await offeringStore.insertOffering(tx, {
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
    return (await offeringStore.findOffering(tx, id)) as offeringStore.OfferingRecord;
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

async function offeringOr404(db: Executor, actor: Actor, id: string): Promise<offeringStore.OfferingRecord> {
  const offering = /^[0-9a-f-]{36}$/i.test(id) ? await offeringStore.findOffering(db, id) : undefined;
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
): Promise<offeringStore.OfferingRecord> {
  const offering = await offeringOr404(db, actor, id);
  return db.transaction().execute(async (tx) => {
    const item = await itemOr404(tx, offering.itemId);
    await store.lockItem(tx, item.id);
    const status = input.status ?? offering.status;
    // A field left out keeps its value; null puts it back to the item's.
    const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    const merged = {
      ...offering,
      ...given,
      regionCode: offering.regionCode,
      departmentId: offering.departmentId,
    };
    // Withdrawing is always possible, even from a retired item or one whose rules have changed since;
    // what stays or comes back in force must agree with the item.
    const values =
      status === "withdrawn"
        ? valuesAsGiven(merged)
        : await checkOffering(tx, actor, item, await publishedContent(tx, item.id), merged);
    await offeringStore.updateOffering(tx, offering.id, { ...values, status }, now);
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
    return (await offeringStore.findOffering(tx, offering.id)) as offeringStore.OfferingRecord;
  });
}

/** One offering, for the managers of its region. */
export async function getOffering(
  db: Executor,
  actor: Actor,
  id: string,
): Promise<offeringStore.OfferingRecord> {
  return offeringOr404(db, actor, id);
}

/** Every offering of an item (managers), active or not. */
export async function listOfferings(
  db: Executor,
  actor: Actor,
  idOrCode: string,
): Promise<offeringStore.OfferingRecord[]> {
  authorize(actor, "offering.manage", "any");
  const item = await itemOr404(db, idOrCode);
  return offeringStore.listOfferings(db, item.id);
}

/**
 * Where someone living in `regionCode` can apply for the item: the active offerings of that place
 * and of every region above it, nearest first. Without a region, every active offering.
 */
export async function offeringsNear(
  db: Executor,
  idOrCode: string,
  regionCode?: string,
): Promise<offeringStore.OfferingRecord[]> {
  const item = await itemOr404(db, idOrCode);
  const regionCodes =
    regionCode && isRegionCode(regionCode) ? [...ancestorCodes(regionCode), regionCode] : undefined;
  if (regionCode && !regionCodes) throw errors.notFound("region");
  return offeringStore.listOfferings(db, item.id, {
    activeOnly: true,
    ...(regionCodes ? { regionCodes } : {}),
  });
}

/**
 * What people living in `regionCode` can apply for, one offering per item — the nearest — by name: the
 * list an agent at their service point chooses from.
 */
export async function offeringsForPeople(
  db: Executor,
  regionCode: string,
): Promise<offeringStore.PlaceOffering[]> {
  if (!isRegionCode(regionCode)) throw errors.notFound("region");
  const all = await offeringStore.offeringsForPeopleIn(db, [...ancestorCodes(regionCode), regionCode]);
  const seen = new Set<string>();
  return all.filter((o) => !seen.has(o.itemCode) && seen.add(o.itemCode));
}

/** Offerings that the new version would contradict: a promise beyond its statute, a fee it fixes. */
export function contradictions(content: ItemContent, offerings: offeringStore.OfferingRecord[]): string[] {
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
 * The services an outside system sees (GovStack `GET /services`): active offerings of published items,
 * by item name. For a caller of a region, the offerings of that region, of every region above it (where
 * its people can apply) and of every region within it (what it serves); for anyone else, all of them.
 */
export async function servicesInScope(
  db: Executor,
  query: { regionCode?: string | undefined; name?: string | undefined; limit: number; offset: number },
): Promise<offeringStore.OfferingWithItem[]> {
  const region = query.regionCode;
  const scope =
    region !== undefined && isRegionCode(region)
      ? { regionCodes: ancestorCodes(region), within: region }
      : region !== undefined
        ? { regionCodes: [] }
        : {};
  return offeringStore.activeOfferings(db, {
    ...scope,
    ...(query.name !== undefined ? { name: query.name } : {}),
    limit: query.limit,
    offset: query.offset,
  });
}

/** One offering with its item's public version, whatever its status (a withdrawn one still exists). */
export async function serviceById(
  db: Executor,
  offeringId: string,
): Promise<offeringStore.OfferingWithItem | undefined> {
  return isUuid(offeringId) ? offeringStore.findOfferingWithItem(db, offeringId) : undefined;
}
