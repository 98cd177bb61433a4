import type { FieldIssue } from "../applicants/errors.ts";
import type { DecisionRules, RuleCondition } from "./content.ts";

/**
 * Instant approval's rules (秒批): each condition reads one value — from the form or from a registry
 * record about the applicant — and holds, fails, or cannot be decided because the value is missing or
 * not of the kind the operator compares. Only when every condition holds does the system grant; a
 * failing or undecidable one sends the case to a person, with this same explanation. Never a guess.
 */

/** What the rules read: the answers, and each registry's record about the applicant (null: none). */
export interface RuleData {
  form: Record<string, unknown>;
  registries: Record<string, Record<string, unknown> | null>;
}

export interface ConditionResult {
  id: string;
  label: { zh: string; en: string };
  source: "form" | "registry";
  registry: string | null;
  field: string;
  op: RuleCondition["op"];
  expected: RuleCondition["value"];
  /** The value read; null when there was none. */
  actual: unknown;
  /** true: holds; false: fails; null: undecidable (missing or unusable value). */
  holds: boolean | null;
}

export interface RuleOutcome {
  decision: "grant" | "human";
  conditions: ConditionResult[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whole years from a birth date to a day, both YYYY-MM-DD. */
export function ageOn(born: string, on: string): number {
  const [by, bm, bd] = born.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function compare(op: RuleCondition["op"], actual: unknown, expected: RuleCondition["value"], on: string) {
  if (actual === null || actual === undefined || actual === "") return null;
  switch (op) {
    case "eq":
      return actual === expected;
    case "ne":
      return actual !== expected;
    case "in":
      return Array.isArray(expected) ? (expected as unknown[]).includes(actual) : null;
    case "startsWith":
      return typeof actual === "string" && typeof expected === "string" ? actual.startsWith(expected) : null;
    case "ageAtLeast":
    case "ageBelow": {
      if (typeof actual !== "string" || !DAY.test(actual) || typeof expected !== "number") return null;
      const age = ageOn(actual, on);
      return op === "ageAtLeast" ? age >= expected : age < expected;
    }
    default: {
      const same =
        typeof actual === typeof expected && (typeof actual === "number" || typeof actual === "string");
      if (!same) return null;
      const a = actual as number | string;
      const e = expected as number | string;
      return op === "gt" ? a > e : op === "gte" ? a >= e : op === "lt" ? a < e : a <= e;
    }
  }
}

/** Runs every condition on the data, on the day `on` (YYYY-MM-DD, China time). */
export function evaluateRules(rules: DecisionRules, data: RuleData, on: string): RuleOutcome {
  const conditions = rules.conditions.map((c): ConditionResult => {
    const record = c.source === "registry" ? (data.registries[c.registry ?? ""] ?? null) : data.form;
    const actual = record?.[c.field] ?? null;
    return {
      id: c.id,
      label: c.label,
      source: c.source,
      registry: c.registry ?? null,
      field: c.field,
      op: c.op,
      expected: c.value,
      actual,
      holds: compare(c.op, actual, c.value, on),
    };
  });
  return { decision: conditions.every((c) => c.holds === true) ? "grant" : "human", conditions };
}

/** The registries the rules read, each with the fields it must give. */
export function registriesRead(rules: DecisionRules): Map<string, string[]> {
  const needed = new Map<string, string[]>();
  for (const c of rules.conditions) {
    if (c.source !== "registry" || !c.registry) continue;
    needed.set(c.registry, [...new Set([...(needed.get(c.registry) ?? []), c.field])]);
  }
  return needed;
}

/**
 * What makes rules unfit to publish: a registry condition naming no registry, ids twice, no test that
 * grants or none that sends to a person, and any test the rules do not decide as it expects.
 */
export function ruleProblems(rules: DecisionRules): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const ids = new Set<string>();
  rules.conditions.forEach((c, i) => {
    if (ids.has(c.id))
      issues.push({
        field: `/decisionRules/conditions/${i}/id`,
        key: "catalog.problem.keyTwice",
        params: { key: c.id },
      });
    ids.add(c.id);
    if (c.source === "registry" && !c.registry) {
      issues.push({ field: `/decisionRules/conditions/${i}/registry`, key: "catalog.problem.required" });
    }
  });
  if (!rules.tests.some((x) => x.expect === "grant") || !rules.tests.some((x) => x.expect === "human")) {
    issues.push({ field: "/decisionRules/tests", key: "catalog.problem.ruleTestsMissing" });
  }
  rules.tests.forEach((test, i) => {
    const outcome = evaluateRules(rules, { form: test.form, registries: test.registries }, test.on);
    if (outcome.decision !== test.expect) {
      issues.push({
        field: `/decisionRules/tests/${i}`,
        key: "catalog.problem.ruleTestFails",
        params: { name: test.name, expected: test.expect, actual: outcome.decision },
      });
    }
  });
  return issues;
}
