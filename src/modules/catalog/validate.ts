import { Value } from "typebox/value";
import type { FieldIssue } from "../applicants/errors.ts";
import { lineByCode } from "../departments/lines.ts";
import { type DraftContent, ItemContent, type Text } from "./content.ts";
import { formProblems } from "./form-schema.ts";
import { ruleProblems } from "./rules.ts";

/**
 * The rules a version's content must keep. A draft may be unfinished but never wrong (a promise
 * beyond the statute, an unknown line, a form Ajv cannot compile); a version to publish must also be
 * complete. Every problem is listed at once, each at its field.
 */

export const ITEM_CODE = /^[0-9A-Z][0-9A-Z-]{2,39}$/;

const blank = (text: Text | undefined) => !text || text.zh.trim() === "";

export function draftProblems(content: DraftContent): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (blank(content.name)) issues.push({ field: "/name/zh", key: "catalog.problem.required" });
  if (content.line !== undefined && !lineByCode(content.line))
    issues.push({ field: "/line", key: "catalog.problem.unknownLine", params: { line: content.line } });
  const { statutoryDays, promisedDays } = content;
  if (statutoryDays !== undefined && promisedDays !== undefined && promisedDays > statutoryDays)
    issues.push({
      field: "/promisedDays",
      key: "catalog.problem.promiseOverStatute",
      params: { promised: promisedDays, statutory: statutoryDays },
    });
  if (content.form) issues.push(...formProblems(content.form));
  content.steps?.forEach((step, i) => {
    if (step.line !== undefined && !lineByCode(step.line))
      issues.push({
        field: `/steps/${i}/line`,
        key: "catalog.problem.unknownLine",
        params: { line: step.line },
      });
  });
  const duplicate = (keys: string[] | undefined, at: string) =>
    keys?.forEach((key, i) => {
      if (keys.indexOf(key) !== i)
        issues.push({ field: `${at}/${i}/key`, key: "catalog.problem.keyTwice", params: { key } });
    });
  duplicate(
    content.materials?.map((m) => m.key),
    "/materials",
  );
  duplicate(
    content.steps?.map((s) => s.key),
    "/steps",
  );
  content.materials?.forEach((m, i) => {
    if (!m.required && blank(m.condition))
      issues.push({ field: `/materials/${i}/condition`, key: "catalog.problem.conditionMissing" });
  });
  if (content.decisionRules) issues.push(...ruleProblems(content.decisionRules));
  return issues;
}

/** Top-level parts of the guide that Typebox reports missing, by their JSON pointer. */
function missingParts(content: DraftContent): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  const add = (field: string, key: "catalog.problem.required" | "catalog.problem.invalid") => {
    if (seen.has(field)) return;
    seen.add(field);
    issues.push({ field, key });
  };
  for (const error of Value.Errors(ItemContent, content)) {
    if (error.keyword === "required") {
      const names = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      for (const name of names) add(`${error.instancePath}/${name}`, "catalog.problem.required");
    } else add(error.instancePath || "/", "catalog.problem.invalid");
  }
  return issues;
}

const texts = (content: DraftContent): [string, Text | undefined][] => [
  ["/name", content.name],
  ["/summary", content.summary],
  ...(content.materials ?? []).map((m, i): [string, Text] => [`/materials/${i}/name`, m.name]),
  ...(content.steps ?? []).map((s, i): [string, Text] => [`/steps/${i}/name`, s.name]),
];

/**
 * What publishing needs beyond a sound draft: every element of the guide, the English beside the
 * Chinese, and steps that fit in the promised time.
 */
export function publishProblems(content: DraftContent): FieldIssue[] {
  const issues = [...draftProblems(content), ...missingParts(content)];
  for (const [at, text] of texts(content)) {
    if (text && text.zh.trim() !== "" && text.en.trim() === "")
      issues.push({ field: `${at}/en`, key: "catalog.problem.englishMissing" });
  }
  const stepDays = (content.steps ?? []).reduce((sum, s) => sum + s.days, 0);
  if (content.promisedDays !== undefined && stepDays > content.promisedDays)
    issues.push({
      field: "/steps",
      key: "catalog.problem.stepsOverPromise",
      params: { days: stepDays, promised: content.promisedDays },
    });
  if (content.fullyOnline && content.visits !== undefined && content.visits > 0)
    issues.push({ field: "/visits", key: "catalog.problem.onlineWithVisits" });
  if (content.fullyOnline && content.channels && !content.channels.includes("online"))
    issues.push({ field: "/channels", key: "catalog.problem.onlineWithoutChannel" });
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.field} ${i.key}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
