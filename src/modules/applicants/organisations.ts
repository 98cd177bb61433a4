import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { accountErrors, FieldsError } from "./errors.ts";
import type { AgentRecord, OrganisationRecord } from "./organisation-store.ts";
import * as store from "./organisation-store.ts";
import { type AccountDeps, findPersonByIdentifier, type Origin } from "./service.ts";
import { isUniqueViolation } from "./store.ts";
import { ORGANISATION_KINDS, type OrganisationKind } from "./tables.ts";
import * as check from "./validate.ts";

/** A service item's code as agents' mandates name it. */
const SERVICE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface Organisation extends OrganisationRecord {
  /** How the reader stands to it. */
  role: "legal_representative" | "agent";
  /** The reader's own mandate when they are an agent (null: every service). */
  myServices?: string[] | null;
  /** The live agents; only the legal representative sees them. */
  agents?: AgentRecord[];
}

export interface NewOrganisation {
  kind?: string;
  name?: string;
  creditCode?: string;
  regionCode?: string;
}

function view(actor: Actor, organisation: OrganisationRecord, agents: AgentRecord[]): Organisation {
  const mine = agents.filter((a) => a.organisationId === organisation.id);
  if (can(actor, "organisation.manage", { legalRepresentativeId: organisation.legalRepresentative.id })) {
    return { ...organisation, role: "legal_representative", agents: mine };
  }
  const mandate = mine.find((a) => actor.kind === "person" && a.personId === actor.id);
  return { ...organisation, role: "agent", myServices: mandate?.services ?? null };
}

/**
 * Only the legal representative manages agents. An agent may know the organisation exists and is
 * refused (403); to anyone else it does not exist (404).
 */
function authorizeManage(actor: Actor, organisation: OrganisationRecord, agents: AgentRecord[]): void {
  const facts = { legalRepresentativeId: organisation.legalRepresentative.id };
  if (can(actor, "organisation.manage", facts)) return;
  if (can(actor, "organisation.act", { ...facts, agents })) throw errors.forbidden();
  authorize(actor, "organisation.manage", facts);
}

async function load(db: Executor, id: string) {
  const organisation = await store.findOrganisation(db, id);
  if (!organisation) throw errors.notFound("organisation");
  return { organisation, agents: await store.liveAgents(db, [id]) };
}

/**
 * Registers an organisation by its unified social credit code (GB 32100 check character); the person
 * registering it becomes its legal representative. A code already registered is a 409.
 */
export async function registerOrganisation(
  db: Db,
  actor: Actor,
  input: NewOrganisation,
  origin: Origin,
): Promise<Organisation> {
  authorize(actor, "organisation.register");
  if (actor.kind !== "person") throw errors.forbidden();
  const issues: check.Issues = [];
  const kind = input.kind as OrganisationKind;
  if (!ORGANISATION_KINDS.includes(kind)) issues.push({ field: "/kind", key: "account.problem.kind" });
  const name = check.requiredText(issues, "/name", input.name, 200);
  const creditCode = check.creditCode(issues, "/creditCode", input.creditCode);
  const regionCode = await check.region(db, issues, "/regionCode", input.regionCode, true);
  if (issues.length > 0 || !regionCode) throw new FieldsError(issues);
  if (await store.creditCodeTaken(db, creditCode)) throw accountErrors.creditCodeTaken();
  try {
    const id = await db.transaction().execute(async (tx) => {
      const id = await store.insertOrganisation(tx, {
        kind,
        name,
        creditCode,
        regionCode,
        legalRepresentativeId: actor.id,
      });
      await recordAudit(tx, {
        actorKind: "person",
        actorId: actor.id,
        action: "organisation.register",
        subjectKind: "organisation",
        subjectId: id,
        regionCode,
        requestId: origin.requestId ?? null,
      });
      return id;
    });
    return getOrganisation(db, actor, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw accountErrors.creditCodeTaken();
    throw error;
  }
}

/**
 * One organisation, for its legal representative or an agent with a live mandate (for `service`, when
 * given). To anyone else it does not exist. Other modules call this before acting for an organisation.
 */
export async function getOrganisation(
  db: Executor,
  actor: Actor,
  id: string,
  service?: string,
): Promise<Organisation> {
  const { organisation, agents } = await load(db, id);
  authorize(actor, "organisation.act", {
    legalRepresentativeId: organisation.legalRepresentative.id,
    agents,
    ...(service !== undefined ? { service } : {}),
  });
  return view(actor, organisation, agents);
}

/** The organisations the person represents or acts for. */
export async function listMyOrganisations(db: Executor, actor: Actor): Promise<Organisation[]> {
  authorize(actor, "organisation.list");
  if (actor.kind !== "person") return [];
  const organisations = await store.organisationsOf(db, actor.id);
  const agents = await store.liveAgents(
    db,
    organisations.map((o) => o.id),
  );
  return organisations.map((o) => view(actor, o, agents));
}

/**
 * The legal representative makes an existing account (named by e-mail or ID number) an agent, for every
 * service (`services` null or absent) or for the listed service codes. Granting again replaces the list.
 */
export async function grantAgent(
  db: Db,
  deps: Pick<AccountDeps, "config">,
  actor: Actor,
  organisationId: string,
  grant: { agent?: string; services?: string[] | null },
  origin: Origin,
  now = new Date(),
): Promise<AgentRecord> {
  const { organisation, agents } = await load(db, organisationId);
  authorizeManage(actor, organisation, agents);
  const issues: check.Issues = [];
  const identifier = check.requiredText(issues, "/agent", grant.agent, 254);
  const agent = identifier
    ? await findPersonByIdentifier(db, deps.config.personalDataKey, identifier)
    : undefined;
  if (identifier && !agent) issues.push({ field: "/agent", key: "account.problem.agentUnknown" });
  if (agent && agent.id === organisation.legalRepresentative.id)
    issues.push({ field: "/agent", key: "account.problem.agentIsRepresentative" });
  const services =
    grant.services === undefined || grant.services === null ? null : [...new Set(grant.services)];
  if (services && services.length === 0)
    issues.push({ field: "/services", key: "account.problem.servicesEmpty" });
  for (const [i, code] of (services ?? []).entries()) {
    if (!SERVICE_CODE.test(code))
      issues.push({ field: `/services/${i}`, key: "account.problem.serviceCode" });
  }
  if (issues.length > 0 || !agent) throw new FieldsError(issues);
  await db.transaction().execute(async (tx) => {
    await store.upsertAgent(tx, {
      organisationId,
      personId: agent.id,
      services,
      grantedBy: organisation.legalRepresentative.id,
      at: now,
    });
    await recordAudit(tx, {
      actorKind: "person",
      actorId: organisation.legalRepresentative.id,
      onBehalfOf: organisationId,
      action: "organisation.agent_grant",
      subjectKind: "organisation",
      subjectId: organisationId,
      personId: agent.id,
      regionCode: organisation.regionCode,
      requestId: origin.requestId ?? null,
      details: { services },
    });
  });
  const granted = (await store.liveAgents(db, [organisationId])).find((a) => a.personId === agent.id);
  if (!granted) throw errors.internal();
  return granted;
}

/** Ends an agent's mandate at once; an agent without a live mandate is a 404. */
export async function revokeAgent(
  db: Db,
  actor: Actor,
  organisationId: string,
  personId: string,
  origin: Origin,
  now = new Date(),
): Promise<void> {
  const { organisation, agents } = await load(db, organisationId);
  authorizeManage(actor, organisation, agents);
  await db.transaction().execute(async (tx) => {
    const revoked = await store.revokeAgent(tx, {
      organisationId,
      personId,
      revokedBy: organisation.legalRepresentative.id,
      at: now,
    });
    if (!revoked) throw errors.notFound("agent");
    await recordAudit(tx, {
      actorKind: "person",
      actorId: organisation.legalRepresentative.id,
      onBehalfOf: organisationId,
      action: "organisation.agent_revoke",
      subjectKind: "organisation",
      subjectId: organisationId,
      personId,
      regionCode: organisation.regionCode,
      requestId: origin.requestId ?? null,
    });
  });
}
