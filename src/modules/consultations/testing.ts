/** For tests of consultations: a county department's staff, a draft made through the API, time moved on. */
import { sql } from "kysely";
import type { TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { call, type Staff, staffOf } from "../cases/testing.ts";

export const DAY = 86_400_000;

export const SAMPLE_DRAFT = [
  "安吉县农村生活垃圾分类管理办法（征求意见稿）",
  "第一条【目的】为推进农村生活垃圾分类，改善人居环境，制定本办法。",
  "第二条 本办法适用于本县行政区域内的农村生活垃圾分类投放、收集和处理。",
  "  村民委员会应当组织村民开展分类。",
  "第三条【责任】乡镇人民政府负责本辖区的日常管理。",
].join("\n");

export interface ConsultationWorld {
  departmentId: string;
  /** An administrator of 安吉县's government service department. */
  admin: Staff;
  /** An approver of the same department. */
  approver: Staff;
  /** An administrator of 长兴县, the neighbouring county. */
  outsider: Staff;
}

export async function consultationWorld(t: TestApp): Promise<ConsultationWorld> {
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  const line = { line: "government_service" };
  return {
    departmentId: await department(db, "330523", "government_service"),
    admin: await staffOf(t, "administrator", line),
    approver: await staffOf(t, "approver", line),
    outsider: await staffOf(t, "administrator", { ...line, region: "330522" }),
  };
}

/** The body of a draft open from `opensIn` days to `days` days after that. */
export function draftBody(
  w: ConsultationWorld,
  options: { opensIn?: number; days?: number; reason?: string } = {},
) {
  const opens = Date.now() + (options.opensIn ?? 0) * DAY;
  return {
    department: w.departmentId,
    title: "安吉县农村生活垃圾分类管理办法（征求意见稿）",
    purpose: "为落实生活垃圾分类工作要求，起草本办法。",
    contact: "安吉县政务服务中心，电子邮箱 yijian@example.cn",
    opensAt: new Date(opens).toISOString(),
    closesAt: new Date(opens + (options.days ?? 30) * DAY).toISOString(),
    ...(options.reason ? { shortPeriodReason: options.reason } : {}),
    text: SAMPLE_DRAFT,
  };
}

/** A published consultation, open now unless told otherwise: its id. */
export async function publishedConsultation(
  t: TestApp,
  w: ConsultationWorld,
  options: Parameters<typeof draftBody>[1] = {},
): Promise<string> {
  const created = await call(t, w.admin, "POST", "/api/v1/consultations", draftBody(w, options));
  if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
  const id = created.json().id as string;
  const published = await call(t, w.admin, "POST", `/api/v1/consultations/${id}/publish`, {});
  if (published.statusCode !== 204) throw new Error(`publish: ${published.statusCode} ${published.body}`);
  return id;
}

/** Moves a consultation's period into the past, as if its days had gone by: it is closed now. */
export async function elapse(t: TestApp, id: string): Promise<void> {
  await t.platform.database.db
    .updateTable("consultations")
    .set({
      opens_at: sql`opens_at - interval '40 days'`,
      closes_at: sql`now() - interval '1 minute'`,
    })
    .where("id", "=", id)
    .execute();
}
