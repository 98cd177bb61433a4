import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { type Department, getDepartment } from "../departments/service.ts";
import { disclosureErrors } from "./errors.ts";
import { blank, fieldProblems } from "./fields.ts";
import { chinaYear, indexNumber } from "./index-number.ts";
import * as store from "./store.ts";
import type { Category, Validity } from "./tables.ts";
import { indexWords } from "./text.ts";

export { fieldProblems } from "./fields.ts";
export type { Publication } from "./store.ts";

/**
 * Publishing (主动公开): a department's staff publish with the standard metadata, correct (each
 * correction a new revision, the old text kept) and withdraw (with a reason; the page stays and says
 * so, and the index number is never given again). A publication that amends or repeals another marks
 * that one and links to it; an interpretation links to the policy it explains.
 */

export interface PublicationInput {
  departmentId: string;
  category: Category;
  title: string;
  body: string;
  documentNumber?: string | null | undefined;
  writtenOn?: string | null | undefined;
  effectiveFrom?: string | null | undefined;
  expiresOn?: string | null | undefined;
  interpretsId?: string | null | undefined;
  amends?: string[] | undefined;
  repeals?: string[] | undefined;
}

export interface Origin {
  requestId?: string | undefined;
}

const trimmed = (v: string | null | undefined) => (blank(v) ? null : (v as string).trim());

async function publisherDepartment(db: Executor, actor: Actor, departmentId: string): Promise<Department> {
  if (!isUuid(departmentId)) throw errors.notFound("department");
  const department = await getDepartment(db, departmentId);
  authorize(actor, "disclosure.publish", { departmentId, regionCode: department.regionCode });
  return department;
}

/** A publication named as a link (amended, repealed, interpreted): one that exists and is not withdrawn. */
async function linked(
  db: Executor,
  id: string,
  field: string,
  category?: Category,
): Promise<store.Publication> {
  const found = isUuid(id) ? await store.findPublication(db, id, true) : undefined;
  if (!found || found.withdrawn_at) throw disclosureErrors.badLink(field, "names no publication in force");
  if (category && found.category !== category)
    throw disclosureErrors.badLink(field, `must name a ${category}`);
  return found;
}

export async function publish(
  db: Db,
  actor: Actor,
  input: PublicationInput,
  origin: Origin = {},
  now = new Date(),
): Promise<store.Publication> {
  const problems = fieldProblems(input);
  if (problems.length > 0) throw errors.validation(problems);
  const department = await publisherDepartment(db, actor, input.departmentId);
  if (actor.kind !== "staff") throw errors.forbidden();
  const documentNumber = trimmed(input.documentNumber);
  const id = await db.transaction().execute(async (tx) => {
    if (documentNumber && (await store.documentNumberTaken(tx, department.id, documentNumber)))
      throw disclosureErrors.documentNumberUsed(documentNumber);
    const interprets = input.interpretsId
      ? await linked(tx, input.interpretsId, "/interpretsId", "policy")
      : null;
    const amends = await Promise.all((input.amends ?? []).map((a, i) => linked(tx, a, `/amends/${i}`)));
    const repeals = await Promise.all((input.repeals ?? []).map((r, i) => linked(tx, r, `/repeals/${i}`)));
    const year = chinaYear(now);
    const number = indexNumber(
      department,
      input.category,
      year,
      await store.nextSequence(tx, department.id, year),
    );
    const title = input.title.trim();
    const body = input.body.replace(/\r\n?/g, "\n").trim();
    const words = await indexWords({ title, body, documentNumber, indexNumber: number });
    const newId = await store.insertPublication(
      tx,
      {
        department_id: department.id,
        region_code: department.regionCode,
        category: input.category,
        index_number: number,
        document_number: documentNumber,
        title,
        body,
        written_on: trimmed(input.writtenOn),
        published_at: now,
        effective_from: trimmed(input.effectiveFrom),
        expires_on: trimmed(input.expiresOn),
        validity: "in_force",
        revision: 1,
        amended_by: null,
        repealed_by: null,
        interprets_id: interprets?.id ?? null,
        withdrawn_at: null,
        withdrawn_by: null,
        withdrawn_reason: null,
        created_by: actor.id,
        updated_at: now,
      },
      words,
    );
    await store.insertRevision(tx, {
      publication_id: newId,
      revision: 1,
      title,
      body,
      document_number: documentNumber,
      reason: null,
      revised_by: actor.id,
      revised_at: now,
    });
    const mark = async (p: store.Publication, validity: Validity) => {
      await store.updatePublication(tx, p.id, {
        validity,
        ...(validity === "repealed" ? { repealed_by: newId } : { amended_by: newId }),
        updated_at: now,
      });
      await audit(tx, actor, `disclosure.${validity}`, p, origin, { by: newId });
    };
    for (const p of amends) await mark(p, "amended");
    for (const p of repeals) await mark(p, "repealed");
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: "disclosure.publish",
      subjectKind: "disclosure_publication",
      subjectId: newId,
      regionCode: department.regionCode,
      requestId: origin.requestId ?? null,
      details: { indexNumber: number, category: input.category },
    });
    return newId;
  });
  return getPublicationRow(db, id);
}

function audit(
  tx: Executor,
  actor: Actor & { kind: "staff" },
  action: string,
  p: store.Publication,
  origin: Origin,
  details: Record<string, unknown> = {},
) {
  return recordAudit(tx, {
    actorKind: "staff",
    actorId: actor.id,
    action,
    subjectKind: "disclosure_publication",
    subjectId: p.id,
    regionCode: p.region_code,
    requestId: origin.requestId ?? null,
    details: { indexNumber: p.index_number, ...details },
  });
}

export async function getPublicationRow(db: Executor, id: string): Promise<store.Publication> {
  const found = isUuid(id) ? await store.findPublication(db, id) : undefined;
  if (!found) throw errors.notFound("publication");
  return found;
}

/** Loads a publication for a change by its department's staff, locked; withdrawn ones refuse. */
async function forChange(tx: Executor, actor: Actor, id: string): Promise<store.Publication> {
  const found = isUuid(id) ? await store.findPublication(tx, id, true) : undefined;
  if (!found) throw errors.notFound("publication");
  authorize(actor, "disclosure.publish", {
    departmentId: found.department_id,
    regionCode: found.region_code,
  });
  if (found.withdrawn_at) throw disclosureErrors.withdrawn();
  return found;
}

export interface Correction {
  title?: string | undefined;
  body?: string | undefined;
  documentNumber?: string | null | undefined;
  reason: string;
}

/** A correction (更正): a new revision with its reason; the earlier text stays readable. */
export async function correct(
  db: Db,
  actor: Actor,
  id: string,
  input: Correction,
  origin: Origin = {},
  now = new Date(),
): Promise<store.Publication> {
  const problems: FieldProblem[] = [];
  if (blank(input.reason)) problems.push({ field: "/reason", message: "is required" });
  if (input.title !== undefined && blank(input.title))
    problems.push({ field: "/title", message: "must not be empty" });
  if (input.body !== undefined && blank(input.body))
    problems.push({ field: "/body", message: "must not be empty" });
  if (problems.length > 0) throw errors.validation(problems);
  await db.transaction().execute(async (tx) => {
    const p = await forChange(tx, actor, id);
    if (actor.kind !== "staff") throw errors.forbidden();
    const documentNumber =
      input.documentNumber === undefined ? p.document_number : trimmed(input.documentNumber);
    if (documentNumber && (await store.documentNumberTaken(tx, p.department_id, documentNumber, p.id)))
      throw disclosureErrors.documentNumberUsed(documentNumber);
    const title = input.title?.trim() ?? p.title;
    const body = input.body?.replace(/\r\n?/g, "\n").trim() ?? p.body;
    const revision = p.revision + 1;
    const words = await indexWords({ title, body, documentNumber, indexNumber: p.index_number });
    await store.updatePublication(
      tx,
      p.id,
      { title, body, document_number: documentNumber, revision, updated_at: now },
      words,
    );
    await store.insertRevision(tx, {
      publication_id: p.id,
      revision,
      title,
      body,
      document_number: documentNumber,
      reason: input.reason.trim(),
      revised_by: actor.id,
      revised_at: now,
    });
    await audit(tx, actor, "disclosure.correct", p, origin, { revision, reason: input.reason.trim() });
  });
  return getPublicationRow(db, id);
}

/** Withdrawing (撤回): the page stays, saying so and why; lists, search and feeds leave it out. */
export async function withdraw(
  db: Db,
  actor: Actor,
  id: string,
  reason: string,
  origin: Origin = {},
  now = new Date(),
): Promise<store.Publication> {
  if (blank(reason)) throw errors.validation([{ field: "/reason", message: "is required" }]);
  await db.transaction().execute(async (tx) => {
    const p = await forChange(tx, actor, id);
    if (actor.kind !== "staff") throw errors.forbidden();
    await store.updatePublication(tx, p.id, {
      withdrawn_at: now,
      withdrawn_by: actor.id,
      withdrawn_reason: reason.trim(),
      updated_at: now,
    });
    await audit(tx, actor, "disclosure.withdraw", p, origin, { reason: reason.trim() });
  });
  return getPublicationRow(db, id);
}

/** The validity shown: in force past its expiry date is expired (已失效), whatever was stored. */
export function validityOf(p: Pick<store.Publication, "validity" | "expires_on">, today: string): Validity {
  return p.validity === "in_force" && p.expires_on !== null && p.expires_on < today ? "expired" : p.validity;
}

/** Today's date in China, as YYYY-MM-DD. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export { forChange as publicationForChange };

/** Refuses before any upload is read: a caller who may not change the publication sends nothing. */
export async function assertMayChange(db: Executor, actor: Actor, id: string): Promise<void> {
  await forChange(db, actor, id);
}
