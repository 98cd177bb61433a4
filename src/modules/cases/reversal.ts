import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { calendarFor } from "../calendar/cached.ts";
import { revokeReversedLicence } from "../licences/service.ts";
import { type EngineDeps, Transition } from "./context.ts";
import { afterTransition } from "./effects.ts";
import { allowedNow, stateFacts } from "./engine.ts";
import { caseErrors } from "./errors.ts";
import { startStage } from "./stages.ts";
import { isAllowed } from "./states.ts";
import * as store from "./store.ts";
import type { CasePlan, CaseRow } from "./tables.ts";
import * as taskStore from "./tasks-store.ts";

/**
 * A supervisor reviews a grant instant approval's rules made (秒批) and reverses it: the licence it
 * issued is revoked, whatever was under way after the decision stops, and the case goes back to its
 * decision stage, where an approver decides it as any other. The reason is on the case and in the
 * applicant's message.
 */
export async function reverseDecision(
  db: Db,
  deps: EngineDeps,
  actor: Actor,
  caseId: string,
  reason: string | undefined,
): Promise<CaseRow> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const why = reason?.trim() ?? "";
  if (why.length < 2 || why.length > 1000) {
    throw errors.validation([{ field: "/reason", message: "say why the automatic decision is reversed" }]);
  }
  const seen = isUuid(caseId) ? await store.findCase(db, caseId) : undefined;
  if (!seen) throw errors.notFound("case");
  return db.transaction().execute(async (tx: Executor) => {
    const row = await store.lockCase(tx, seen.province_code, caseId);
    if (!row) throw errors.notFound("case");
    authorize(actor, "case.reverse", { regionCode: row.region_code });
    if (actor.kind !== "staff") throw errors.forbidden();
    if (!isAllowed(row.state, "reverse", stateFacts(row))) {
      throw caseErrors.notAllowed("reverse", row.state, allowedNow(row));
    }
    const t = new Transition(
      tx,
      deps,
      actor,
      row,
      await calendarFor(tx, row.region_code),
      deps.now ?? new Date(),
    );
    if (row.licence_id) {
      await revokeReversedLicence(tx, row.licence_id, actor.id, why, (entry) => t.audits.push(entry), t.now);
    }
    await taskStore.cancelOpenTasks(tx, row.province_code, row.id, t.now);
    t.set({
      decision: null,
      decided_at: null,
      decided_by_rules: false,
      outcome: null,
      closed_at: null,
      licence_id: null,
    });
    t.happen({ action: "reverse", reason: why, data: { licenceId: row.licence_id } });
    const decision = (row.plan as CasePlan).stages.findIndex((s) => s.kind === "decision");
    await startStage(t, decision);
    const saved = await t.commit();
    await afterTransition(t);
    return saved;
  });
}
