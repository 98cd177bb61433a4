import { dayOf, lastDayBefore } from "./dates.ts";
import type { Mandate } from "./service.ts";

export function presentMandate(mandate: Mandate) {
  return {
    id: mandate.id,
    role: mandate.role,
    state: mandate.state,
    allowed: mandate.allowed,
    principal: mandate.principal,
    agent: mandate.agent,
    services: mandate.services,
    validFrom: dayOf(mandate.validFrom),
    validUntil: lastDayBefore(mandate.validUntil),
    consentMethod: mandate.consentMethod,
    createdAt: mandate.createdAt.toISOString(),
    consentedAt: mandate.consentedAt?.toISOString() ?? null,
    revokedAt: mandate.revokedAt?.toISOString() ?? null,
    revokedBy:
      mandate.revokedBy === null ? null : mandate.revokedBy === mandate.agent.id ? "agent" : "principal",
    // The agent reads it back to the principal ("the code went to 138****5678") while it is pending.
    ...(mandate.state === "pending" && mandate.codeSentTo ? { codeSentTo: mandate.codeSentTo } : {}),
    ...(mandate.actions
      ? {
          actions: mandate.actions.map((a) => ({
            at: a.at.toISOString(),
            action: a.action,
            subjectKind: a.subjectKind,
            subjectId: a.subjectId,
          })),
        }
      : {}),
  };
}
