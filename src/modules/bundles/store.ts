import { sql } from "kysely";
import type { Db, Executor } from "../../platform/db/database.ts";
import {
  allProvinces,
  inProvince,
  provinceId,
  provinceOf,
  provinceOfId,
} from "../../platform/db/distribution.ts";
import { noteParty } from "../applicants/party-provinces-store.ts";
import type { Text } from "../catalog/content.ts";
import type { BundleDefinition } from "./definition.ts";
import type { BundleApplicationRow, BundleRow } from "./tables.ts";

/** All SQL of bundles. */

export interface Bundle {
  id: string;
  code: string;
  ownerRegionCode: string;
  version: number;
  definition: BundleDefinition;
  updatedAt: Date;
}

export interface BundleApplication {
  id: string;
  /** Where it and its children's cases lie: the children are offered in its region or above it. */
  province: string;
  bundleId: string;
  bundleCode: string;
  bundleVersion: number;
  bundleName: Text;
  regionCode: string;
  applicant: { kind: "person" | "organisation"; id: string; name: string };
  submitterId: string;
  requestHash: string;
  data: Record<string, unknown>;
  childCount: number;
  submittedAt: Date;
  settledAt: Date | null;
  bundleSeconds: number | null;
  childrenSeconds: number | null;
}

/** A child case as its bundle shows it: the case's own state, read with the link. */
export interface ChildCase {
  position: number;
  itemCode: string;
  caseId: string;
  number: string;
  itemName: Text;
  offeringId: string;
  state: string;
  outcome: string | null;
  licenceId: string | null;
  submittedAt: Date;
  closedAt: Date | null;
  departmentName: Text | null;
}

function toBundle(row: BundleRow): Bundle {
  return {
    id: row.id,
    code: row.code,
    ownerRegionCode: row.owner_region_code,
    version: row.version,
    definition: row.definition,
    updatedAt: row.updated_at,
  };
}

function toApplication(row: BundleApplicationRow): BundleApplication {
  return {
    id: row.id,
    province: row.province_code,
    bundleId: row.bundle_id,
    bundleCode: row.bundle_code,
    bundleVersion: row.bundle_version,
    bundleName: row.bundle_name,
    regionCode: row.region_code,
    applicant: { kind: row.applicant_kind, id: row.applicant_id, name: row.applicant_name },
    submitterId: row.submitter_id,
    requestHash: row.request_hash,
    data: row.data,
    childCount: row.child_count,
    submittedAt: row.submitted_at,
    settledAt: row.settled_at,
    bundleSeconds: row.bundle_seconds,
    childrenSeconds: row.children_seconds,
  };
}

// — definitions —

/** Saves a definition under its code: a new bundle, or the next version of one. */
export async function upsertBundle(
  db: Executor,
  input: { code: string; ownerRegionCode: string; definition: BundleDefinition; createdBy: string | null },
): Promise<{ bundle: Bundle; created: boolean }> {
  const json = JSON.stringify(input.definition);
  const row = await db
    .insertInto("bundles")
    .values({
      code: input.code,
      owner_region_code: input.ownerRegionCode,
      event: input.definition.event,
      definition: json,
      created_by: input.createdBy,
    })
    .onConflict((c) =>
      c.column("code").doUpdateSet({
        event: input.definition.event,
        definition: json,
        version: sql`bundles.version + 1`,
        updated_at: sql`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { bundle: toBundle(row), created: row.version === 1 };
}

export async function findBundle(db: Executor, code: string): Promise<Bundle | undefined> {
  const row = await db.selectFrom("bundles").selectAll().where("code", "=", code).executeTakeFirst();
  return row ? toBundle(row) : undefined;
}

export async function findBundleById(db: Executor, id: string): Promise<Bundle | undefined> {
  const row = await db.selectFrom("bundles").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toBundle(row) : undefined;
}

export async function listBundles(db: Executor): Promise<Bundle[]> {
  const rows = await db.selectFrom("bundles").selectAll().orderBy("event").orderBy("code").execute();
  return rows.map(toBundle);
}

// — applications —

/** The application a submitter made with a key, if any, in the provinces where it could lie. */
export async function findApplicationByKey(
  db: Executor,
  provinces: string[],
  submitterId: string,
  key: string,
): Promise<BundleApplication | undefined> {
  if (provinces.length === 0) return undefined;
  const row = await db
    .selectFrom("bundle_applications")
    .selectAll()
    .where("province_code", "in", provinces)
    .where("submitter_id", "=", submitterId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
  return row ? toApplication(row) : undefined;
}

export async function findApplication(db: Executor, id: string): Promise<BundleApplication | undefined> {
  const row = await db
    .selectFrom("bundle_applications")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
  return row ? toApplication(row) : undefined;
}

/**
 * Records a submission, or finds the one made with the same key a moment ago by another attempt (two
 * retries at once meet at the unique key: one inserts, both read the same row). The submitter and the
 * applicant find it in their own lists.
 */
export async function insertApplication(
  db: Db,
  input: Omit<
    BundleApplication,
    "id" | "province" | "submittedAt" | "settledAt" | "bundleSeconds" | "childrenSeconds"
  > & {
    idempotencyKey: string;
  },
): Promise<BundleApplication> {
  const province = provinceOf(input.regionCode);
  return db.transaction().execute(async (tx) => {
    await noteParty(tx, { kind: "person", id: input.submitterId }, province);
    await noteParty(tx, { kind: input.applicant.kind, id: input.applicant.id }, province);
    await insertRow(tx, province, input);
    return (await findApplicationByKey(
      tx,
      [province],
      input.submitterId,
      input.idempotencyKey,
    )) as BundleApplication;
  });
}

async function insertRow(
  tx: Executor,
  province: string,
  input: Parameters<typeof insertApplication>[1],
): Promise<void> {
  await tx
    .insertInto("bundle_applications")
    .values({
      province_code: province,
      id: provinceId(province),
      bundle_id: input.bundleId,
      bundle_code: input.bundleCode,
      bundle_version: input.bundleVersion,
      bundle_name: JSON.stringify(input.bundleName),
      region_code: input.regionCode,
      applicant_kind: input.applicant.kind,
      applicant_id: input.applicant.id,
      applicant_name: input.applicant.name,
      submitter_id: input.submitterId,
      idempotency_key: input.idempotencyKey,
      request_hash: input.requestHash,
      data: JSON.stringify(input.data),
      child_count: input.childCount,
    })
    .onConflict((c) => c.columns(["province_code", "submitter_id", "idempotency_key"]).doNothing())
    .execute();
}

/** A submitter's bundle applications, newest first, in the provinces where they have rows. */
export async function applicationsOf(
  db: Executor,
  provinces: string[],
  submitterId: string,
  page: { limit: number; offset: number },
): Promise<BundleApplication[]> {
  if (provinces.length === 0) return [];
  const rows = await db
    .selectFrom("bundle_applications")
    .selectAll()
    .where("province_code", "in", provinces)
    .where("submitter_id", "=", submitterId)
    .orderBy("submitted_at", "desc")
    .orderBy("id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toApplication);
}

export async function linkChild(
  db: Executor,
  link: { applicationId: string; position: number; itemCode: string; caseId: string; regionCode: string },
): Promise<void> {
  await db
    .insertInto("bundle_cases")
    .values({
      province_code: provinceOf(link.regionCode),
      bundle_application_id: link.applicationId,
      position: link.position,
      item_code: link.itemCode,
      case_id: link.caseId,
      region_code: link.regionCode,
    })
    .execute();
}

/**
 * The child cases of applications, by position. It reads the case engine's own columns beside the
 * link — state, outcome, times, licence — in one query: the bundle's status is a view of its cases.
 */
export async function childrenOf(
  db: Executor,
  applications: Pick<BundleApplication, "id" | "province">[],
): Promise<Map<string, ChildCase[]>> {
  const result = new Map<string, ChildCase[]>(applications.map((a) => [a.id, []]));
  if (applications.length === 0) return result;
  const rows = await db
    .selectFrom("bundle_cases as b")
    .innerJoin("cases as c", (j) =>
      j.onRef("c.id", "=", "b.case_id").onRef("c.province_code", "=", "b.province_code"),
    )
    .leftJoin("catalog_offerings as o", "o.id", "c.offering_id")
    .leftJoin("departments as d", "d.id", "o.department_id")
    .select([
      "b.bundle_application_id",
      "b.position",
      "b.item_code",
      "c.id",
      "c.number",
      "c.item_name",
      "c.offering_id",
      "c.state",
      "c.outcome",
      "c.licence_id",
      "c.submitted_at",
      "c.closed_at",
      "d.name as department_name",
      "d.name_en as department_name_en",
    ])
    .where("b.province_code", "in", [...new Set(applications.map((a) => a.province))])
    .where(
      "b.bundle_application_id",
      "in",
      applications.map((a) => a.id),
    )
    .orderBy("b.position")
    .execute();
  for (const r of rows) {
    result.get(r.bundle_application_id)?.push({
      position: r.position,
      itemCode: r.item_code,
      caseId: r.id,
      number: r.number,
      itemName: r.item_name,
      offeringId: r.offering_id,
      state: r.state,
      outcome: r.outcome,
      licenceId: r.licence_id,
      submittedAt: r.submitted_at,
      closedAt: r.closed_at,
      departmentName: r.department_name ? { zh: r.department_name, en: r.department_name_en ?? "" } : null,
    });
  }
  return result;
}

/**
 * Records the times of every application whose children have all closed and that has none yet: the
 * bundle's (submission to the last close) and its children's added up (each its submission to its
 * close). One statement, so a read and the job may both run it: the second finds nothing left. The
 * job's run, without `only`, is one statement for every province.
 */
export async function settleClosed(
  db: Executor,
  only?: Pick<BundleApplication, "id" | "province">,
): Promise<number> {
  const result = await sql<{ id: string }>`
    ${only ? sql`` : allProvinces("the settling job reads every province at once")}
    with done as (
      select a.province_code, a.id,
             extract(epoch from max(c.closed_at) - a.submitted_at)::float8 as bundle_seconds,
             sum(extract(epoch from c.closed_at - c.submitted_at))::float8 as children_seconds,
             max(c.closed_at) as last_closed
        from bundle_applications a
        join bundle_cases b on b.bundle_application_id = a.id and b.province_code = a.province_code
        join cases c on c.id = b.case_id and c.province_code = b.province_code
       where a.settled_at is null
         ${only ? sql`and a.province_code = ${only.province} and a.id = ${only.id}` : sql``}
       group by a.province_code, a.id, a.submitted_at, a.child_count
      having count(*) = a.child_count and bool_and(c.closed_at is not null)
    )
    update bundle_applications a
       set settled_at = done.last_closed,
           bundle_seconds = done.bundle_seconds,
           children_seconds = done.children_seconds
      from done
     where a.province_code = done.province_code and a.id = done.id and a.settled_at is null
       ${only ? sql`and a.province_code = ${only.province}` : sql``}
    returning a.id`.execute(db);
  return result.rows.length;
}
