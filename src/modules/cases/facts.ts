import type { Executor } from "../../platform/db/database.ts";
import type { Actor } from "../../platform/policy.ts";
import { getOrganisation } from "../applicants/organisations.ts";
import type { CasePlan, CaseRow } from "./tables.ts";

/** What the policy needs to know of a case to say who may see it or act on it as its applicant. */
export interface CaseFacts {
  personIds: string[];
  /** The clerk who submitted it at a window or a point: they print its receipt and follow it. */
  staffIds: string[];
  regionCode: string;
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
  return {
    personIds: [...personIds],
    staffIds: row.submitter_kind === "staff" ? [row.submitter_id] : [],
    regionCode: row.region_code,
    departmentIds: [...new Set(plan.stages.flatMap((s) => s.tasks.map((t) => t.departmentId)))],
  };
}
