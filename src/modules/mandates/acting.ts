/**
 * Acting for someone under a mandate: what other modules call before and after doing something for a
 * person (the case engine, when an agent applies on someone's behalf).
 */
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { getProfileRow, type Origin } from "../applicants/service.ts";
import { recordAudit } from "../audit/service.ts";
import { dayOf } from "./dates.ts";
import { mandateErrors } from "./errors.ts";
import { covers, isId, mandateFacts, stateOf } from "./state.ts";
import * as store from "./store.ts";

/** A mandate in force that covers what is being done: proof the agent may act now. */
export interface ActiveMandate {
  id: string;
  principalId: string;
  agentId: string;
  /** Null: every service. */
  services: string[] | null;
  validFrom: Date;
  validUntil: Date;
  principalRegionCode: string | null;
}

function active(mandate: store.MandateRecord): ActiveMandate {
  return {
    id: mandate.id,
    principalId: mandate.principal.id,
    agentId: mandate.agent.id,
    services: mandate.services,
    validFrom: mandate.validFrom,
    validUntil: mandate.validUntil,
    principalRegionCode: mandate.principalRegionCode,
  };
}

/** The policy's last word on acting under a mandate already found to be in force. */
function authorizeAct(actor: Actor, mandate: store.MandateRecord, service: string | null | undefined) {
  authorize(actor, "mandate.act", {
    agentId: mandate.agent.id,
    inForce: true,
    services: mandate.services,
    ...(service ? { service } : {}),
  });
}

/**
 * The mandate under which `actor` may act for the person `principalId` in `service` (any service when
 * absent), or a refusal:
 * - 401 to anonymous callers;
 * - 404 `not_found` when the actor holds no mandate from that person at all, whether or not the person
 *   exists, so the answer says nothing about people who never chose this agent;
 * - 409 naming why, when the only mandates between them are revoked, expired, pending, void or not yet
 *   started (the agent knows of those: they are party to them), with the newest one explained;
 * - 403 `mandate_service_not_covered` when mandates are in force but none covers the service.
 *
 * Call it inside the transaction of the act: it holds the mandates (FOR SHARE) until that commits, so a
 * revocation either comes first and refuses the act, or waits until the act is recorded.
 */
export async function requireMandate(
  db: Executor,
  actor: Actor,
  principalId: string,
  service?: string | null,
  now = new Date(),
): Promise<ActiveMandate> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  if (actor.kind !== "person" || !isId(principalId)) throw mandateErrors.notFound();
  service ||= undefined;
  const mandates = await store.mandatesBetween(db, actor.id, principalId, db.isTransaction);
  const newest = mandates[0];
  if (!newest) throw mandateErrors.notFound();
  const inForce = mandates.filter((m) => stateOf(m, now) === "active");
  const covering = inForce.find((m) => covers(m.services, service));
  if (covering) {
    authorizeAct(actor, covering, service);
    return active(covering);
  }
  if (inForce.length > 0 && service) throw mandateErrors.serviceNotCovered(service);
  throw mandateErrors.notNow(stateOf(newest, now), { from: dayOf(newest.validFrom) });
}

/**
 * The same for one named mandate: its agent may act under it while it is in force and covers
 * `service`; its principal is refused (403: they act for themselves); anyone else is told it does not
 * exist (404). Call it inside the transaction of the act, as requireMandate.
 */
export async function requireMandateById(
  db: Executor,
  actor: Actor,
  mandateId: string,
  service?: string | null,
  now = new Date(),
): Promise<ActiveMandate> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  service ||= undefined;
  const mandate = isId(mandateId) ? await store.findMandate(db, mandateId, db.isTransaction) : undefined;
  if (!mandate) throw mandateErrors.notFound();
  authorize(actor, "mandate.read", mandateFacts(mandate));
  // The principal sees their mandate but does not act under it: they act for themselves.
  if (actor.kind !== "person" || actor.id !== mandate.agent.id) throw errors.forbidden();
  const state = stateOf(mandate, now);
  if (state !== "active") throw mandateErrors.notNow(state, { from: dayOf(mandate.validFrom) });
  if (!covers(mandate.services, service) && service) throw mandateErrors.serviceNotCovered(service);
  authorizeAct(actor, mandate, service);
  return active(mandate);
}

/** Something done under a mandate, as the audit trail and the principal's page will show it. */
export interface MandateAct {
  /** The audited action, `module.verb`: 'personal_data.read', 'case.submit'… */
  action: string;
  subjectKind?: string | null;
  subjectId?: string | null;
  caseId?: string | null;
  /** Where it happened; the principal's address region when absent. */
  regionCode?: string | null;
  /** Why; "acting under mandate <id>" when absent. */
  purpose?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Records an act under a mandate: a row on the principal's list and THE audit entry of the act, by the
 * agent (actor) on behalf of the principal (on_behalf_of, person_id), naming the mandate. The caller
 * records no other audit entry for the same act. Like recordAudit, it must run in the transaction of
 * the act, last.
 */
export async function recordMandateAction(
  tx: Executor,
  mandate: ActiveMandate,
  act: MandateAct,
  now = new Date(),
): Promise<void> {
  if (!tx.isTransaction) {
    throw new Error("recordMandateAction must run inside the transaction of the act: pass that transaction");
  }
  await store.insertAction(tx, {
    mandateId: mandate.id,
    agentId: mandate.agentId,
    principalId: mandate.principalId,
    action: act.action,
    subjectKind: act.subjectKind ?? null,
    subjectId: act.subjectId ?? null,
    requestId: act.requestId ?? null,
    at: now,
  });
  await recordAudit(tx, {
    actorKind: "person",
    actorId: mandate.agentId,
    onBehalfOf: mandate.principalId,
    action: act.action,
    subjectKind: act.subjectKind ?? null,
    subjectId: act.subjectId ?? null,
    personId: mandate.principalId,
    caseId: act.caseId ?? null,
    regionCode: act.regionCode === undefined ? mandate.principalRegionCode : act.regionCode,
    purpose: act.purpose ?? `acting under mandate ${mandate.id}`,
    requestId: act.requestId ?? null,
    details: { ...act.details, mandateId: mandate.id },
  });
}

/** What an agent sees of the person they act for. */
export interface PrincipalDetails {
  mandateId: string;
  name: string;
  idNumberMasked: string;
  mobileMasked: string | null;
  addressRegion: { code: string; name: string } | null;
}

/**
 * The agent reads the principal's details to help them: allowed only under a mandate in force, and
 * recorded (personal_data.read) where the principal sees it.
 */
export async function readPrincipalDetails(
  db: Db,
  actor: Actor,
  mandateId: string,
  origin: Origin,
  now = new Date(),
): Promise<PrincipalDetails> {
  return db.transaction().execute(async (tx) => {
    const mandate = await requireMandateById(tx, actor, mandateId, null, now);
    // The principal's profile as the applicants module presents it; their account cannot be gone while
    // the mandate refers to it.
    const profile = await getProfileRow(tx, mandate.principalId);
    await recordMandateAction(
      tx,
      mandate,
      {
        action: "personal_data.read",
        subjectKind: "person",
        subjectId: mandate.principalId,
        requestId: origin.requestId ?? null,
      },
      now,
    );
    return {
      mandateId: mandate.id,
      name: profile.name,
      idNumberMasked: profile.idNumberMasked,
      mobileMasked: profile.mobileMasked,
      addressRegion: profile.addressRegion,
    };
  });
}
