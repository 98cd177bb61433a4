import type { FieldIssue } from "../applicants/errors.ts";
import type { EditorModel, TextPair } from "./admin-form.ts";
import { formAnchor } from "./admin-form-fields.ts";

/**
 * Where a problem shows: the posted field a service's problem (a JSON pointer into the content) is
 * about, and the order problems are listed in.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const isPair = (v: unknown): v is TextPair => isObject(v) && !Array.isArray(v) && "zh" in v && "en" in v;

/** The posted field a service's problem is about (`/materials/2/condition` → `materials.2.condition.zh`). */
export function anchorName(issue: FieldIssue, model: EditorModel): string {
  const segments = issue.field.split("/").filter(Boolean);
  if (segments[0] === "form") return formAnchor(issue, model.form);
  if (segments[0] === "fee" && segments[1] === "fen") return "fee.yuan";
  let node: unknown = model;
  const parts: string[] = [];
  for (const segment of segments) {
    // A list of checkboxes is one group: its problems belong to the group, not to one box.
    if (!isObject(node) || !(segment in node) || (Array.isArray(node) && typeof node[0] === "string")) break;
    node = (node as Record<string, unknown>)[segment];
    parts.push(segment);
  }
  if (parts.length === 0) return "name.zh";
  if (isPair(node)) parts.push("zh");
  return parts.join(".");
}

const PAGE_ORDER = [
  "name",
  "type",
  "line",
  "levels",
  "audience",
  "events",
  "summary",
  "keywords",
  "legalBasis",
  "conditions",
  "materials",
  "form",
  "statutoryDays",
  "promisedDays",
  "steps",
  "fee",
  "visits",
  "fullyOnline",
  "channels",
  "commitmentAllowed",
  "faq",
];
const FORM_ORDER = ["pages", "fields", "schema", "ui"];

/** Problems in the order their fields come on the page, so the error summary reads from top to bottom. */
export function inPageOrder<T extends { name: string }>(items: T[]): T[] {
  const rank = (name: string): number[] => {
    const [top = "", second = "", third = ""] = name.split(".");
    const section = PAGE_ORDER.indexOf(top);
    const number = (v: string) => (/^\d+$/.test(v) ? Number(v) : 0);
    return top === "form"
      ? [section, FORM_ORDER.indexOf(second), number(third)]
      : [section < 0 ? PAGE_ORDER.length : section, number(second), 0];
  };
  return items
    .map((item, i) => ({ item, key: [...rank(item.name), i] }))
    .sort((a, b) => a.key.reduce((d, v, k) => d || v - (b.key[k] ?? 0), 0))
    .map((x) => x.item);
}
