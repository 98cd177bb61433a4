import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { type FieldIssue, FieldsError } from "../applicants/errors.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import * as categoriesStore from "./categories-store.ts";
import { requestErrors } from "./errors.ts";
import { REQUEST_KINDS, type RequestKind } from "./tables.ts";
import { type Category, presentCategory } from "./views.ts";

/** The migration's check on codes: Open311 clients send it as service_code, so it stays plain. */
export const CATEGORY_CODE = /^[a-z0-9][a-z0-9_-]{1,39}$/;
/** A deadline longer than twelve working weeks is no deadline the public can hold a department to. */
export const DUE_DAYS_MAX = 60;
const NAME_MAX = 50;
const DESCRIPTION_MAX = 500;

export interface CategoryInput {
  code: string;
  kind: RequestKind;
  name: string;
  nameEn: string;
  description?: string | undefined;
  descriptionEn?: string | undefined;
  anonymousAllowed: boolean;
  dueWorkingDays: number;
  active?: boolean | undefined;
}

export type CategoryPatch = Partial<Omit<CategoryInput, "code">>;

/** Every category, the retired ones after the rest: public, like the list the form offers. */
export async function allCategories(db: Executor): Promise<Category[]> {
  return (await categoriesStore.listAllCategories(db)).map(presentCategory);
}

const length = (value: string) => [...value].length;

/** Every problem of the given fields at once; a field not given (a patch) is not checked. */
function issuesOf(input: CategoryPatch & { code?: string | undefined }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.code !== undefined && !CATEGORY_CODE.test(input.code))
    issues.push({ field: "/code", key: "requests.categories.problem.code" });
  if (input.kind !== undefined && !REQUEST_KINDS.includes(input.kind))
    issues.push({ field: "/kind", key: "requests.categories.problem.kind" });
  for (const [field, value] of [
    ["name", input.name],
    ["nameEn", input.nameEn],
  ] as const)
    if (value !== undefined && (value.trim() === "" || length(value.trim()) > NAME_MAX))
      issues.push({ field: `/${field}`, key: "requests.categories.problem.name", params: { max: NAME_MAX } });
  for (const [field, value] of [
    ["description", input.description],
    ["descriptionEn", input.descriptionEn],
  ] as const)
    if (value !== undefined && length(value.trim()) > DESCRIPTION_MAX)
      issues.push({
        field: `/${field}`,
        key: "requests.categories.problem.description",
        params: { max: DESCRIPTION_MAX },
      });
  const days = input.dueWorkingDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= DUE_DAYS_MAX))
    issues.push({
      field: "/dueWorkingDays",
      key: "requests.categories.problem.days",
      params: { max: DUE_DAYS_MAX },
    });
  return issues;
}

const changesOf = (input: CategoryPatch, now: Date): categoriesStore.CategoryChanges => ({
  ...(input.kind !== undefined && { kind: input.kind }),
  ...(input.name !== undefined && { name: input.name.trim() }),
  ...(input.nameEn !== undefined && { name_en: input.nameEn.trim() }),
  ...(input.description !== undefined && { description: input.description.trim() }),
  ...(input.descriptionEn !== undefined && { description_en: input.descriptionEn.trim() }),
  ...(input.anonymousAllowed !== undefined && { anonymous_allowed: input.anonymousAllowed }),
  ...(input.dueWorkingDays !== undefined && { due_working_days: input.dueWorkingDays }),
  ...(input.active !== undefined && { retired_at: input.active ? null : now }),
});

/** A new category, open to requests at once unless created retired; the code can never change. */
export async function createCategory(
  db: Db,
  actor: Actor,
  input: CategoryInput,
  origin: { requestId?: string } = {},
): Promise<Category> {
  authorize(actor, "request.category.manage");
  const issues = issuesOf(input);
  if (issues.length > 0) throw new FieldsError(issues);
  const now = new Date();
  return db.transaction().execute(async (tx) => {
    const changes = changesOf(input, now);
    const row = await categoriesStore.insertCategory(tx, {
      code: input.code,
      kind: input.kind,
      name: input.name.trim(),
      name_en: input.nameEn.trim(),
      description: changes.description ?? "",
      description_en: changes.description_en ?? "",
      anonymous_allowed: input.anonymousAllowed,
      due_working_days: input.dueWorkingDays,
      retired_at: input.active === false ? now : null,
    });
    if (!row) throw requestErrors.categoryExists(input.code);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "request.category_create",
      subjectKind: "request_category",
      subjectId: row.code,
      requestId: origin.requestId ?? null,
      details: { kind: row.kind, dueWorkingDays: row.due_working_days, active: row.retired_at === null },
    });
    return presentCategory(row);
  });
}

/**
 * Changes a category. Requests filed under it keep the kind and the due date it gave them (both are
 * copied onto the request when it is filed); a retired one leaves the form and Open311's services.
 */
export async function updateCategory(
  db: Db,
  actor: Actor,
  code: string,
  patch: CategoryPatch,
  origin: { requestId?: string } = {},
): Promise<Category> {
  authorize(actor, "request.category.manage");
  const issues = issuesOf(patch);
  if (issues.length > 0) throw new FieldsError(issues);
  return db.transaction().execute(async (tx) => {
    const before = await categoriesStore.lockCategory(tx, code);
    if (!before) throw errors.notFound("category");
    // Saying "active" of one already active keeps the day it was retired on, if any, untouched.
    const changes = changesOf(patch, new Date());
    if (patch.active !== undefined && patch.active === (before.retired_at === null))
      delete changes.retired_at;
    const row = (await categoriesStore.updateCategory(tx, code, changes)) ?? before;
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "request.category_update",
      subjectKind: "request_category",
      subjectId: code,
      requestId: origin.requestId ?? null,
      details: { ...patch },
    });
    return presentCategory(row);
  });
}
