import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { partyProvinces } from "../applicants/party-provinces-store.ts";
import { agentRatingsAt } from "../ratings/figures.ts";
import { getPoint, requireAgentAt } from "./agents.ts";
import * as store from "./store.ts";

export type { PointCase } from "./store.ts";

/** The agent's own worklist at a point: the cases they took in there, newest first. */
export async function agentWorklist(
  db: Executor,
  actor: Actor,
  code: string,
  page: { limit: number; offset: number },
): Promise<store.PointCase[]> {
  const point = await requireAgentAt(db, actor, code);
  if (actor.kind !== "person") return [];
  // Most of a point's cases are handled in its province; the others in the agent's other provinces.
  const provinces = new Set([
    provinceOf(point.regionCode),
    ...(await partyProvinces(db, { kind: "person", id: actor.id })),
  ]);
  return store.casesOfAgent(db, [...provinces], point.id, actor.id, page);
}

export interface AgentWorkload extends store.AgentLoad {
  name: string;
  /** Ratings (好差评) of the cases they took in over the period, and the share satisfied (levels 3–5). */
  rated: number;
  satisfaction: number | null;
}

/**
 * What each agent of a point did over the last `days` days — received, still open, closed, granted, and
 * how long departments took to accept and to close — for the staff over the point (the township's).
 * Agents who took in nothing are listed with zeros; former agents with cases in the period too.
 */
export async function pointWorkload(
  db: Executor,
  actor: Actor,
  code: string,
  days: number,
  now = new Date(),
): Promise<{ since: Date; agents: AgentWorkload[] }> {
  const point = await getPoint(db, code);
  authorize(actor, "point.oversee", { regionCode: point.regionCode });
  const since = new Date(now.getTime() - days * 86_400_000);
  const provinces = new Set([provinceOf(point.regionCode), ...(await store.agentProvinces(db, point.id))]);
  const [agents, loads, ratings] = await Promise.all([
    store.agentsOf(db, point.id),
    store.workloadAt(db, [...provinces], point.id, since),
    agentRatingsAt(db, [...provinces], point.id, since),
  ]);
  const ratedBy = new Map(ratings.map((r) => [r.agentId, r]));
  const byAgent = new Map(loads.map((l) => [l.agentId, l]));
  const names = new Map(agents.map((a) => [a.personId, a.name]));
  for (const load of loads) {
    if (!names.has(load.agentId)) names.set(load.agentId, (await store.personName(db, load.agentId)) ?? "");
  }
  return {
    since,
    agents: [...names].map(([agentId, name]) => ({
      name,
      rated: ratedBy.get(agentId)?.rated ?? 0,
      satisfaction: ratedBy.get(agentId)?.satisfaction ?? null,
      ...(byAgent.get(agentId) ?? {
        agentId,
        received: 0,
        open: 0,
        closed: 0,
        granted: 0,
        meanHoursToAcceptance: null,
        meanHoursToClose: null,
      }),
    })),
  };
}
