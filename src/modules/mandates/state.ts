/**
 * A mandate's state, derived from its dates so it can never disagree with them, and what each state
 * allows (workflow as data: anything else answers 409 naming what is allowed).
 */
export const MANDATE_STATES = ["pending", "scheduled", "active", "expired", "revoked", "void"] as const;
export type MandateState = (typeof MANDATE_STATES)[number];

/** What can be done with a mandate: enter the consent code, act under it, end it. */
export const MANDATE_VERBS = ["confirm", "act", "revoke"] as const;
export type MandateVerb = (typeof MANDATE_VERBS)[number];

export const ALLOWED: Readonly<Record<MandateState, readonly MandateVerb[]>> = {
  /** Asked for at a service point; the principal has not given the code yet. Refusing it is revoking it. */
  pending: ["confirm", "revoke"],
  /** Consented, starting on a later day. */
  scheduled: ["revoke"],
  active: ["act", "revoke"],
  expired: [],
  revoked: [],
  /** A request that ended without consent: too many wrong codes, or the code ran out. */
  void: [],
};

export interface Dated {
  validFrom: Date;
  validUntil: Date;
  consentedAt: Date | null;
  voidedAt: Date | null;
  revokedAt: Date | null;
  /** When the consent code runs out; null for a mandate granted online. */
  codeExpiresAt: Date | null;
}

export function stateOf(mandate: Dated, now: Date): MandateState {
  if (mandate.revokedAt) return "revoked";
  if (!mandate.consentedAt) {
    const lapsed = mandate.codeExpiresAt !== null && mandate.codeExpiresAt <= now;
    return mandate.voidedAt || lapsed ? "void" : "pending";
  }
  if (now >= mandate.validUntil) return "expired";
  if (now < mandate.validFrom) return "scheduled";
  return "active";
}

/** Whether a mandate for `services` (null: every one) covers `service` (undefined: no particular one). */
export function covers(services: readonly string[] | null, service: string | null | undefined): boolean {
  return services === null || service === undefined || service === null || services.includes(service);
}

/** What the policy rules need to know about a mandate's parties. */
export function mandateFacts(mandate: { principal: { id: string }; agent: { id: string } }) {
  return { principalId: mandate.principal.id, agentId: mandate.agent.id };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id from a caller can name a row at all (PostgreSQL refuses to compare a uuid with anything else). */
export function isId(value: string): boolean {
  return UUID.test(value);
}
