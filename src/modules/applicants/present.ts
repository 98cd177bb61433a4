import type { AgentRecord } from "./organisation-store.ts";
import type { Organisation } from "./organisations.ts";

export function presentAgent(agent: AgentRecord) {
  return {
    personId: agent.personId,
    name: agent.name,
    idNumberMasked: agent.idNumberMasked,
    services: agent.services,
    grantedAt: agent.grantedAt.toISOString(),
  };
}

export function presentOrganisation(organisation: Organisation) {
  return {
    id: organisation.id,
    kind: organisation.kind,
    name: organisation.name,
    creditCode: organisation.creditCode,
    region: { code: organisation.regionCode, name: organisation.regionName },
    legalRepresentative: organisation.legalRepresentative,
    role: organisation.role,
    ...(organisation.role === "agent" ? { myServices: organisation.myServices ?? null } : {}),
    ...(organisation.agents ? { agents: organisation.agents.map(presentAgent) } : {}),
  };
}
