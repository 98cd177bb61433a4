import { type Static, Type } from "typebox";
import type { FieldProblem } from "../../platform/errors.ts";
import { type ItemContent, LEVELS, Text } from "../catalog/content.ts";
import { HANDLING_ROLES } from "../identity/tables.ts";

/**
 * A process definition (办理流程): the stages a case of an item goes through, each as one or more
 * tasks of departments. More than one task in a stage is parallel review (并联审批/会签): the stage
 * ends when every task of it is done (the join). A department is named by line and level, and found
 * against the case's region when the case opens, so one definition serves every county that offers
 * the item.
 */
export const STAGE_KINDS = ["intake", "review", "decision", "issuance", "delivery"] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

const KEY = "^[a-z][a-z0-9_]{0,39}$";

export const TaskSpec = Type.Object({
  key: Type.String({ pattern: KEY }),
  name: Text,
  role: Type.Enum(HANDLING_ROLES),
  line: Type.Optional(
    Type.String({ maxLength: 60, description: "The department's line; the item's own when absent" }),
  ),
  level: Type.Optional(
    Type.Enum(LEVELS, { description: "The level of the department; the case region's own when absent" }),
  ),
  days: Type.Integer({ minimum: 0, maximum: 365, description: "This task's budget, in working days" }),
});
export type TaskSpec = Static<typeof TaskSpec>;

export const Stage = Type.Object({
  key: Type.String({ pattern: KEY }),
  kind: Type.Enum(STAGE_KINDS),
  name: Text,
  tasks: Type.Array(TaskSpec, { minItems: 1, maxItems: 10 }),
});
export type Stage = Static<typeof Stage>;

export const ProcessDefinition = Type.Object({
  stages: Type.Array(Stage, { minItems: 3, maxItems: 20 }),
  /**
   * What an overdue case does besides warning and escalating: `deemed_approval` grants it (视为准予,
   * where a law says silence is consent).
   */
  onOverdue: Type.Optional(Type.Enum(["escalate", "deemed_approval"])),
  /**
   * Working days the applicant has to answer a supplement request; after them the case lapses (逾期未
   * 补正的，视为撤回申请). Absent: no limit.
   */
  supplementDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  /** The largest file an applicant may upload for one material, in MB (10 when absent). */
  maxUploadMb: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  /** The e-licence a grant issues, for licence-type items. */
  licence: Type.Optional(
    Type.Object({
      type: Type.String({ pattern: KEY }),
      title: Text,
      validYears: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    }),
  ),
});
export type ProcessDefinition = Static<typeof ProcessDefinition>;

/** A stage's budget: the longest of its tasks, as they run side by side. */
export function stageDays(stage: Stage): number {
  return Math.max(...stage.tasks.map((t) => t.days));
}

/**
 * The order the law and the platform need: intake first; reviews; one decision; issuance only with a
 * licence to issue; delivery last. Every problem is named at once, by its path.
 */
export function definitionProblems(definition: ProcessDefinition, statutoryDays: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const kinds = definition.stages.map((s) => s.kind);
  const at = (i: number) => `/stages/${i}/kind`;
  if (kinds[0] !== "intake") problems.push({ field: at(0), message: "the first stage must be intake" });
  if (kinds.at(-1) !== "delivery") {
    problems.push({ field: at(kinds.length - 1), message: "the last stage must be delivery" });
  }
  const decision = kinds.indexOf("decision");
  if (decision < 0 || kinds.lastIndexOf("decision") !== decision) {
    problems.push({ field: "/stages", message: "there must be exactly one decision stage" });
  }
  kinds.forEach((kind, i) => {
    if (kind === "intake" && i !== 0) problems.push({ field: at(i), message: "intake comes only first" });
    if (kind === "review" && decision >= 0 && i > decision) {
      problems.push({ field: at(i), message: "reviews come before the decision" });
    }
    if ((kind === "issuance" || kind === "delivery") && i < decision) {
      problems.push({ field: at(i), message: `${kind} comes after the decision` });
    }
    if (kind === "delivery" && i !== kinds.length - 1) {
      problems.push({ field: at(i), message: "delivery comes only last" });
    }
    if (kind !== "review" && definition.stages[i]?.tasks.length !== 1) {
      problems.push({ field: `/stages/${i}/tasks`, message: `a ${kind} stage has exactly one task` });
    }
  });
  const issuance = kinds.includes("issuance");
  if (issuance && !definition.licence) {
    problems.push({ field: "/licence", message: "an issuance stage needs the licence it issues" });
  }
  if (definition.licence && !issuance) {
    problems.push({ field: "/stages", message: "a licence needs an issuance stage to issue it" });
  }
  const seen = new Set<string>();
  definition.stages.forEach((stage, i) => {
    for (const [j, task] of stage.tasks.entries()) {
      const key = `${stage.key}.${task.key}`;
      if (seen.has(key)) problems.push({ field: `/stages/${i}/tasks/${j}/key`, message: "is used twice" });
      seen.add(key);
    }
  });
  if (new Set(definition.stages.map((s) => s.key)).size !== definition.stages.length) {
    problems.push({ field: "/stages", message: "stage keys must differ" });
  }
  const total = definition.stages.reduce((sum, s) => sum + stageDays(s), 0);
  if (total > statutoryDays) {
    problems.push({
      field: "/stages",
      message: `the stages take ${total} working days, more than the statutory ${statutoryDays}`,
    });
  }
  return problems;
}

const stage = (kind: StageKind, key: string, name: Text, tasks: TaskSpec[]): Stage => ({
  key,
  kind,
  name,
  tasks,
});

const NAMES: Record<StageKind, Text> = {
  intake: { zh: "受理", en: "Intake" },
  review: { zh: "审查", en: "Review" },
  decision: { zh: "决定", en: "Decision" },
  issuance: { zh: "制证", en: "Issuance" },
  delivery: { zh: "送达", en: "Delivery" },
};

/**
 * The definition of an item that has none of its own, read off its guide's steps: a window clerk's
 * step is intake, an approver's the decision, any other a review in sequence; what the steps leave
 * out (intake, decision, issuance of a licence, delivery) is added with no days of its own.
 */
export function deriveDefinition(content: ItemContent, licenceType?: string): ProcessDefinition {
  const task = (key: string, name: Text, role: TaskSpec["role"], days: number, extra = {}): TaskSpec => ({
    key,
    name,
    role,
    days,
    ...extra,
  });
  const steps = content.steps;
  const intake = steps.find((s) => s.role === "window_clerk");
  const decision = steps.findLast((s) => s.role === "approver");
  const where = (s: ItemContent["steps"][number]) => ({
    ...(s.line ? { line: s.line } : {}),
    ...(s.level ? { level: s.level } : {}),
  });
  const stages: Stage[] = [
    stage("intake", "intake", intake?.name ?? NAMES.intake, [
      intake
        ? task(intake.key, intake.name, "window_clerk", intake.days, where(intake))
        : task("intake", NAMES.intake, "window_clerk", 0),
    ]),
  ];
  for (const s of steps) {
    if (s === intake || s === decision) continue;
    stages.push(stage("review", s.key, s.name, [task(s.key, s.name, s.role, s.days, where(s))]));
  }
  stages.push(
    stage("decision", decision?.key ?? "decision", decision?.name ?? NAMES.decision, [
      decision
        ? task(decision.key, decision.name, "approver", decision.days, where(decision))
        : task("decision", NAMES.decision, "approver", 0),
    ]),
  );
  const licence = content.type === "licence";
  if (licence) {
    stages.push(
      stage("issuance", "issuance", NAMES.issuance, [task("issuance", NAMES.issuance, "reviewer", 0)]),
    );
  }
  stages.push(
    stage("delivery", "delivery", NAMES.delivery, [task("delivery", NAMES.delivery, "window_clerk", 0)]),
  );
  return {
    stages,
    ...(licence ? { licence: { type: licenceType ?? "licence", title: content.name } } : {}),
  };
}
