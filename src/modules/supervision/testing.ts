/** For tests of supervision: a second township, offerings there, and rows made overdue. */
import { randomUUID } from "node:crypto";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import type { Db } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import { applyOnline, type CaseWorld } from "../cases/testing.ts";
import { publishItems, sampleContent } from "../catalog/testing.ts";

export const COUNTY = "330523";
/** 递铺街道, in the shared region slice. */
export const TOWNSHIP_A = "330523001";
/** 昌硕街道, added here: the slice has one township per county. */
export const TOWNSHIP_B = "330523002";

export async function secondTownship(db: Db): Promise<void> {
  await db
    .insertInto("regions")
    .values({ code: TOWNSHIP_B, parent_code: COUNTY, level: 4, name: "昌硕街道", urban_rural: null })
    .onConflict((c) => c.column("code").doNothing())
    .execute();
}

/** Publishes an item offered in the given regions by a department of the county; its code and offerings. */
export async function offerIn(
  db: Db,
  line: string,
  name: { zh: string; en: string },
  regions: string[],
): Promise<{ itemCode: string; departmentId: string; offerings: Record<string, string> }> {
  const departmentId = await department(db, COUNTY, line);
  const [itemCode] = (await publishItems(db, [
    {
      content: sampleContent({ name, line, levels: ["county", "township"] }),
      offerings: regions.map((regionCode) => ({ regionCode, departmentId })),
    },
  ])) as [string];
  const rows = await db
    .selectFrom("catalog_offerings as o")
    .innerJoin("catalog_items as i", "i.id", "o.item_id")
    .select(["o.id", "o.region_code"])
    .where("i.code", "=", itemCode)
    .execute();
  return { itemCode, departmentId, offerings: Object.fromEntries(rows.map((r) => [r.region_code, r.id])) };
}

/** The world with another offering: applyOnline then applies for that one. */
export const atOffering = (w: CaseWorld, offeringId: string): CaseWorld => ({ ...w, offeringId });

/** Applies at an offering, then closes the case at the given instant with the given due date. */
export async function closeCaseAt(
  w: CaseWorld,
  offeringId: string,
  closedAt: Date,
  dueAt: Date | null,
): Promise<string> {
  const { caseId } = await applyOnline(atOffering(w, offeringId));
  await w.t.platform.database.db
    .updateTable("cases")
    .set({ state: "closed", outcome: "granted", decision: "granted", closed_at: closedAt, due_at: dueAt })
    .where("id", "=", caseId)
    .execute();
  return caseId;
}

/** A rating of a hall visit given at an instant. */
export async function ratingAt(
  db: Db,
  r: { departmentId: string; regionCode: string; level: number; createdAt: Date },
): Promise<void> {
  await db
    .insertInto("ratings")
    .values({
      province_code: provinceOf(r.regionCode),
      id: provinceId(provinceOf(r.regionCode)),
      subject_kind: "visit",
      subject_id: randomUUID(),
      channel: "pad",
      level: r.level,
      rater_kind: "applicant",
      rater_person_id: null,
      region_code: r.regionCode,
      department_id: r.departmentId,
      item_code: null,
      item_name: null,
      item_name_en: null,
      site_id: null,
      case_channel: null,
      created_at: r.createdAt,
    })
    .execute();
}

/** Marks cases (or requests) overdue as the clock sweeps would have: due a day ago, overdue an hour ago. */
export async function makeOverdue(
  t: TestApp,
  table: "cases" | "public_requests",
  ids: string[],
): Promise<void> {
  const now = Date.now();
  await t.platform.database.db
    .updateTable(table)
    .set({ due_at: new Date(now - 86_400_000), overdue_at: new Date(now - 3_600_000) })
    .where("id", "in", ids)
    .execute();
}

/** A bad rating of a visit or a case's item, and its rectification, overdue unless told otherwise. */
export async function badRatingToRectify(
  db: Db,
  input: {
    regionCode: string;
    departmentId: string;
    item?: { code: string; name: string; nameEn: string } | undefined;
    overdue?: boolean;
    state?: "open" | "called_back" | "closed";
  },
): Promise<string> {
  const now = Date.now();
  const rating = await db
    .insertInto("ratings")
    .values({
      province_code: provinceOf(input.regionCode),
      id: provinceId(provinceOf(input.regionCode)),
      subject_kind: input.item ? "case" : "visit",
      subject_id: randomUUID(),
      channel: "online",
      level: 1,
      rater_kind: "applicant",
      rater_person_id: null,
      region_code: input.regionCode,
      department_id: input.departmentId,
      item_code: input.item?.code ?? null,
      item_name: input.item?.name ?? null,
      item_name_en: input.item?.nameEn ?? null,
      site_id: null,
      case_channel: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto("rectifications")
    .values({
      province_code: provinceOf(input.regionCode),
      id: provinceId(provinceOf(input.regionCode)),
      rating_id: rating.id,
      region_code: input.regionCode,
      department_id: input.departmentId,
      state: input.state ?? "open",
      due_at: new Date(now - 86_400_000),
      overdue_at: input.overdue === false ? null : new Date(now - 3_600_000),
      callback_by: null,
      callback_at: null,
      callback_note: null,
      outcome: null,
      resolved_by: null,
      resolved_at: null,
      resolved_on_time: null,
      response: null,
      contest_reason: null,
      responded_at: null,
      review: null,
      review_note: null,
      reviewed_by: null,
      reviewed_at: null,
      escalated_at: null,
      closed_at: input.state === "closed" ? new Date(now) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
