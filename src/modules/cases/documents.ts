import type { Locale } from "../../platform/config.ts";
import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { versionContent } from "../catalog/service.ts";
import { getDepartment } from "../departments/service.ts";
import { getRegion } from "../regions/service.ts";
import * as materialStore from "./materials-store.ts";
import { loadCase } from "./service.ts";
import type { CasePlan } from "./tables.ts";

const HOW: Record<string, Record<Locale, string>> = {
  upload: { "zh-CN": "已上传", en: "Uploaded" },
  commitment: { "zh-CN": "告知承诺", en: "Signed commitment" },
  form: { "zh-CN": "在线填写生成", en: "Produced from the online form" },
  licence: { "zh-CN": "电子证照", en: "E-licence" },
  registry: { "zh-CN": "共享数据", en: "Shared data" },
};

/** The printable receipt (申请回执) of a case: what was submitted, where, and how to follow it. */
export async function caseReceipt(
  db: Executor,
  actor: Actor,
  idOrNumber: string,
  locale: Locale,
  baseUrl: string,
): Promise<{ number: string; pdf: Uint8Array }> {
  const row = await loadCase(db, actor, idOrNumber);
  const plan = row.plan as CasePlan;
  const intake = plan.stages[0]?.tasks[0];
  const [content, materials, region, department] = await Promise.all([
    versionContent(db, row.item_id, row.item_version),
    materialStore.materialsOf(db, row.province_code, row.id),
    getRegion(db, actor, row.region_code),
    intake ? getDepartment(db, intake.departmentId) : undefined,
  ]);
  const nameOf = (key: string) => {
    const m = content.materials.find((x) => x.key === key);
    return (locale === "en" ? m?.name.en || m?.name.zh : m?.name.zh) ?? key;
  };
  // pdf-lib and the font are loaded on the first receipt, not at start.
  const { renderReceiptPdf } = await import("../../platform/documents/receipt.ts");
  const pdf = await renderReceiptPdf({
    locale,
    caseNumber: row.number,
    itemName: locale === "en" ? row.item_name.en || row.item_name.zh : row.item_name.zh,
    applicantName: row.applicant_name,
    submittedAt: row.submitted_at,
    regionName: region.name,
    departmentName: (locale === "en" ? department?.nameEn : department?.name) ?? "",
    promisedDays: row.promised_days,
    statutoryDays: row.statutory_days,
    materials: materials.map((m) => ({
      name: nameOf(m.material_key),
      how: HOW[m.source]?.[locale] ?? m.source,
    })),
    commitment: row.commitment !== null,
    progressUrl: `${baseUrl}/cases/${row.number}`,
  });
  return { number: row.number, pdf };
}

/** One material's file of a case, for its applicant and its handlers. */
export async function caseMaterial(db: Executor, actor: Actor, idOrNumber: string, key: string) {
  const row = await loadCase(db, actor, idOrNumber);
  const materials = await materialStore.materialsOf(db, row.province_code, row.id);
  const found = materials.find((m) => m.material_key === key);
  if (!found?.file_sha256) throw errors.notFound("material");
  return {
    sha256: found.file_sha256,
    name: found.file_name ?? `${key}`,
    mediaType: found.media_type ?? "application/octet-stream",
    size: found.size ?? 0,
  };
}
