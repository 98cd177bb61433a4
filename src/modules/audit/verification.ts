import type { Db } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { auditActor, auditorRegion, recordAudit } from "./service.ts";
import { type VerifyResult, verifyAuditChain } from "./verify.ts";
import { trailSize } from "./verify-store.ts";

/**
 * The most entries verified while a request waits: verify walks about 280,000 entries a second on
 * PostgreSQL (docs/performance.md, `audit.verify_rate`), so this is some 20 seconds — under a proxy's
 * usual minute. A longer trail is verified on the server (`tongban audit verify`), where nothing times
 * out; PGlite, slower and one connection for everyone, keeps trails far shorter than this.
 */
export const VERIFY_IN_REQUEST_MAX = 5_000_000;

export const verificationErrors = {
  tooLong: (entries: number, max: number) =>
    new AppError(
      "audit_trail_too_long",
      409,
      `The audit trail holds ${entries} entries, more than the ${max} verified while a request waits: ask whoever runs the server to run tongban audit verify`,
      { params: { entries, max } },
    ),
};

/**
 * Verifies every chain for the audit administrator (三员: verification belongs to the one who reads the
 * trail, not only to whoever has a shell on the server), in the request, and puts the verification on
 * the trail itself (`audit.verified`, with its outcome) in their widest jurisdiction.
 */
export async function verifyForAuditor(
  db: Db,
  actor: Actor,
  origin: { requestId?: string | undefined } = {},
  maxEntries = VERIFY_IN_REQUEST_MAX,
): Promise<VerifyResult & { verifiedAt: Date }> {
  authorize(actor, "audit.verify");
  const entries = await trailSize(db);
  if (entries > maxEntries) throw verificationErrors.tooLong(entries, maxEntries);
  const result = await verifyAuditChain(db);
  const verifiedAt = new Date();
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      ...auditActor(actor),
      action: "audit.verified",
      regionCode: auditorRegion(actor),
      requestId: origin.requestId ?? null,
      details: result.ok
        ? { ok: true, entries: result.entries, heads: result.heads }
        : { ok: false, entries: result.entries, problem: result.problem },
    }),
  );
  return { ...result, verifiedAt };
}
