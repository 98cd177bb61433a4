import type { Executor } from "../../platform/db/database.ts";
import type { Actor } from "../../platform/policy.ts";
import { getOrganisation } from "../applicants/organisations.ts";
import type { CasePlan, CaseRow, CaseTaskRow } from "./tables.ts";

/** What the policy needs to know of a case to say who may see it or act on it as its applicant. */
export interface CaseFacts {
  personIds: string[];
  /** The clerk who submitted it at a window or a point: they print its receipt and follow it. */
  staffIds: string[];
  /** The department system that submitted it for the applicant: it follows and corrects it. */
  clientIds: string[];
  regionCode: string;
  /** A cross-region case's receiving office's region: its staff and supervisors see the case too. */
  receivingRegionCode?: string | undefined;
  departmentIds: string[];
}

/**
 * The people a case belongs to: the applicant, who submitted it, and — for an organisation's case —
 * the signed-in person when they represent the organisation or act for it under a live mandate.
 */
export async function readFacts(db: Executor, row: CaseRow, actor?: Actor): Promise<CaseFacts> {
  const personIds = new Set<string>();
  if (row.applicant_kind === "person") personIds.add(row.applicant_id);
  if (row.submitter_kind === "person") personIds.add(row.submitter_id);
  if (row.applicant_kind === "organisation" && actor?.kind === "person" && !personIds.has(actor.id)) {
    const acts = await getOrganisation(db, actor, row.applicant_id).then(
      () => true,
      () => false,
    );
    if (acts) personIds.add(actor.id);
  }
  const plan = row.plan as CasePlan;
  const receiving = plan.stages.flatMap((s) => s.tasks).find((t) => t.regionCode)?.regionCode;
  return {
    personIds: [...personIds],
    staffIds: row.submitter_kind === "staff" ? [row.submitter_id] : [],
    clientIds: row.submitter_kind === "client" ? [row.submitter_id] : [],
    regionCode: row.region_code,
    ...(receiving ? { receivingRegionCode: receiving } : {}),
    departmentIds: [...new Set(plan.stages.flatMap((s) => s.tasks.map((t) => t.departmentId)))],
  };
}

/**
 * What "task.work" asks of a task: its role in its department, within the region its work is done in —
 * the case's, or a cross-region case's receiving office's for the steps done there.
 */
export function taskWork(
  task: CaseTaskRow,
  row: CaseRow,
): { role: string; departmentId: string; regionCode: string } {
  return {
    role: task.role,
    departmentId: task.department_id,
    regionCode: task.work_region_code ?? row.region_code,
  };
}
