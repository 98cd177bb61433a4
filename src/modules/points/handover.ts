import type { Db } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { deliverInPerson } from "../cases/pickup.ts";
import { type CaseRow, type EngineDeps, loadCase } from "../cases/service.ts";
import { requireAgentAt } from "./agents.ts";

/**
 * 送证上门: the result of a case taken in at a point comes back to the point, and its agent brings it
 * to the villager; handing it over closes the case (办结). Only a case received at this point, waiting
 * to be picked up there; any other is not this agent's to hand over.
 */
export async function handOver(
  db: Db,
  deps: EngineDeps,
  actor: Actor,
  pointCode: string,
  caseId: string,
): Promise<CaseRow> {
  const point = await requireAgentAt(db, actor, pointCode);
  return db.transaction().execute(async (tx) => {
    const row = await loadCase(tx, actor, caseId);
    if (row.site_id !== point.id) throw errors.notFound("case");
    return deliverInPerson(tx, deps, actor, row.id, { handedOverAt: point.code } as never);
  });
}
