import { type Static, Type } from "typebox";
import { EVENTS, ItemForm, Text } from "../catalog/content.ts";

/**
 * A bundle (一件事) as data: the items of one life or business event, one combined form whose fields
 * are each asked once and mapped onto every child item's form, and one set of materials mapped onto
 * each child's material keys. An administrator keeps it; nothing of it is code.
 */

const FieldName = Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_]{0,59}$" });
const MaterialKey = Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$" });

export const BundleMaterial = Type.Object(
  {
    key: MaterialKey,
    name: Text,
    required: Type.Boolean({ description: "false: only some applicants have it; a child may still need it" }),
    notes: Type.Optional(Text),
  },
  { additionalProperties: false },
);
export type BundleMaterial = Static<typeof BundleMaterial>;

export const BundleChild = Type.Object(
  {
    itemCode: Type.String({ minLength: 1, maxLength: 80 }),
    /** Combined field → the child form's field it fills. */
    fields: Type.Record(FieldName, FieldName, {
      description: "Each combined field that fills a field of this item's form, and that field's name",
    }),
    /** Combined material → the child's material key it stands for. */
    materials: Type.Record(MaterialKey, MaterialKey, {
      description: "Each combined material this item needs, and its key among the item's materials",
    }),
  },
  { additionalProperties: false },
);
export type BundleChild = Static<typeof BundleChild>;

export const BundleDefinition = Type.Object(
  {
    name: Text,
    summary: Text,
    event: Type.Enum(EVENTS, { description: "The life or business event it serves" }),
    form: ItemForm,
    materials: Type.Array(BundleMaterial, { maxItems: 40 }),
    children: Type.Array(BundleChild, { minItems: 2, maxItems: 12 }),
  },
  { additionalProperties: false },
);
export type BundleDefinition = Static<typeof BundleDefinition>;

/** The fields a form asks, by name. */
export function formFields(form: ItemForm): string[] {
  const properties = (form.schema as { properties?: unknown }).properties;
  return properties && typeof properties === "object" ? Object.keys(properties) : [];
}

/** A child's answers: the combined answers its mapping names, under the child's field names. */
export function childAnswers(child: BundleChild, answers: Record<string, unknown>): Record<string, unknown> {
  const mapped: Record<string, unknown> = {};
  for (const [combined, own] of Object.entries(child.fields)) {
    if (answers[combined] !== undefined) mapped[own] = answers[combined];
  }
  return mapped;
}

/**
 * Where a problem of a child's check belongs on the combined request: its mapped field or material,
 * or — for what the combined form does not ask — the child itself, so a bad definition shows as one.
 */
export function combinedField(child: BundleChild, field: string): string {
  const answer = /^\/answers\/(.+)$/.exec(field);
  if (answer) {
    const combined = Object.entries(child.fields).find(([, own]) => own === answer[1])?.[0];
    return combined ? `/answers/${combined}` : `/children/${child.itemCode}${field}`;
  }
  const material = /^\/materials\/([^/]+)$/.exec(field);
  if (material) {
    const combined = Object.entries(child.materials).find(([, own]) => own === material[1])?.[0];
    return combined ? `/materials/${combined}` : `/children/${child.itemCode}${field}`;
  }
  return `/children/${child.itemCode}${field}`;
}
