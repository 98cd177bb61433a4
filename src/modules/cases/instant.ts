import type { Text } from "../catalog/content.ts";
import type { Transition } from "./context.ts";
import { issueCaseLicence } from "./issuing.ts";
import { startStage } from "./stages.ts";
import type { CasePlan } from "./tables.ts";

/** Instant approval's verdict on a new case: whether the item's rules grant, and why, condition by condition. */
export interface RulesVerdict {
  decision: "grant" | "human";
  conditions: unknown[];
  legalBasis: Text;
}

/**
 * 秒批: every rule held, so the system accepts and grants at once, with the rules' explanation on the
 * grant, issues the licence when the plan has one, and goes on to delivery (which a download finishes
 * at once). Nothing waits for a person; a supervisor may still review and reverse it.
 */
export async function decideInstantly(t: Transition, verdict: RulesVerdict): Promise<void> {
  const plan = t.row.plan as CasePlan;
  const decision = plan.stages.findIndex((s) => s.kind === "decision");
  t.set({ accepted_at: t.now });
  t.recomputeClock();
  t.happen({
    action: "accept",
    data: { automatic: true, dueAt: t.row.due_at, statutoryDueAt: t.row.statutory_due_at },
  });
  t.set({
    decision: "granted",
    decided_at: t.now,
    decided_by_rules: true,
    stage_index: decision,
    state: "decision",
  });
  t.happen({
    action: "grant",
    reason: "所有秒批条件均已满足 / every instant-approval condition holds",
    data: { automatic: true, legalBasis: verdict.legalBasis, conditions: verdict.conditions },
  });
  const next = decision + 1;
  if (plan.stages[next]?.kind === "issuance" && plan.licence) {
    t.set({ stage_index: next, state: "issuance" });
    const licence = await issueCaseLicence(t);
    t.set({ licence_id: licence.id });
    t.happen({ action: "issue", data: { licenceId: licence.id, automatic: true } });
    await startStage(t, next + 1);
    return;
  }
  await startStage(t, next);
}
