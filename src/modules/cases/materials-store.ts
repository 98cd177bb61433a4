import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import type { CaseMaterialInput } from "./tables.ts";

/** The SQL of a case's materials: the files it was submitted with, and the corrections that replace them. */

export async function materialsOf(db: Executor, province: string, caseId: string) {
  return db
    .selectFrom("case_materials")
    .selectAll()
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .orderBy("material_key")
    .execute();
}

/** Materials of a case just made: one statement for them all. */
export async function addMaterials(
  tx: Executor,
  caseId: string,
  regionCode: string,
  materials: CaseMaterialInput[],
): Promise<void> {
  if (materials.length === 0) return;
  await tx
    .insertInto("case_materials")
    .values(
      materials.map((m) => ({
        province_code: provinceOf(regionCode),
        case_id: caseId,
        region_code: regionCode,
        material_key: m.key,
        ...fileColumns(m),
      })),
    )
    .execute();
}

/** Puts corrected materials in place of the ones they replace (or beside them, when new). */
export async function replaceMaterials(
  tx: Executor,
  caseId: string,
  regionCode: string,
  materials: CaseMaterialInput[],
): Promise<void> {
  for (const m of materials) {
    const values = { ...fileColumns(m), added_at: new Date() };
    await tx
      .insertInto("case_materials")
      .values({
        province_code: provinceOf(regionCode),
        case_id: caseId,
        region_code: regionCode,
        material_key: m.key,
        ...values,
      })
      .onConflict((c) => c.columns(["province_code", "case_id", "material_key"]).doUpdateSet(values))
      .execute();
  }
}

function fileColumns(m: CaseMaterialInput) {
  return {
    source: m.source,
    file_sha256: m.sha256,
    file_name: m.name,
    media_type: m.mediaType,
    size: m.size,
    active_content: m.activeContent,
    origin: m.origin ? JSON.stringify(m.origin) : null,
  };
}
