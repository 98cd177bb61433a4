/** Licences and share links as the API answers with them: dates as ISO strings, nothing extra. */
import type { Licence } from "./service.ts";
import type { Share, SharedLicence } from "./wallet.ts";

export const iso = (date: Date | null) => date?.toISOString() ?? null;

export const presentLicence = (l: Licence) => ({
  id: l.id,
  type: l.type,
  title: l.title,
  caseId: l.caseId,
  regionCode: l.regionCode,
  department: l.department,
  holder: l.holder,
  fields: l.fields,
  issuedAt: l.issuedAt.toISOString(),
  validFrom: l.validFrom.toISOString(),
  validUntil: iso(l.validUntil),
  state: l.state,
  genuine: l.genuine,
  revokedAt: iso(l.revokedAt),
  revokeReason: l.revokeReason,
  allowed: l.allowed,
  signature: { algorithm: l.keyAlgorithm, keyId: l.keyId, value: l.signature },
});

export const presentShare = (s: Share) => ({
  id: s.id,
  licenceId: s.licenceId,
  recipient: s.recipient,
  createdAt: s.createdAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
  revokedAt: iso(s.revokedAt),
  state: s.state,
  allowed: s.allowed,
  opens: {
    count: s.opens.count,
    recent: s.opens.recent.map((o) => ({
      openedAt: o.openedAt.toISOString(),
      via: o.via,
      agent: o.agent,
      platform: o.platform,
      network: o.network,
    })),
  },
});

export const presentVerification = (checked: SharedLicence["verification"]) => {
  const l = checked.licence;
  return {
    genuine: checked.genuine,
    status: checked.status,
    licence: {
      ...l,
      issuedAt: l.issuedAt.toISOString(),
      validFrom: l.validFrom.toISOString(),
      validUntil: iso(l.validUntil),
      revokedAt: iso(l.revokedAt),
    },
  };
};

export const presentShared = (shared: SharedLicence) => ({
  recipient: shared.recipient,
  expiresAt: shared.expiresAt.toISOString(),
  holder: shared.holder,
  verification: presentVerification(shared.verification),
});
