import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import type { ProcessDefinition, Stage } from "../cases/definition.ts";
import { checkProcessDefinition, saveProcessDefinition } from "../cases/service.ts";
import { type MiningContext, type MiningQuery, miningContext } from "./mining.ts";
import * as store from "./mining-store.ts";
import { explain } from "./whatif-explain.ts";
import { bootstrap, type Summary, summarize } from "./whatif-sampling.ts";

/**
 * What-if re-engineering (issue 9): a proposed change to a process, checked as the definitions
 * service checks any version, and its effect on the total time estimated from how long each step of
 * the current version really took.
 */
export type Change =
  | { kind: "parallel"; stages: [string, string] }
  | { kind: "remove"; step: string }
  | { kind: "budget"; step: string; days: number };

/** Fewer closed cases than this give no estimate: a handful of cases says little about the next ones. */
export const MINIMUM_CASES = 30;
/** The newest closed cases used, at most: enough for a steady estimate, bounded for a province. */
export const CASE_LIMIT = 20_000;
export const DEFAULT_SAMPLES = 1000;
export const DEFAULT_SEED = 20_260_101;

/** A stage of the proposal whose tasks remember the step ("stage.task") of today's process they were. */
export interface ModelStage {
  key: string;
  tasks: { key: string; origin: string }[];
}

export interface Proposal {
  definition: ProcessDefinition;
  model: ModelStage[];
  budgets: { step: string; previousDays: number; days: number }[];
}

const stepsOf = (stages: Stage[]) => stages.flatMap((s) => s.tasks.map((t) => `${s.key}.${t.key}`));

/**
 * Applies the changes in order to the definition. A step is named "stage.task" (or by its stage's key
 * when the stage has one task); stages made parallel must follow one another. Every problem is named,
 * with the steps there are.
 */
export function applyChanges(definition: ProcessDefinition, changes: Change[]): Proposal {
  let stages: (Stage & { origins: string[] })[] = definition.stages.map((s) => ({
    ...s,
    tasks: [...s.tasks],
    origins: s.tasks.map((t) => `${s.key}.${t.key}`),
  }));
  const budgets: Proposal["budgets"] = [];
  const problems: FieldProblem[] = [];
  const find = (step: string) => {
    const [stageKey, taskKey] = step.split(".");
    const i = stages.findIndex((s) => s.key === stageKey);
    const stage = stages[i];
    if (!stage) return undefined;
    const j =
      taskKey === undefined
        ? stage.tasks.length === 1
          ? 0
          : -1
        : stage.tasks.findIndex((t) => t.key === taskKey);
    return j < 0 ? undefined : { i, j };
  };
  changes.forEach((change, n) => {
    const unknown = (field: string) =>
      problems.push({
        field: `/changes/${n}/${field}`,
        message: `is not a step of this process; the steps are ${stepsOf(stages).join(", ")}`,
      });
    if (change.kind === "parallel") {
      const [a, b] = change.stages.map((key) => stages.findIndex((s) => s.key === key)) as [number, number];
      if (a < 0 || b < 0) {
        problems.push({
          field: `/changes/${n}/stages`,
          message: `names a stage this process does not have; the stages are ${stages.map((s) => s.key).join(", ")}`,
        });
        return;
      }
      const [first, second] = a < b ? [a, b] : [b, a];
      if (second !== first + 1) {
        problems.push({
          field: `/changes/${n}/stages`,
          message: "only stages that follow one another can be made parallel",
        });
        return;
      }
      const x = stages[first] as (typeof stages)[number];
      const y = stages[second] as (typeof stages)[number];
      const merged = { ...x, tasks: [...x.tasks, ...y.tasks], origins: [...x.origins, ...y.origins] };
      stages = [...stages.slice(0, first), merged, ...stages.slice(second + 1)];
      return;
    }
    const at = find(change.step);
    if (!at) {
      unknown("step");
      return;
    }
    const stage = stages[at.i] as (typeof stages)[number];
    if (change.kind === "remove") {
      if (stage.tasks.length === 1) stages = stages.filter((_, i) => i !== at.i);
      else {
        stages[at.i] = {
          ...stage,
          tasks: stage.tasks.filter((_, j) => j !== at.j),
          origins: stage.origins.filter((_, j) => j !== at.j),
        };
      }
      return;
    }
    const task = stage.tasks[at.j] as Stage["tasks"][number];
    budgets.push({ step: stage.origins[at.j] as string, previousDays: task.days, days: change.days });
    stages[at.i] = {
      ...stage,
      tasks: stage.tasks.map((t, j) => (j === at.j ? { ...t, days: change.days } : t)),
    };
  });
  if (problems.length > 0) throw errors.validation(problems);
  return {
    definition: { ...definition, stages: stages.map(({ origins: _, ...s }) => s) },
    model: stages.map((s) => ({
      key: s.key,
      tasks: s.tasks.map((t, j) => ({ key: t.key, origin: s.origins[j] as string })),
    })),
    budgets,
  };
}

/** A proposal changes something: one without a change would estimate or save today's process again. */
function nonEmpty(changes: Change[]): Change[] {
  if (changes.length === 0)
    throw errors.validation([{ field: "/changes", message: "name at least one change" }]);
  return changes;
}

/** A case's total under a model: stages one after another add up, tasks side by side take the longest. */
export function modelTotal(model: ModelStage[], days: ReadonlyMap<string, number>): number {
  return model.reduce(
    (sum, stage) => sum + Math.max(0, ...stage.tasks.map((t) => days.get(t.origin) ?? 0)),
    0,
  );
}

export interface WhatIfInput extends MiningQuery {
  changes: Change[];
  samples?: number | undefined;
  seed?: number | undefined;
}

export type NoEstimate = "no_history" | "too_few_cases";

export interface WhatIfResult {
  item: MiningContext["item"] & { version: number };
  region: { code: string; name: string };
  period: { from: string; to: string };
  uncertain: boolean;
  proposed: ProcessDefinition;
  /** Closed cases that went through every step of the version: the sample the estimate rests on. */
  casesUsed: number;
  minimumCases: number;
  samples: number;
  seed: number;
  estimate: { baseline: Summary; proposal: Summary; saving: Summary } | null;
  reason: NoEstimate | null;
  budgets: (Proposal["budgets"][number] & { shareOver: number | null; shareOverPrevious: number | null })[];
  explanation: { zh: string; en: string };
}

/** The proposal checked and its estimated effect, or the reason there is no estimate. */
export async function whatIf(
  db: Executor,
  actor: Actor,
  input: WhatIfInput,
  options: { minimumCases?: number; now?: Date } = {},
): Promise<WhatIfResult> {
  const ctx = await miningContext(db, actor, input, options.now);
  const proposal = applyChanges(ctx.definition.process, nonEmpty(input.changes));
  await checkProcessDefinition(db, ctx.item.id, proposal.definition);
  const minimumCases = options.minimumCases ?? MINIMUM_CASES;
  const samples = input.samples ?? DEFAULT_SAMPLES;
  const seed = input.seed ?? DEFAULT_SEED;

  const steps = stepsOf(ctx.definition.process.stages);
  const byIndex = ctx.definition.process.stages.map((s) => s.key);
  const perCase = new Map<string, Map<string, number>>();
  for (const row of await store.closedCaseSteps(db, ctx.scope, CASE_LIMIT)) {
    if (row.days === null) continue;
    const days = perCase.get(row.case_id) ?? new Map<string, number>();
    days.set(`${byIndex[row.stage_index]}.${row.task_key}`, row.days);
    perCase.set(row.case_id, days);
  }
  // Only cases that went the whole way: a case refused at intake says nothing of the reviews' time.
  const complete = [...perCase.values()].filter((days) => steps.every((s) => days.has(s)));
  const budgets = proposal.budgets.map((b) => {
    const over = (limit: number) =>
      complete.length === 0
        ? null
        : Math.round((complete.filter((d) => (d.get(b.step) ?? 0) > limit).length / complete.length) * 100) /
          100;
    return { ...b, shareOver: over(b.days), shareOverPrevious: over(b.previousDays) };
  });
  const reason: NoEstimate | null =
    complete.length === 0 ? "no_history" : complete.length < minimumCases ? "too_few_cases" : null;
  const baselineModel: ModelStage[] = ctx.definition.process.stages.map((s) => ({
    key: s.key,
    tasks: s.tasks.map((t) => ({ key: t.key, origin: `${s.key}.${t.key}` })),
  }));
  const estimate =
    reason === null
      ? estimateOf(
          complete.map((d) => modelTotal(baselineModel, d)),
          complete.map((d) => modelTotal(proposal.model, d)),
          samples,
          seed,
        )
      : null;
  const result = {
    item: { ...ctx.item, version: ctx.definition.version },
    region: { code: ctx.region.code, name: ctx.region.name },
    period: ctx.period,
    uncertain: ctx.uncertain,
    proposed: proposal.definition,
    casesUsed: complete.length,
    minimumCases,
    samples,
    seed,
    estimate,
    reason,
    budgets,
  };
  return { ...result, explanation: explain(result, input.changes) };
}

/** The three figures on today's sample, and their 95% intervals from resampling the cases. */
function estimateOf(baseline: number[], proposal: number[], samples: number, seed: number) {
  const saving = baseline.map((b, i) => b - (proposal[i] as number));
  const intervals = bootstrap([baseline, proposal, saving], samples, seed);
  return {
    baseline: summarize(baseline, intervals[0]),
    proposal: summarize(proposal, intervals[1]),
    saving: summarize(saving, intervals[2]),
  };
}

/**
 * Saves the proposal as a draft version of the item's process, for the catalogue manager: the same
 * checks and audit as any version, and no case runs on it until it is saved again as published.
 */
export async function saveDraft(
  db: Db,
  actor: Actor,
  input: Omit<WhatIfInput, "samples" | "seed">,
  origin: { requestId?: string } = {},
): Promise<{ id: string; version: number; status: "draft" }> {
  authorize(actor, "insights.propose");
  const ctx = await miningContext(db, actor, input);
  const proposal = applyChanges(ctx.definition.process, nonEmpty(input.changes));
  const saved = await saveProcessDefinition(db, actor, ctx.item.code, proposal.definition, {
    ...origin,
    status: "draft",
  });
  return { ...saved, status: "draft" };
}
