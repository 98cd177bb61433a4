import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { calendarFor } from "../calendar/cached.ts";
import { type EngineDeps, Transition } from "./context.ts";
import { afterTransition } from "./effects.ts";
import { allowedNow, stateFacts } from "./engine.ts";
import { caseErrors } from "./errors.ts";
import { readFacts } from "./facts.ts";
import * as materialStore from "./materials-store.ts";
import * as pauseStore from "./pauses-store.ts";
import { type ApplicantAction, isAllowed } from "./states.ts";
import * as store from "./store.ts";
import type { CaseMaterialInput, CaseRow } from "./tables.ts";
import * as taskStore from "./tasks-store.ts";
import { endPause } from "./transitions.ts";

/** A corrected application, as the applications module hands it over on resubmission. */
export interface Correction {
  data: Record<string, unknown>;
  /** The fields whose answers changed, with the old and new values. */
  changed: Record<string, { from: unknown; to: unknown }>;
  materials: CaseMaterialInput[];
  /** The keys of materials replaced or added. */
  replaced: string[];
}

/**
 * The applicant's actions on their case: withdraw before the decision (撤回申请), and resubmit after
 * a supplement request (补正后重新提交). The person who submitted it for them may do the same, and a
 * clerk who took the correction over at a window may resubmit it.
 */
export async function applicantAct(
  db: Db | Executor,
  deps: EngineDeps,
  actor: Actor,
  caseId: string,
  action: ApplicantAction,
  details: {
    version?: number | undefined;
    reason?: string | undefined;
    correction?: Correction;
    /** Who holds the corrected application: a clerk who took it over at a window (窗口补正). */
    heldBy?: { kind: "person" | "staff" | "client"; id: string };
  } = {},
): Promise<CaseRow> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const seen = isUuid(caseId) ? await store.findCase(db, caseId) : undefined;
  if (!seen) throw errors.notFound("case");
  const work = async (tx: Executor) => {
    const row = await store.lockCase(tx, seen.province_code, caseId);
    if (!row) throw errors.notFound("case");
    const facts = await readFacts(tx, row, actor);
    authorize(actor, "case.read", facts);
    // Handlers and supervisors see the case; only its applicant's side acts as the applicant.
    const atWindow =
      action === "resubmit" &&
      details.heldBy !== undefined &&
      can(actor, "case.correctAtWindow", details.heldBy);
    if (!can(actor, "case.applicantAct", facts) && !atWindow) throw errors.forbidden();
    if (details.version !== undefined && details.version !== row.version) {
      throw caseErrors.staleTask(allowedNow(row));
    }
    if (!isAllowed(row.state, action, stateFacts(row))) {
      throw caseErrors.notAllowed(action, row.state, allowedNow(row));
    }
    const onBehalfOf =
      row.applicant_kind === "organisation" || row.applicant_id !== actor.id ? row.applicant_id : null;
    const t = new Transition(
      tx,
      deps,
      actor,
      row,
      await calendarFor(tx, row.region_code),
      deps.now ?? new Date(),
      onBehalfOf,
    );
    if (action === "withdraw") {
      await taskStore.cancelOpenTasks(tx, row.province_code, row.id, t.now);
      if (row.paused_since)
        await pauseStore.endOpenPause(tx, row.province_code, row.id, {
          endedAt: t.now,
          workingDays: 0,
          endedBy: null,
        });
      t.close("withdrawn");
      t.happen({ action: "withdraw", reason: details.reason?.trim() || null }, "closed");
    } else {
      const correction = details.correction;
      if (!correction) throw new Error("A resubmission needs the corrected application");
      const days = endPause(t);
      if (row.paused_since) {
        await pauseStore.endOpenPause(tx, row.province_code, row.id, {
          endedAt: t.now,
          workingDays: days,
          endedBy: null,
        });
      }
      t.set({ data: correction.data, supplement_due_at: null });
      await materialStore.replaceMaterials(
        tx,
        row.id,
        row.region_code,
        correction.materials.filter((m) => correction.replaced.includes(m.key)),
      );
      t.happen({
        action: "resubmit",
        data: { changed: correction.changed, materials: correction.replaced, pausedDays: days },
      });
    }
    const saved = await t.commit();
    await afterTransition(t);
    return saved;
  };
  return db.isTransaction ? work(db) : (db as Db).transaction().execute(work);
}
