import type { Executor } from "../../platform/db/database.ts";
import type { FieldProblem } from "../../platform/errors.ts";
import type { Delivery, MaterialOrigin } from "../cases/tables.ts";
import type { ItemContent, ItemForm, Text } from "../catalog/content.ts";
import { formPages } from "../catalog/form-render.tsx";
import type { NotFetchedReason } from "../exchange/once-only.ts";
import { readOnlyFields } from "./answers.ts";
import { coveredBy, onceOnlyFor } from "./once-only.ts";
import * as store from "./store.ts";
import { commitmentText, givenMaterials, submissionProblems } from "./submit.ts";
import type { ApplicationRow } from "./tables.ts";

/** A draft as its owner sees it: the form, the answers and where they came from, what is still missing. */
export interface ApplicationView {
  id: string;
  status: string;
  caseId: string | null;
  offeringId: string;
  item: { id: string; version: number; name: Text; commitmentAllowed: boolean };
  applicant: { kind: string; id: string };
  form: ItemForm;
  pages: { title: Text | null; fields: string[] }[];
  page: number;
  answers: Record<string, unknown>;
  prefilled: Record<string, string>;
  readOnly: string[];
  materials: {
    key: string;
    name: Text;
    required: boolean;
    condition: Text | null;
    file: { name: string; mediaType: string; size: number; uploadedAt: Date } | null;
    promised: boolean;
    /** Produced from the answers: nothing to upload. */
    fromForm: boolean;
    /** Taken from the government's own data (免提交) unless a file is uploaded: the source's name. */
    fetched: { kind: "licence" | "registry"; name: Text } | null;
    /** Why a material that could be fetched was not: the applicant uploads it instead. */
    notFetched: NotFetchedReason | null;
  }[];
  commitment: { materials: string[]; signedAt: string; text: string } | null;
  delivery: Delivery | null;
  /** What would stop submission now, every problem at once. */
  problems: FieldProblem[];
  version: number;
  updatedAt: Date;
}

export async function presentApplication(
  db: Executor,
  row: ApplicationRow,
  content: ItemContent,
): Promise<ApplicationView> {
  const materials = await store.materialsOf(db, row.province_code, row.id);
  const promised = new Set(row.commitment?.materials ?? []);
  const onceOnly =
    row.status === "draft"
      ? await onceOnlyFor(
          db,
          { kind: row.applicant_kind, id: row.applicant_id },
          content,
          givenMaterials(row, materials),
        )
      : undefined;
  const fetched = new Map(onceOnly?.fetched.map((f) => [f.key, f.origin]));
  return {
    id: row.id,
    status: row.status,
    caseId: row.case_id,
    offeringId: row.offering_id,
    item: {
      id: row.item_id,
      version: row.item_version,
      name: content.name,
      commitmentAllowed: content.commitmentAllowed,
    },
    applicant: { kind: row.applicant_kind, id: row.applicant_id },
    form: content.form,
    pages: formPages(content.form).map((p) => ({ title: p.title ?? null, fields: p.fields })),
    page: row.page,
    answers: row.data,
    prefilled: row.prefilled,
    readOnly: readOnlyFields(content.form).filter((f) => row.prefilled[f] !== undefined),
    materials: content.materials.map((m) => {
      const file = materials.find((f) => f.material_key === m.key);
      return {
        key: m.key,
        name: m.name,
        required: m.required,
        condition: m.condition ?? null,
        file: file
          ? {
              name: file.file_name,
              mediaType: file.media_type,
              size: file.size,
              uploadedAt: file.uploaded_at,
            }
          : null,
        promised: promised.has(m.key) && !file,
        fromForm: m.satisfiedBy?.form === true,
        fetched: sourceOf(fetched.get(m.key)),
        notFetched: onceOnly?.missing.get(m.key) ?? null,
      };
    }),
    commitment: row.commitment
      ? { ...row.commitment, text: commitmentText(content, row.commitment.materials) }
      : null,
    delivery: row.delivery,
    problems:
      row.status === "abandoned"
        ? []
        : submissionProblems(content, row, materials, onceOnly && coveredBy(onceOnly)),
    version: row.version,
    updatedAt: row.updated_at,
  };
}

function sourceOf(origin: MaterialOrigin | undefined): { kind: "licence" | "registry"; name: Text } | null {
  if (!origin) return null;
  return origin.kind === "licence"
    ? { kind: "licence", name: origin.title }
    : { kind: "registry", name: origin.name };
}
