import { provinceId } from "../../platform/db/distribution.ts";
import type { Transition } from "./context.ts";
import type { CasePlan, CaseTaskRow, Delivery } from "./tables.ts";
import * as taskStore from "./tasks-store.ts";

/**
 * Moving a case along its plan: opening a stage makes one task per department of the stage, each due
 * its own budget of working days from now; a stage of delivery by download delivers itself, as the
 * document is there to download once the decision (and licence) exist.
 */
export async function startStage(
  t: Transition,
  index: number,
  assignees: ReadonlyMap<string, string> = new Map(),
): Promise<CaseTaskRow[]> {
  const plan = t.row.plan as CasePlan;
  const stage = plan.stages[index];
  if (!stage) throw new Error(`Case ${t.row.number} has no stage ${index}`);
  t.set({ stage_index: index, state: stage.kind });
  const tasks = await taskStore.insertTasks(
    t.tx,
    stage.tasks.map((task) => ({
      case_id: t.row.id,
      province_code: t.row.province_code,
      id: provinceId(t.row.province_code),
      region_code: t.row.region_code,
      stage_index: index,
      stage_kind: stage.kind,
      task_key: task.key,
      name: JSON.stringify(task.name),
      role: task.role,
      department_id: task.departmentId,
      work_region_code: task.regionCode ?? t.row.region_code,
      assignee_id: assignees.get(task.key) ?? null,
      due_at: t.calendar.addWorkingDays(t.now, task.days).due,
    })),
  );
  t.newTasks.push(...tasks);
  if (stage.kind === "delivery" && (t.row.delivery as Delivery).method === "download") {
    await deliverNow(t, tasks[0] ?? null, { method: "download" });
  }
  return tasks;
}

/** The next stage, once every task of the current one is done (the join of a parallel stage). */
export async function advanceIfJoined(t: Transition): Promise<boolean> {
  const open = (await taskStore.tasksOf(t.tx, t.row.province_code, t.row.id)).filter(
    (task) => task.stage_index === t.row.stage_index && task.status === "open",
  );
  if (open.length > 0) return false;
  await startStage(t, t.row.stage_index + 1);
  return true;
}

/** Hands over the result and closes the case (办结). */
export async function deliverNow(
  t: Transition,
  task: CaseTaskRow | null,
  details: Partial<Delivery>,
): Promise<void> {
  if (task) {
    await taskStore.updateTask(t.tx, task.province_code, task.id, {
      status: "done",
      completed_at: t.now,
      completed_by: t.actor.kind === "staff" ? t.actor.id : null,
    });
  }
  const delivery = { ...(t.row.delivery as Delivery), ...details, deliveredAt: t.now.toISOString() };
  t.set({ delivery });
  t.happen({ action: "deliver", task, data: { method: delivery.method, ...details } }, "delivery");
  t.close(t.row.decision === "deemed_granted" ? "deemed_granted" : "granted");
  t.happen({ action: "close", data: { outcome: t.row.outcome } }, "closed");
}
