import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { DraftContent } from "./content.ts";
import type { OfferingStatus, VersionStatus } from "./tables.ts";

/** All SQL of offerings (实施清单). */

export interface OfferingRecord {
  id: string;
  itemId: string;
  regionCode: string;
  regionName: string;
  departmentId: string;
  departmentName: string;
  departmentNameEn: string;
  promisedDays: number | null;
  feeFen: number | null;
  hallName: string | null;
  hallAddress: string | null;
  hours: string | null;
  phone: string | null;
  status: OfferingStatus;
}

export interface OfferingValues {
  promisedDays: number | null;
  feeFen: number | null;
  hallName: string | null;
  hallAddress: string | null;
  hours: string | null;
  phone: string | null;
}

const offeringColumns = (v: OfferingValues) => ({
  promised_days: v.promisedDays,
  fee_fen: v.feeFen,
  hall_name: v.hallName,
  hall_address: v.hallAddress,
  hours: v.hours,
  phone: v.phone,
});

export async function insertOffering(
  db: Executor,
  o: OfferingValues & { itemId: string; regionCode: string; departmentId: string; createdBy: string | null },
): Promise<string | undefined> {
  const row = await db
    .insertInto("catalog_offerings")
    .values({
      item_id: o.itemId,
      region_code: o.regionCode,
      department_id: o.departmentId,
      created_by: o.createdBy,
      ...offeringColumns(o),
    })
    .onConflict((c) => c.constraint("catalog_offerings_item_region_department").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function updateOffering(
  db: Executor,
  id: string,
  values: OfferingValues & { status: OfferingStatus },
  now: Date,
): Promise<void> {
  await db
    .updateTable("catalog_offerings")
    .set({ ...offeringColumns(values), status: values.status, updated_at: now })
    .where("id", "=", id)
    .execute();
}

function offeringQuery(db: Executor) {
  return db
    .selectFrom("catalog_offerings as o")
    .innerJoin("regions as r", "r.code", "o.region_code")
    .innerJoin("departments as d", "d.id", "o.department_id")
    .select([
      "o.id",
      "o.item_id",
      "o.region_code",
      "r.name as region_name",
      "o.department_id",
      "d.name as department_name",
      "d.name_en as department_name_en",
      "o.promised_days",
      "o.fee_fen",
      "o.hall_name",
      "o.hall_address",
      "o.hours",
      "o.phone",
      "o.status",
    ]);
}

type OfferingRow = Awaited<ReturnType<ReturnType<typeof offeringQuery>["executeTakeFirstOrThrow"]>>;
const toOffering = (r: OfferingRow): OfferingRecord => ({
  id: r.id,
  itemId: r.item_id,
  regionCode: r.region_code,
  regionName: r.region_name,
  departmentId: r.department_id,
  departmentName: r.department_name,
  departmentNameEn: r.department_name_en,
  promisedDays: r.promised_days,
  feeFen: r.fee_fen,
  hallName: r.hall_name,
  hallAddress: r.hall_address,
  hours: r.hours,
  phone: r.phone,
  status: r.status,
});

export async function findOffering(db: Executor, id: string): Promise<OfferingRecord | undefined> {
  const row = await offeringQuery(db).where("o.id", "=", id).executeTakeFirst();
  return row && toOffering(row);
}

/**
 * An item's offerings: all of them, or the active ones in the given regions (a place and the regions
 * above it: where someone living there can apply), nearest first.
 */
export async function listOfferings(
  db: Executor,
  itemId: string,
  options: { regionCodes?: string[]; activeOnly?: boolean } = {},
): Promise<OfferingRecord[]> {
  let query = offeringQuery(db).where("o.item_id", "=", itemId);
  if (options.regionCodes) {
    if (options.regionCodes.length === 0) return [];
    query = query.where("o.region_code", "in", options.regionCodes);
  }
  if (options.activeOnly) query = query.where("o.status", "=", "active");
  const rows = await query
    .orderBy(sql`length(o.region_code)`, "desc")
    .orderBy("o.region_code")
    .orderBy("d.name")
    .execute();
  return rows.map(toOffering);
}

/** An offering with its item and the version the public reads (published, or retired). */
export interface OfferingWithItem {
  offering: OfferingRecord;
  departmentLine: string;
  item: { id: string; code: string; ownerRegionCode: string | null; createdAt: Date };
  version: number;
  status: VersionStatus;
  content: DraftContent;
}

function withItemQuery(db: Executor) {
  return offeringQuery(db)
    .innerJoin("catalog_items as i", "i.id", "o.item_id")
    .innerJoin("catalog_item_versions as v", (j) =>
      j.onRef("v.item_id", "=", "o.item_id").on("v.status", "in", ["published", "retired"]),
    )
    .select([
      "i.code as item_code",
      "i.owner_region_code as item_owner_region_code",
      "i.created_at as item_created_at",
      "d.line as department_line",
      "v.version as item_version",
      "v.status as version_status",
      "v.content as item_content",
    ]);
}

type WithItemRow = Awaited<ReturnType<ReturnType<typeof withItemQuery>["executeTakeFirstOrThrow"]>>;
const toOfferingWithItem = (row: WithItemRow): OfferingWithItem => ({
  offering: toOffering(row),
  departmentLine: row.department_line,
  item: {
    id: row.item_id,
    code: row.item_code,
    ownerRegionCode: row.item_owner_region_code,
    createdAt: row.item_created_at,
  },
  version: row.item_version,
  status: row.version_status,
  content: row.item_content,
});

/**
 * An offering with its item and the item's current version, in one read: what every application and
 * submission starts from, so it is worth one round trip rather than three.
 */
export async function findOfferingWithItem(db: Executor, id: string): Promise<OfferingWithItem | undefined> {
  const row = await withItemQuery(db).where("o.id", "=", id).executeTakeFirst();
  return row && toOfferingWithItem(row);
}

/**
 * Active offerings of published items, by item name then region: all of them, or those of the given
 * regions and of every region within `within`; `name` a part of the item's Chinese or English name.
 */
export async function activeOfferings(
  db: Executor,
  filter: { regionCodes?: string[]; within?: string; name?: string; limit: number; offset: number },
): Promise<OfferingWithItem[]> {
  let query = withItemQuery(db).where("o.status", "=", "active").where("v.status", "=", "published");
  const { regionCodes, within, name } = filter;
  if (regionCodes !== undefined || within !== undefined) {
    query = query.where((eb) =>
      eb.or([
        ...(regionCodes && regionCodes.length > 0 ? [eb("o.region_code", "in", regionCodes)] : []),
        ...(within !== undefined
          ? [eb("o.region_code", "like", `${within.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)]
          : []),
        ...(regionCodes?.length === 0 && within === undefined ? [sql<boolean>`false`] : []),
      ]),
    );
  }
  if (name !== undefined && name !== "") {
    const pattern = `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb("v.name", "ilike", pattern), eb("v.name_en", "ilike", pattern)]));
  }
  const rows = await query
    .orderBy("v.name")
    .orderBy("o.region_code")
    .orderBy("o.id")
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return rows.map(toOfferingWithItem);
}

export interface PlaceOffering {
  offeringId: string;
  itemCode: string;
  name: string;
  nameEn: string;
  regionCode: string;
  departmentName: string;
  departmentNameEn: string;
}

/**
 * The active offerings of published items for people (natural persons) in the given regions — a place
 * and those above it — by item name: what a villager can apply for through their service point.
 */
export async function offeringsForPeopleIn(db: Executor, regionCodes: string[]): Promise<PlaceOffering[]> {
  if (regionCodes.length === 0) return [];
  return db
    .selectFrom("catalog_offerings as o")
    .innerJoin("catalog_items as i", "i.id", "o.item_id")
    .innerJoin("catalog_item_versions as v", (j) =>
      j.onRef("v.item_id", "=", "o.item_id").on("v.status", "=", "published"),
    )
    .innerJoin("departments as d", "d.id", "o.department_id")
    .select([
      "o.id as offeringId",
      "i.code as itemCode",
      "v.name",
      "v.name_en as nameEn",
      "o.region_code as regionCode",
      "d.name as departmentName",
      "d.name_en as departmentNameEn",
    ])
    .where("o.status", "=", "active")
    .where("o.region_code", "in", regionCodes)
    .where(sql<boolean>`'person' = any(v.audience)`)
    .orderBy("v.name")
    .orderBy(sql`length(o.region_code)`, "desc")
    .execute();
}
