import type { Executor } from "../../platform/db/database.ts";
import { type AuditInput, recordAudit } from "../audit/service.ts";
import * as store from "./store.ts";

/** Where a request came from, for the audit trail. */
export interface Origin {
  requestId?: string | undefined;
  /** The client address as the trusted proxies give it (`request.ip`): sign-in failures count by it. */
  address?: string | undefined;
  /** The browser's User-Agent, described coarsely on the session a sign-in opens. */
  userAgent?: string | undefined;
}

/**
 * Records an event about a staff member's own account — a sign-in, a failed one, the second factor —
 * so the supervisors over their jurisdiction can see it. The staff member is the actor unless `by` says
 * who acted on them (an administrator resetting their second factor) or that nobody signed in yet.
 */
export async function auditStaffEvent(
  tx: Executor,
  staffId: string,
  action: string,
  origin: Origin,
  options: { by?: Pick<AuditInput, "actorKind" | "actorId">; details?: Record<string, unknown> } = {},
): Promise<void> {
  await recordAudit(tx, {
    ...(options.by ?? { actorKind: "staff", actorId: staffId }),
    action,
    subjectKind: "staff",
    subjectId: staffId,
    regionCode: await store.homeRegionOf(tx, staffId),
    requestId: origin.requestId ?? null,
    ...(options.details ? { details: options.details } : {}),
  });
}
