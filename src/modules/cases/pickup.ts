import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { calendarFor } from "../calendar/cached.ts";
import { type EngineDeps, SYSTEM, Transition } from "./context.ts";
import { afterTransition } from "./effects.ts";
import { allowedNow } from "./engine.ts";
import { caseErrors } from "./errors.ts";
import { deliverNow } from "./stages.ts";
import * as store from "./store.ts";
import type { CaseRow, CaseTaskRow, Delivery } from "./tables.ts";
import * as taskStore from "./tasks-store.ts";

/**
 * Delivery by pick-up without a window: from a hall's 24-hour smart locker (智能柜) — staff put the
 * result in a compartment, the applicant takes it out with a one-time code — or from a village point's
 * agent who brings it to the villager (送证上门). Either hand-over closes the case (办结) as the window's
 * "deliver" would.
 */

/** The open delivery task of a case waiting to be picked up, or why it is not waiting. */
export async function pickupTask(db: Executor, row: CaseRow): Promise<CaseTaskRow> {
  const delivery = row.delivery as Delivery;
  const task =
    row.state === "delivery" && delivery.method === "pickup" && !delivery.deliveredAt
      ? (await taskStore.tasksOf(db, row.province_code, row.id)).find(
          (t) => t.status === "open" && t.stage_kind === "delivery",
        )
      : undefined;
  if (!task) throw caseErrors.notAllowed("deliver", row.state, allowedNow(row));
  return task;
}

/** Closes the delivery of a case picked up from a locker, in the caller's transaction. */
export async function deliverFromLocker(
  tx: Executor,
  deps: EngineDeps,
  caseId: string,
  where: { site: string; locker: string; compartment: number },
): Promise<CaseRow> {
  // Where it was taken from goes into the delivery record and the event, as a tracking number does for post.
  return deliverInPerson(tx, deps, SYSTEM, caseId, { pickedUpFrom: where } as Partial<Delivery>);
}

/**
 * Closes the delivery of a case handed over in person, in the caller's transaction: by a locker (the
 * system), or by a village point's agent who brought the result to the villager (送证上门).
 */
export async function deliverInPerson(
  tx: Executor,
  deps: EngineDeps,
  actor: Actor,
  caseId: string,
  details: Partial<Delivery>,
): Promise<CaseRow> {
  const seen = await store.findCase(tx, caseId);
  const row = seen && (await store.lockCase(tx, seen.province_code, caseId));
  if (!row) throw errors.notFound("case");
  const task = await pickupTask(tx, row);
  const t = new Transition(
    tx,
    deps,
    actor,
    row,
    await calendarFor(tx, row.region_code),
    deps.now ?? new Date(),
  );
  await deliverNow(t, task, details);
  const saved = await t.commit();
  await afterTransition(t);
  return saved;
}
