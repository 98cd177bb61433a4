import type { Db } from "../../platform/db/database.ts";
import { errors, isAppError } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { findPersonByIdentifier } from "../applicants/service.ts";
import type { SubmitDeps } from "../applications/submit.ts";
import { type SubmissionInput, submitOnce } from "../applications/submit-once.ts";
import { type CaseRow, caseForKey } from "../cases/service.ts";
import { applicableOffering } from "../catalog/service.ts";
import { requireMandate } from "../mandates/acting.ts";
import { grantBySignature } from "../mandates/signature.ts";
import { requireAgentAt } from "./agents.ts";
import { pointErrors } from "./errors.ts";

/** What an agent takes in at a point for a villager: one packet, sent at once or later from the outbox. */
export interface PointIntake {
  /** The villager, as their resident ID card says. */
  principal: { idNumber: string; name: string };
  /** Their signature on the tablet (PNG), when they consent now; without it, a mandate in force is needed. */
  signature?: Uint8Array | undefined;
  offeringId: string;
  answers: SubmissionInput["answers"];
  materials: SubmissionInput["materials"];
  delivery?: SubmissionInput["delivery"];
}

/**
 * An agent's intake (收件) handed to the department (转办): the villager found by ID number and name,
 * living in the point's area; their consent taken by signature now or a mandate of theirs in force; then
 * the same submission as online — the same checks, case and clock — received at the point (channel
 * "village_point", the point recorded). Exactly once per Idempotency-Key: a packet replayed from the
 * tablet's outbox after it was sent answers with the case the first send made, and consents nothing again.
 */
export async function takeIn(
  db: Db,
  deps: SubmitDeps,
  actor: Actor,
  pointCode: string,
  packet: PointIntake,
  idempotencyKey: string,
): Promise<{ row: CaseRow; created: boolean }> {
  const point = await requireAgentAt(db, actor, pointCode);
  if (actor.kind !== "person") throw errors.forbidden();
  const principal = await findPersonByIdentifier(db, deps.config.personalDataKey, packet.principal.idNumber);
  if (!principal || packet.principal.idNumber.includes("@")) throw pointErrors.noAccount();
  if (principal.name !== packet.principal.name.trim()) {
    throw errors.validation([
      { field: "/principal/name", message: "is not the name of the ID number's holder" },
    ]);
  }
  const input: SubmissionInput = {
    offeringId: packet.offeringId,
    applyFor: { principal: principal.id },
    answers: packet.answers,
    materials: packet.materials,
    ...(packet.delivery ? { delivery: packet.delivery } : {}),
    receivedAt: { channel: "village_point", siteId: point.id },
  };
  // A replay: the first send made the case (and took the consent) already.
  if (await caseForKey(db, { kind: "person", id: actor.id }, idempotencyKey)) {
    return submitOnce(db, deps, actor, input, idempotencyKey);
  }
  const home = principal.address_region_code;
  if (!home?.startsWith(point.regionCode)) throw pointErrors.outsideArea();
  const { item } = await applicableOffering(db, packet.offeringId);
  // A consent given before still stands; a signature is taken only when none is in force.
  const held = await requireMandate(db, actor, principal.id, item.code).then(
    () => true,
    (error: unknown) => {
      if (isAppError(error) && error.status < 500) return false;
      throw error;
    },
  );
  if (!held) {
    const signature = packet.signature;
    if (!signature) throw pointErrors.noMandate();
    await grantBySignature(
      db,
      deps.config,
      actor,
      { principalId: principal.id, services: [item.code], signature, regionCode: home },
      { requestId: deps.requestId },
    );
  }
  return submitOnce(db, deps, actor, input, idempotencyKey);
}
