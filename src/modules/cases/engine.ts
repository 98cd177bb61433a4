import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { calendarFor } from "../calendar/cached.ts";
import { type EngineDeps, Transition } from "./context.ts";
import { afterTransition } from "./effects.ts";
import { caseErrors } from "./errors.ts";
import { readFacts, taskWork } from "./facts.ts";
import { allowedActions, isAllowed, type StateFacts } from "./states.ts";
import * as store from "./store.ts";
import type { CasePlan, CaseRow, CaseTaskRow } from "./tables.ts";
import * as taskStore from "./tasks-store.ts";
import { handlerFor, heldByOther, missingFields, type TaskActionInput } from "./transitions.ts";

/**
 * The engine's entry points: staff act on a task, the applicant on their case. Each runs in one
 * transaction that locks the case first (then the task), so two people acting at once are put in
 * order, and the second finds the task's version moved (409), never a double transition.
 */

/** Facts beyond the state that decide which actions are allowed. */
export function stateFacts(row: CaseRow): StateFacts {
  const plan = row.plan as CasePlan;
  const at = row.state === "paused" || row.state === "supplement" ? -1 : row.stage_index;
  return {
    canReturn: at > 0 && plan.stages[at - 1]?.kind === "review",
    decidedByRules: row.decided_by_rules && row.decision === "granted",
  };
}

export function allowedNow(row: CaseRow): string[] {
  return allowedActions(row.state, stateFacts(row));
}

async function transaction<T>(db: Db | Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : (db as Db).transaction().execute(work);
}

export async function actOnTask(
  db: Db,
  deps: EngineDeps,
  actor: Actor,
  taskId: string,
  input: TaskActionInput,
): Promise<CaseRow> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const seen = isUuid(taskId) ? await taskStore.findTask(db, taskId) : undefined;
  if (!seen) throw errors.notFound("task");
  return transaction(db, async (tx) => {
    const row = await store.lockCase(tx, seen.province_code, seen.case_id);
    const task = await taskStore.lockTask(tx, seen.province_code, taskId);
    if (!row || !task) throw errors.notFound("task");
    const work = taskWork(task, row);
    if (!can(actor, "task.work", work)) {
      // Someone who may see the case learns they may not work this task; anyone else, that it is not there.
      authorize(actor, "case.read", await readFacts(tx, row));
      throw errors.forbidden();
    }
    const facts = stateFacts(row);
    const allowed = allowedActions(row.state, facts);
    if (input.version !== undefined && input.version !== task.version) throw caseErrors.staleTask(allowed);
    if (task.status !== "open" || task.stage_index !== row.stage_index) throw caseErrors.taskClosed();
    if (!isAllowed(row.state, input.action, facts)) {
      throw caseErrors.notAllowed(input.action, row.state, allowed);
    }
    const t = new Transition(
      tx,
      deps,
      actor,
      row,
      await calendarFor(tx, row.region_code),
      deps.now ?? new Date(),
    );
    checkHolder(t, task, input);
    const problems = missingFields(input, row.delivery);
    if (problems.length > 0) throw errors.validation(problems);
    await handlerFor(input.action)(t, task, input);
    const saved = await t.commit();
    await afterTransition(t);
    return saved;
  });
}

/** A claimed task is acted on by its holder; claiming or assigning one held by another is refused. */
function checkHolder(t: Transition, task: CaseTaskRow, input: TaskActionInput): void {
  if (input.action === "transfer" || input.action === "release") {
    if (task.assignee_id === null || heldByOther(t, task)) {
      throw caseErrors.assignedElsewhere(allowedNow(t.row));
    }
    return;
  }
  if (heldByOther(t, task)) throw caseErrors.assignedElsewhere(allowedNow(t.row));
}
