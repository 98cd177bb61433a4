import { type Insertable, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, inProvince, provinceOfId } from "../../platform/db/distribution.ts";
import type { ApplicationMaterialRow, ApplicationRow, ApplicationTable } from "./tables.ts";

/** All SQL of applications (drafts) and their uploaded materials. */

export async function insertApplication(
  tx: Executor,
  row: Insertable<ApplicationTable>,
): Promise<ApplicationRow> {
  return tx.insertInto("applications").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findApplication(db: Executor, id: string): Promise<ApplicationRow | undefined> {
  return db
    .selectFrom("applications")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
}

/** An application and its case share the case's province. */
export async function findApplicationOfCase(
  db: Executor,
  province: string,
  caseId: string,
): Promise<ApplicationRow | undefined> {
  return db
    .selectFrom("applications")
    .selectAll()
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .executeTakeFirst();
}

export async function lockApplication(
  tx: Executor,
  province: string,
  id: string,
): Promise<ApplicationRow | undefined> {
  return tx
    .selectFrom("applications")
    .selectAll()
    .where("province_code", "=", province)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateApplication(
  tx: Executor,
  province: string,
  id: string,
  set: {
    data?: Record<string, unknown>;
    page?: number;
    commitment?: { materials: string[]; signedAt: string } | null;
    delivery?: unknown;
    status?: ApplicationRow["status"];
    caseId?: string;
  },
): Promise<ApplicationRow> {
  return tx
    .updateTable("applications")
    .set({
      ...(set.data !== undefined ? { data: JSON.stringify(set.data) } : {}),
      ...(set.page !== undefined ? { page: set.page } : {}),
      ...(set.commitment !== undefined ? { commitment: JSON.stringify(set.commitment) } : {}),
      ...(set.delivery !== undefined ? { delivery: JSON.stringify(set.delivery) } : {}),
      ...(set.status !== undefined ? { status: set.status } : {}),
      ...(set.caseId !== undefined ? { case_id: set.caseId } : {}),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A person's drafts still being written, newest first, in the provinces where they have rows
 * (party_provinces); or a clerk's, who takes in for any province (跨省通办) and is no party.
 */
export async function draftsOf(
  db: Executor,
  owner: { kind: "person"; id: string; provinces: string[] } | { kind: "staff"; id: string },
  limit: number,
) {
  if (owner.kind === "person" && owner.provinces.length === 0) return [];
  return db
    .selectFrom("applications as a")
    .innerJoin("catalog_item_versions as v", (j) =>
      j.onRef("v.item_id", "=", "a.item_id").onRef("v.version", "=", "a.item_version"),
    )
    .select(["a.id", "a.item_id", "a.offering_id", "a.updated_at", "a.page", "v.name", "v.name_en"])
    .where("a.owner_kind", "=", owner.kind)
    .where("a.owner_id", "=", owner.id)
    .where("a.status", "=", "draft")
    .$call((q) =>
      owner.kind === "person"
        ? q.where("a.province_code", "in", owner.provinces)
        : q.modifyFront(allProvinces("a clerk's drafts, taken in for any province")),
    )
    .orderBy("a.updated_at", "desc")
    .limit(limit)
    .execute();
}

export async function materialsOf(
  db: Executor,
  province: string,
  applicationId: string,
): Promise<ApplicationMaterialRow[]> {
  return db
    .selectFrom("application_materials")
    .selectAll()
    .where("province_code", "=", province)
    .where("application_id", "=", applicationId)
    .orderBy("material_key")
    .execute();
}

export async function putMaterial(
  tx: Executor,
  row: Omit<ApplicationMaterialRow, "uploaded_at">,
): Promise<ApplicationMaterialRow> {
  const values = {
    file_sha256: row.file_sha256,
    file_name: row.file_name,
    media_type: row.media_type,
    size: row.size,
    active_content: row.active_content,
    uploaded_at: new Date(),
  };
  return tx
    .insertInto("application_materials")
    .values({
      province_code: row.province_code,
      application_id: row.application_id,
      material_key: row.material_key,
      ...values,
    })
    .onConflict((c) => c.columns(["province_code", "application_id", "material_key"]).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteMaterial(
  tx: Executor,
  province: string,
  applicationId: string,
  key: string,
): Promise<boolean> {
  const result = await tx
    .deleteFrom("application_materials")
    .where("province_code", "=", province)
    .where("application_id", "=", applicationId)
    .where("material_key", "=", key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The materials of an application made already submitted (the one-request submission). */
export async function addMaterials(
  tx: Executor,
  rows: Omit<ApplicationMaterialRow, "uploaded_at">[],
): Promise<void> {
  if (rows.length > 0) await tx.insertInto("application_materials").values(rows).execute();
}
