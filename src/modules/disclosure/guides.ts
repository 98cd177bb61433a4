import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { type Department, getDepartment } from "../departments/service.ts";
import * as store from "./guides-store.ts";
import type { Origin } from "./publications.ts";

/** A department's disclosure guide (政府信息公开指南): who answers requests, where, and how to ask. */
export interface Guide {
  office: string;
  address: string;
  phone: string;
  hours: string;
  email: string | null;
  notes: string;
  updatedAt: Date | null;
}

export async function departmentGuide(
  db: Executor,
  departmentId: string,
): Promise<{ department: Department; guide: Guide | null }> {
  if (!isUuid(departmentId)) throw errors.notFound("department");
  const department = await getDepartment(db, departmentId);
  const row = await store.findGuide(db, departmentId);
  return {
    department,
    guide: row
      ? {
          office: row.office,
          address: row.address,
          phone: row.phone,
          hours: row.hours,
          email: row.email,
          notes: row.notes,
          updatedAt: row.updated_at,
        }
      : null,
  };
}

export type GuideInput = Omit<Guide, "updatedAt">;

export async function keepGuide(
  db: Db,
  actor: Actor,
  departmentId: string,
  input: GuideInput,
  origin: Origin = {},
): Promise<Guide> {
  if (!isUuid(departmentId)) throw errors.notFound("department");
  const department = await getDepartment(db, departmentId);
  authorize(actor, "disclosure.publish", { departmentId, regionCode: department.regionCode });
  if (actor.kind !== "staff") throw errors.forbidden();
  const problems: FieldProblem[] = (["office", "address", "phone", "hours"] as const)
    .filter((f) => input[f].trim() === "")
    .map((f) => ({ field: `/${f}`, message: "is required" }));
  if (problems.length > 0) throw errors.validation(problems);
  const now = new Date();
  await db.transaction().execute(async (tx) => {
    await store.upsertGuide(tx, {
      department_id: departmentId,
      office: input.office.trim(),
      address: input.address.trim(),
      phone: input.phone.trim(),
      hours: input.hours.trim(),
      email: input.email?.trim() || null,
      notes: input.notes.trim(),
      updated_by: actor.id,
      updated_at: now,
    });
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: "disclosure.guide",
      subjectKind: "department",
      subjectId: departmentId,
      regionCode: department.regionCode,
      requestId: origin.requestId ?? null,
    });
  });
  return { ...input, updatedAt: now };
}
