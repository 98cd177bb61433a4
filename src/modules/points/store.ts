import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { SiteAgentRow } from "./tables.ts";

export interface AgentRecord {
  siteId: string;
  personId: string;
  name: string;
  idNumberMasked: string;
  mobile: string | null;
  addedAt: Date;
}

/** The agents serving at a site now, by name. */
export async function agentsOf(db: Executor, siteId: string): Promise<AgentRecord[]> {
  return db
    .selectFrom("site_agents as a")
    .innerJoin("persons as p", "p.id", "a.person_id")
    .select([
      "a.site_id as siteId",
      "a.person_id as personId",
      "p.name",
      "p.id_number_masked as idNumberMasked",
      "p.mobile",
      "a.added_at as addedAt",
    ])
    .where("a.site_id", "=", siteId)
    .where("a.removed_at", "is", null)
    .orderBy("p.name")
    .execute();
}

export async function findAgent(
  db: Executor,
  siteId: string,
  personId: string,
): Promise<SiteAgentRow | undefined> {
  return db
    .selectFrom("site_agents")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("person_id", "=", personId)
    .executeTakeFirst();
}

/** The sites a person serves at as an agent now. */
export async function sitesOfAgent(db: Executor, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("site_agents")
    .select("site_id")
    .where("person_id", "=", personId)
    .where("removed_at", "is", null)
    .execute();
  return rows.map((r) => r.site_id);
}

/** Names an agent, or names them again after they were removed. */
export async function addAgent(
  db: Executor,
  siteId: string,
  personId: string,
  by: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto("site_agents")
    .values({ site_id: siteId, person_id: personId, added_by: by, added_at: at })
    .onConflict((oc) =>
      oc
        .columns(["site_id", "person_id"])
        .doUpdateSet({ added_by: by, added_at: at, removed_at: null, removed_by: null }),
    )
    .execute();
}

export async function removeAgent(
  db: Executor,
  siteId: string,
  personId: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("site_agents")
    .set({ removed_at: at, removed_by: by })
    .where("site_id", "=", siteId)
    .where("person_id", "=", personId)
    .where("removed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface PointCase {
  id: string;
  number: string;
  itemName: { zh: string; en: string };
  applicantName: string;
  state: string;
  outcome: string | null;
  submittedAt: Date;
  acceptedAt: Date | null;
  closedAt: Date | null;
  deliveryMethod: string;
}

/**
 * The provinces where the agents a site ever had (removed ones too) have rows (`party_provinces`): a
 * case taken in at a point is handled in its item's province, which need not be the point's.
 */
export async function agentProvinces(db: Executor, siteId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("site_agents as a")
    .innerJoin("party_provinces as p", (join) =>
      join.onRef("p.party_id", "=", "a.person_id").on("p.party_kind", "=", "person"),
    )
    .select("p.province_code")
    .distinct()
    .where("a.site_id", "=", siteId)
    .execute();
  return rows.map((r) => r.province_code);
}

/** The cases an agent received at a site, newest first, looked for in the provinces given. */
export async function casesOfAgent(
  db: Executor,
  provinces: string[],
  siteId: string,
  agentId: string,
  page: { limit: number; offset: number },
): Promise<PointCase[]> {
  const rows = await db
    .selectFrom("cases")
    .select([
      "id",
      "number",
      "item_name",
      "applicant_name",
      "state",
      "outcome",
      "submitted_at",
      "accepted_at",
      "closed_at",
      sql<string>`delivery->>'method'`.as("delivery_method"),
    ])
    .where("province_code", "in", provinces)
    .where("site_id", "=", siteId)
    .where("submitter_id", "=", agentId)
    .orderBy("submitted_at", "desc")
    .orderBy("id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    itemName: r.item_name,
    applicantName: r.applicant_name,
    state: r.state,
    outcome: r.outcome,
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at,
    closedAt: r.closed_at,
    deliveryMethod: r.delivery_method,
  }));
}

export interface AgentLoad {
  agentId: string;
  received: number;
  open: number;
  closed: number;
  granted: number;
  /** Mean hours from receipt at the point to the department's acceptance (收件 → 受理). */
  meanHoursToAcceptance: number | null;
  /** Mean working time to close, in hours, of the cases closed. */
  meanHoursToClose: number | null;
}

/** Each agent's work at a site over a period, in the provinces given: what the township sees. */
export async function workloadAt(
  db: Executor,
  provinces: string[],
  siteId: string,
  since: Date,
): Promise<AgentLoad[]> {
  const rows = await db
    .selectFrom("cases")
    .select([
      "submitter_id",
      sql<string>`count(*)`.as("received"),
      sql<string>`count(*) filter (where state <> 'closed')`.as("open"),
      sql<string>`count(*) filter (where state = 'closed')`.as("closed"),
      sql<string>`count(*) filter (where outcome in ('granted', 'deemed_granted'))`.as("granted"),
      sql<number | null>`avg(extract(epoch from accepted_at - submitted_at) / 3600)`.as("to_acceptance"),
      sql<number | null>`avg(extract(epoch from closed_at - submitted_at) / 3600)`.as("to_close"),
    ])
    .where("province_code", "in", provinces)
    .where("site_id", "=", siteId)
    .where("submitted_at", ">=", since)
    .groupBy("submitter_id")
    .execute();
  const hours = (value: number | string | null) =>
    value === null ? null : Math.round(Number(value) * 10) / 10;
  return rows.map((r) => ({
    agentId: r.submitter_id,
    received: Number(r.received),
    open: Number(r.open),
    closed: Number(r.closed),
    granted: Number(r.granted),
    meanHoursToAcceptance: hours(r.to_acceptance),
    meanHoursToClose: hours(r.to_close),
  }));
}

export async function personName(db: Executor, personId: string): Promise<string | undefined> {
  const row = await db.selectFrom("persons").select("name").where("id", "=", personId).executeTakeFirst();
  return row?.name;
}
