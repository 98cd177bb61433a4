import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { admitUpload } from "../../platform/files/scan.ts";
import { fileStoreFor, recordFile } from "../../platform/files/store.ts";
import type { Actor } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { addDays, dayOf, startOf } from "./dates.ts";
import * as store from "./store.ts";

/** A signed consent covers the services it names for this long: the visit and the case's follow-up. */
export const SIGNED_MANDATE_DAYS = 30;
/** A signature drawn on a tablet is a small PNG; anything bigger is not one. */
const SIGNATURE_MAX_BYTES = 512 * 1024;

/**
 * Consent in person (当面签名): at a service point the principal signs on the agent's tablet, and the
 * mandate for the named services is in force at once, from today for SIGNED_MANDATE_DAYS days. The
 * signature is kept as a file, named on the mandate, and the grant is in the audit trail as the
 * principal's consent taken by the agent. The signature is checked and scanned like any upload before
 * the transaction that records the grant.
 */
export async function grantBySignature(
  db: Db,
  config: Pick<Config, "dataDir" | "clamd" | "personalDataKey">,
  actor: Actor,
  input: { principalId: string; services: string[]; signature: Uint8Array; regionCode: string | null },
  origin: { requestId?: string | undefined },
  now = new Date(),
): Promise<string> {
  if (actor.kind !== "person") throw errors.forbidden();
  const checked = await admitUpload({ db, config }, actor, input.signature, {
    maxBytes: SIGNATURE_MAX_BYTES,
    allowed: ["png"],
  });
  const stored = await fileStoreFor(config).put(input.signature);
  return db.transaction().execute(async (tx) => {
    await recordFile(tx, {
      sha256: stored.sha256,
      size: stored.size,
      mediaType: checked.mediaType,
      activeContent: false,
    });
    const firstDay = dayOf(now);
    const id = await store.insertMandate(tx, {
      principalId: input.principalId,
      agentId: actor.id,
      services: input.services,
      validFrom: startOf(firstDay),
      validUntil: startOf(addDays(firstDay, SIGNED_MANDATE_DAYS)),
      consentMethod: "signature",
      requestedBy: actor.id,
      consentedAt: now,
      consentSignature: stored.sha256,
      createdAt: now,
    });
    await recordAudit(tx, {
      actorKind: "person",
      actorId: actor.id,
      onBehalfOf: input.principalId,
      action: "mandate.consent",
      subjectKind: "mandate",
      subjectId: id,
      personId: input.principalId,
      regionCode: input.regionCode,
      requestId: origin.requestId ?? null,
      details: { consent: "signature", services: input.services, signature: stored.sha256 },
    });
    return id;
  });
}
