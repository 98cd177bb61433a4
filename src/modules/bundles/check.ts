import type { Executor } from "../../platform/db/database.ts";
import type { FieldProblem } from "../../platform/errors.ts";
import { translator } from "../../platform/i18n/index.ts";
import type { ItemContent } from "../catalog/content.ts";
import { formProblems } from "../catalog/form-schema.ts";
import { publicItem } from "../catalog/service.ts";
import { type BundleDefinition, formFields } from "./definition.ts";

const english = translator("en");

/**
 * What is wrong with a definition beyond its shape, every problem at once: the combined form as a form,
 * each child a published item named once, and each mapping naming a field (or material) that both the
 * combined side and the child's side have — a mapping to nothing would drop an answer silently.
 */
export async function definitionProblems(
  db: Executor,
  definition: BundleDefinition,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = formProblems(definition.form).map((i) => ({
    field: `/definition${i.field}`,
    message: english(i.key, i.params),
  }));
  const combined = new Set(formFields(definition.form));
  const materials = new Set(definition.materials.map((m) => m.key));
  if (materials.size !== definition.materials.length) {
    problems.push({ field: "/definition/materials", message: "names one material key twice" });
  }
  const seen = new Set<string>();
  for (const [i, child] of definition.children.entries()) {
    const at = `/definition/children/${i}`;
    if (seen.has(child.itemCode)) problems.push({ field: `${at}/itemCode`, message: "is named twice" });
    seen.add(child.itemCode);
    const content = await publishedContent(db, child.itemCode);
    if (!content) {
      problems.push({ field: `${at}/itemCode`, message: `is not a published item (${child.itemCode})` });
      continue;
    }
    const own = new Set(formFields(content.form));
    const ownMaterials = new Set(content.materials.map((m) => m.key));
    for (const [from, to] of Object.entries(child.fields)) {
      if (!combined.has(from)) {
        problems.push({ field: `${at}/fields/${from}`, message: "is not a field of the combined form" });
      }
      if (!own.has(to)) {
        problems.push({
          field: `${at}/fields/${from}`,
          message: `maps to ${to}, not a field of the item's form`,
        });
      }
    }
    for (const [from, to] of Object.entries(child.materials)) {
      if (!materials.has(from)) {
        problems.push({ field: `${at}/materials/${from}`, message: "is not a material of the bundle" });
      }
      if (!ownMaterials.has(to)) {
        problems.push({
          field: `${at}/materials/${from}`,
          message: `maps to ${to}, not a material of the item`,
        });
      }
    }
  }
  return problems;
}

async function publishedContent(db: Executor, code: string): Promise<ItemContent | undefined> {
  try {
    const { version } = await publicItem(db, code);
    return version.status === "published" ? version.content : undefined;
  } catch {
    return undefined;
  }
}
