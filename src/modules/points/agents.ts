import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { findPersonByIdentifier } from "../applicants/service.ts";
import { recordAudit } from "../audit/service.ts";
import { getSite, getSiteById, type Site } from "../halls/sites.ts";
import { pointErrors } from "./errors.ts";
import * as store from "./store.ts";

export type { AgentRecord } from "./store.ts";

/** A service point (not a hall), by its code. */
export async function getPoint(db: Executor, code: string): Promise<Site> {
  const site = await getSite(db, code);
  if (site.kind !== "point") throw pointErrors.notAPoint();
  return site;
}

/** The point's agents: for the staff over it (the township's). */
export async function listAgents(db: Executor, actor: Actor, code: string): Promise<store.AgentRecord[]> {
  const point = await getPoint(db, code);
  authorize(actor, "point.oversee", { regionCode: point.regionCode });
  return store.agentsOf(db, point.id);
}

/**
 * Names a person an agent of a point: an administrator over its region, by the person's ID number.
 * The person has an account of their own already (they sign in to work there); naming them again after
 * a removal puts them back.
 */
export async function addAgent(
  db: Db,
  config: Pick<Config, "personalDataKey">,
  actor: Actor,
  code: string,
  idNumber: string,
  origin: { requestId?: string | undefined } = {},
): Promise<store.AgentRecord> {
  const point = await getPoint(db, code);
  authorize(actor, "site.manage", { regionCode: point.regionCode });
  if (actor.kind !== "staff") throw errors.forbidden();
  const person = await findPersonByIdentifier(db, config.personalDataKey, idNumber);
  if (!person || idNumber.includes("@")) throw pointErrors.noAccount();
  await db.transaction().execute(async (tx) => {
    await store.addAgent(tx, point.id, person.id, actor.id, new Date());
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: "point.agent_add",
      subjectKind: "site",
      subjectId: point.id,
      personId: person.id,
      regionCode: point.regionCode,
      requestId: origin.requestId ?? null,
    });
  });
  const added = (await store.agentsOf(db, point.id)).find((a) => a.personId === person.id);
  if (!added) throw errors.internal();
  return added;
}

/** Ends a person's work as an agent of a point; the cases they took in stay theirs to follow. */
export async function removeAgent(
  db: Db,
  actor: Actor,
  code: string,
  personId: string,
  origin: { requestId?: string | undefined } = {},
): Promise<void> {
  const point = await getPoint(db, code);
  authorize(actor, "site.manage", { regionCode: point.regionCode });
  if (actor.kind !== "staff") throw errors.forbidden();
  await db.transaction().execute(async (tx) => {
    if (!(await store.removeAgent(tx, point.id, personId, actor.id, new Date())))
      throw errors.notFound("agent");
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: "point.agent_remove",
      subjectKind: "site",
      subjectId: point.id,
      personId,
      regionCode: point.regionCode,
      requestId: origin.requestId ?? null,
    });
  });
}

/** The point, when the actor is one of its agents now; refused (403) otherwise — points are public. */
export async function requireAgentAt(db: Executor, actor: Actor, code: string): Promise<Site> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const point = await getPoint(db, code);
  const agent = actor.kind === "person" ? await store.findAgent(db, point.id, actor.id) : undefined;
  const agentIds = agent && agent.removed_at === null ? [agent.person_id] : [];
  if (!can(actor, "point.act", { agentIds })) throw pointErrors.notAnAgent();
  return point;
}

/** The points where the signed-in person serves as an agent. */
export async function myPoints(db: Executor, actor: Actor): Promise<Site[]> {
  if (actor.kind !== "person") return [];
  const ids = await store.sitesOfAgent(db, actor.id);
  return Promise.all(ids.map((id) => getSiteById(db, id)));
}
