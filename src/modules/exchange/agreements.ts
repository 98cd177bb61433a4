import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { getDepartment } from "../departments/service.ts";
import { exchangeErrors } from "./errors.ts";
import { registryOf } from "./registries.ts";
import type { Agreement } from "./store.ts";
import * as store from "./store.ts";

/** Standing agreements: the consumer department asks, the steward approves, refuses or revokes. */

export interface AgreementInput {
  registry: string;
  consumerDepartmentId: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  validUntil?: string | undefined;
}

/** A department asks the steward for a standing agreement: named fields, a purpose, a legal basis. */
export async function requestAgreement(
  db: Db,
  actor: Actor,
  input: AgreementInput,
  origin: { requestId?: string } = {},
  now = new Date(),
): Promise<Agreement> {
  const registry = await registryOf(db, input.registry).catch(() => undefined);
  const known = new Set(registry?.fields.map((f) => f.name));
  const validUntil = input.validUntil === undefined ? null : new Date(input.validUntil);
  const problems: FieldProblem[] = [
    ...(registry ? [] : [{ field: "/registry", message: "no such registry" }]),
    ...(input.fields.length === 0 ? [{ field: "/fields", message: "name at least one field" }] : []),
    ...input.fields
      .filter((f) => registry && !known.has(f))
      .map((f) => ({ field: "/fields", message: `the registry has no field ${f}` })),
    ...(input.purpose.trim().length < 4
      ? [{ field: "/purpose", message: "say what the data is for, in a sentence" }]
      : []),
    ...(input.legalBasis.trim().length < 4
      ? [{ field: "/legalBasis", message: "name the law or regulation that allows it" }]
      : []),
    ...(validUntil && (Number.isNaN(validUntil.getTime()) || validUntil <= now)
      ? [{ field: "/validUntil", message: "must be a date in the future" }]
      : []),
  ];
  if (!isUuid(input.consumerDepartmentId)) {
    problems.push({ field: "/consumerDepartmentId", message: "no such department" });
  }
  if (problems.length > 0 || !registry) throw errors.validation(problems);
  const consumer = await getDepartment(db, input.consumerDepartmentId).catch(() => undefined);
  if (!consumer) throw errors.validation([{ field: "/consumerDepartmentId", message: "no such department" }]);
  authorize(actor, "agreement.request", { departmentId: consumer.id });
  return db.transaction().execute(async (tx) => {
    const id = await store.insertAgreement(tx, {
      registryId: registry.id,
      consumerDepartmentId: consumer.id,
      fields: [...new Set(input.fields)],
      purpose: input.purpose.trim(),
      legalBasis: input.legalBasis.trim(),
      validUntil,
      requestedBy: actor.kind === "staff" ? actor.id : null,
    });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "agreement.request",
      subjectKind: "data_agreement",
      subjectId: id,
      regionCode: consumer.regionCode,
      requestId: origin.requestId ?? null,
      details: { registry: registry.code, fields: input.fields },
    });
    return (await store.findAgreement(tx, id)) as Agreement;
  });
}

async function agreementFor(db: Executor, actor: Actor, id: string): Promise<Agreement> {
  const agreement = isUuid(id) ? await store.findAgreement(db, id) : undefined;
  if (!agreement || !partyTo(actor, agreement)) throw errors.notFound("agreement");
  return agreement;
}

/** Staff of either department, or a client of either, see the agreement. */
function partyTo(actor: Actor, a: Agreement): boolean {
  const departments = [a.consumerDepartmentId, a.stewardDepartmentId];
  if (actor.kind === "staff") return actor.grants.some((g) => departments.includes(g.departmentId));
  return actor.kind === "client" && departments.includes(actor.departmentId);
}

export async function getAgreement(db: Executor, actor: Actor, id: string): Promise<Agreement> {
  return agreementFor(db, actor, id);
}

export async function listAgreements(db: Executor, actor: Actor): Promise<Agreement[]> {
  authorize(actor, "agreement.list");
  const departments =
    actor.kind === "staff"
      ? [...new Set(actor.grants.map((g) => g.departmentId))]
      : actor.kind === "client"
        ? [actor.departmentId]
        : [];
  return store.agreementsOf(db, departments);
}

/** The steward approves or refuses a requested agreement, or revokes an approved one. */
export async function decideAgreement(
  db: Db,
  actor: Actor,
  id: string,
  decision: "approve" | "refuse" | "revoke",
  note: string | undefined,
  origin: { requestId?: string } = {},
): Promise<Agreement> {
  const agreement = await agreementFor(db, actor, id);
  const steward = await getDepartment(db, agreement.stewardDepartmentId);
  authorize(actor, "agreement.decide", { departmentId: steward.id });
  if (actor.kind !== "staff") throw errors.forbidden();
  const [from, to] =
    decision === "revoke"
      ? (["approved", "revoked"] as const)
      : (["requested", decision === "approve" ? "approved" : "refused"] as const);
  if (decision !== "approve" && !note?.trim()) {
    throw errors.validation([{ field: "/note", message: "say why, for the requesting department" }]);
  }
  return db.transaction().execute(async (tx) => {
    if (!(await store.decideAgreement(tx, agreement.id, from, to, actor.id, note?.trim() || null))) {
      throw exchangeErrors.agreementDecided(agreement.status);
    }
    await recordAudit(tx, {
      ...auditActor(actor),
      action: `agreement.${decision}`,
      subjectKind: "data_agreement",
      subjectId: agreement.id,
      regionCode: steward.regionCode,
      requestId: origin.requestId ?? null,
      details: { registry: agreement.registryCode, note: note?.trim() ?? null },
    });
    return (await store.findAgreement(tx, agreement.id)) as Agreement;
  });
}

/**
 * The agreement a client's (or a staff member's) department reads a registry under now: approved and
 * unexpired, preferring one that names every field needed, then the most recently decided. A convenience
 * for callers that cannot name one (GovStack's): it grants nothing — the read checks the agreement as it
 * checks one named.
 */
export async function currentAgreement(
  db: Executor,
  actor: Actor,
  registryCode: string,
  needed: readonly string[] = [],
  now = new Date(),
): Promise<Agreement | undefined> {
  const departments =
    actor.kind === "client"
      ? [actor.departmentId]
      : actor.kind === "staff"
        ? [...new Set(actor.grants.map((g) => g.departmentId))]
        : [];
  const live = (await store.agreementsOf(db, departments)).filter(
    (a) =>
      a.registryCode === registryCode &&
      departments.includes(a.consumerDepartmentId) &&
      a.status === "approved" &&
      (a.validUntil === null || a.validUntil > now),
  );
  const covers = (a: Agreement) => needed.every((f) => a.fields.includes(f));
  const newest = (a: Agreement, b: Agreement) =>
    (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0);
  return live.filter(covers).sort(newest)[0] ?? live.sort(newest)[0];
}
