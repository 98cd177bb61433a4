import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { JobDefinition, Jobs } from "../../platform/jobs.ts";
import { recordAudit } from "../audit/service.ts";
import { calendarFor } from "../calendar/cached.ts";
import { getDepartment } from "../departments/service.ts";
import { supervisorsOver } from "../identity/service.ts";
import { notifyParty } from "../notify/party.ts";
import * as rect from "./rectification-store.ts";

export const OVERDUE_JOB = "ratings.rectification-sweep";
const BATCH = 200;

export interface OverdueReport {
  overdue: number;
  escalated: number;
}

const dateText = (at: Date, locale: "zh-CN" | "en") =>
  new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: locale === "en" ? "short" : "long",
    day: "numeric",
  }).format(at);

/**
 * Rectifications run on the clock as cases do: marked overdue once their deadline passes, and a working
 * day later (in the region's calendar) escalated to the region's nearest supervisors, in their inbox.
 * Each mark is set once under the row's lock, so however often the job runs, each is counted once.
 */
export async function sweepRectifications(
  db: Db,
  deps: { jobs: Jobs; config: Pick<Config, "baseUrl"> },
  now = new Date(),
): Promise<OverdueReport> {
  const report: OverdueReport = { overdue: 0, escalated: 0 };
  for (const { id, province_code: province } of await rect.dueForOverdue(db, now, BATCH)) {
    const marked = await db.transaction().execute(async (tx) => {
      const r = await rect.lockRectification(tx, province, id);
      if (!r || r.overdue_at || r.due_at >= now || !["open", "called_back"].includes(r.state)) return false;
      await rect.updateRectification(tx, province, id, { overdue_at: now, updated_at: now });
      await recordAudit(tx, {
        actorKind: "system",
        action: "rectification.overdue",
        subjectKind: "rectification",
        subjectId: id,
        regionCode: r.region_code,
      });
      return true;
    });
    if (marked) report.overdue += 1;
  }
  for (const { id, province_code: province } of await rect.overdueNotEscalated(db, BATCH)) {
    const escalated = await db.transaction().execute(async (tx) => {
      const r = await rect.lockRectification(tx, province, id);
      if (!r?.overdue_at || r.escalated_at || !["open", "called_back"].includes(r.state)) return false;
      const calendar = await calendarFor(tx, r.region_code);
      if (calendar.workingDaysBetween(r.overdue_at, now).days < 1) return false;
      await rect.updateRectification(tx, province, id, { escalated_at: now, updated_at: now });
      const department = await getDepartment(tx, r.department_id);
      const link = `${deps.config.baseUrl}/work/rectifications/${r.id}`;
      for (const supervisor of await supervisorsOver(tx, r.region_code)) {
        await notifyParty(tx, deps.jobs, {
          recipient: { kind: "staff", id: supervisor.id, locale: "zh-CN" },
          template: "rectification.escalated",
          params: {
            "zh-CN": { departmentName: department.name, dueDate: dateText(r.due_at, "zh-CN"), link },
            en: {
              departmentName: department.nameEn || department.name,
              dueDate: dateText(r.due_at, "en"),
              link,
            },
          },
          regionCode: r.region_code,
        });
      }
      await recordAudit(tx, {
        actorKind: "system",
        action: "rectification.escalate",
        subjectKind: "rectification",
        subjectId: id,
        regionCode: r.region_code,
      });
      return true;
    });
    if (escalated) report.escalated += 1;
  }
  return report;
}

export const overdueJob: JobDefinition = {
  name: OVERDUE_JOB,
  schedule: { cron: "*/5 * * * *", tz: "Asia/Shanghai" },
  retryLimit: 1,
  run: async (_data, { db, log, config, jobs }) => {
    const report = await sweepRectifications(db, { jobs, config });
    if (report.overdue + report.escalated > 0) log.info({ report }, "rectifications swept");
  },
};
