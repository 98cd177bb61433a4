import {
  blank,
  type EditorModel,
  type FaqRow,
  type MaterialRow,
  NO_TEXT,
  type Posted,
  readModel,
  type StepRow,
} from "./admin-form.ts";
import { type FieldRow, withoutBlankFields } from "./admin-form-fields.ts";

/**
 * What the editor's buttons do besides saving: "add a material", "remove field 3", "preview". Without
 * JavaScript each is a submit button the server answers by drawing the page again with the change.
 */

export const LISTS = [
  "legalBasis",
  "conditions",
  "materials",
  "steps",
  "faq",
  "form.fields",
  "form.pages",
] as const;
export type ListName = (typeof LISTS)[number];

export type Op =
  | { kind: "save" }
  | { kind: "preview" }
  | { kind: "add"; list: ListName }
  | { kind: "remove"; list: ListName; index: number };

export function blankRow(list: ListName): unknown {
  switch (list) {
    case "legalBasis":
    case "conditions":
      return { ...NO_TEXT };
    case "materials":
      return {
        key: "",
        name: { ...NO_TEXT },
        form: "original",
        count: "1",
        required: true,
        condition: { ...NO_TEXT },
        notes: { ...NO_TEXT },
        satisfiedBy: { licenceType: "", registry: "", field: "", form: false },
      } satisfies MaterialRow;
    case "steps":
      return {
        key: "",
        name: { ...NO_TEXT },
        role: "reviewer",
        line: "",
        level: "",
        days: "",
      } satisfies StepRow;
    case "faq":
      return { question: { ...NO_TEXT }, answer: { ...NO_TEXT } } satisfies FaqRow;
    case "form.fields":
      return {
        name: "",
        type: "text",
        title: "",
        labelEn: "",
        help: { ...NO_TEXT },
        required: false,
        options: "",
        maxLength: "",
        widget: "",
        page: "",
        extra: "",
      } satisfies FieldRow;
    case "form.pages":
      return { title: { ...NO_TEXT } };
  }
}

export function parseOp(value: string | undefined): Op {
  const [kind, list, index] = (value ?? "save").split(":");
  const known = (LISTS as readonly string[]).includes(list ?? "") ? (list as ListName) : undefined;
  if (kind === "preview") return { kind: "preview" };
  if (kind === "add" && known) return { kind: "add", list: known };
  if (kind === "remove" && known && /^\d{1,4}$/.test(index ?? ""))
    return { kind: "remove", list: known, index: Number(index) };
  return { kind: "save" };
}

/** Rows left wholly empty are dropped: an "add" that was never filled in. */
export function withoutBlankRows(model: EditorModel): EditorModel {
  return {
    ...model,
    legalBasis: model.legalBasis.filter((t) => !blank(t)),
    conditions: model.conditions.filter((t) => !blank(t)),
    materials: model.materials.filter(
      (m) =>
        !m.satisfiedBy.form &&
        !blank(
          m.key,
          m.name,
          m.condition,
          m.notes,
          m.satisfiedBy.licenceType,
          m.satisfiedBy.registry,
          m.satisfiedBy.field,
        ),
    ),
    steps: model.steps.filter((s) => !blank(s.key, s.name, s.days)),
    faq: model.faq.filter((f) => !blank(f.question, f.answer)),
    form: withoutBlankFields(model.form),
  };
}

/**
 * The editor after a post: a removal applies to the rows as they were shown (blank ones too, so the
 * indexes are the page's), an added row stays blank, and other blank rows go.
 */
export function editModel(posted: Posted, op: Op): EditorModel {
  const model = readModel(posted);
  if (op.kind === "remove") return withoutBlankRows(applyOp(model, op));
  if (op.kind === "add") return applyOp(withoutBlankRows(model), op);
  return withoutBlankRows(model);
}

/** The model after a row was added or removed (a page removed takes its fields off it). */
export function applyOp(model: EditorModel, op: Op): EditorModel {
  if (op.kind !== "add" && op.kind !== "remove") return model;
  const change = <T>(list: T[]): T[] =>
    op.kind === "add" ? [...list, blankRow(op.list) as T] : list.filter((_, i) => i !== op.index);
  switch (op.list) {
    case "form.fields":
      return { ...model, form: { ...model.form, rows: change(model.form.rows) } };
    case "form.pages": {
      const removed = op.kind === "remove" ? op.index + 1 : undefined;
      const rows = model.form.rows.map((r) => {
        const page = Number(r.page);
        if (removed === undefined || !/^\d+$/.test(r.page) || page < removed) return r;
        return { ...r, page: page === removed ? "" : String(page - 1) };
      });
      return { ...model, form: { ...model.form, rows, pages: change(model.form.pages) } };
    }
    default:
      return { ...model, [op.list]: change(model[op.list] as unknown[]) };
  }
}
