import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { OrganisationKind } from "./tables.ts";

export interface OrganisationRecord {
  id: string;
  kind: OrganisationKind;
  name: string;
  creditCode: string;
  regionCode: string;
  regionName: string;
  legalRepresentative: { id: string; name: string };
  createdAt: Date;
}

export interface AgentRecord {
  organisationId: string;
  personId: string;
  name: string;
  idNumberMasked: string;
  /** Null: every service. */
  services: string[] | null;
  grantedAt: Date;
}

function organisations(db: Executor) {
  return db
    .selectFrom("organisations as o")
    .innerJoin("persons as p", "p.id", "o.legal_representative_id")
    .innerJoin("regions as r", "r.code", "o.region_code")
    .select([
      "o.id",
      "o.kind",
      "o.name",
      "o.credit_code",
      "o.region_code",
      "r.name as region_name",
      "o.legal_representative_id",
      "p.name as representative_name",
      "o.created_at",
    ]);
}

type OrganisationSelection = Awaited<ReturnType<ReturnType<typeof organisations>["executeTakeFirstOrThrow"]>>;

function toRecord(row: OrganisationSelection): OrganisationRecord {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    creditCode: row.credit_code,
    regionCode: row.region_code,
    regionName: row.region_name,
    legalRepresentative: { id: row.legal_representative_id, name: row.representative_name },
    createdAt: row.created_at,
  };
}

export async function insertOrganisation(
  db: Executor,
  organisation: {
    kind: OrganisationKind;
    name: string;
    creditCode: string;
    regionCode: string;
    legalRepresentativeId: string;
  },
): Promise<string> {
  const row = await db
    .insertInto("organisations")
    .values({
      kind: organisation.kind,
      name: organisation.name,
      credit_code: organisation.creditCode,
      region_code: organisation.regionCode,
      legal_representative_id: organisation.legalRepresentativeId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function creditCodeTaken(db: Executor, creditCode: string): Promise<boolean> {
  const row = await db
    .selectFrom("organisations")
    .select("id")
    .where("credit_code", "=", creditCode)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findOrganisation(db: Executor, id: string): Promise<OrganisationRecord | undefined> {
  const row = await organisations(db).where("o.id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Organisations a person represents or acts for under a live mandate. */
export async function organisationsOf(db: Executor, personId: string): Promise<OrganisationRecord[]> {
  const rows = await organisations(db)
    .where((eb) =>
      eb.or([
        eb("o.legal_representative_id", "=", personId),
        eb.exists(
          eb
            .selectFrom("organisation_agents as a")
            .select(sql`1`.as("one"))
            .whereRef("a.organisation_id", "=", "o.id")
            .where("a.person_id", "=", personId)
            .where("a.revoked_at", "is", null),
        ),
      ]),
    )
    .orderBy("o.name")
    .execute();
  return rows.map(toRecord);
}

/** Live mandates of the given organisations. */
export async function liveAgents(db: Executor, organisationIds: string[]): Promise<AgentRecord[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom("organisation_agents as a")
    .innerJoin("persons as p", "p.id", "a.person_id")
    .select([
      "a.organisation_id",
      "a.person_id",
      "p.name",
      "p.id_number_masked",
      "a.services",
      "a.granted_at",
    ])
    .where("a.organisation_id", "in", organisationIds)
    .where("a.revoked_at", "is", null)
    .orderBy("a.granted_at")
    .execute();
  return rows.map((r) => ({
    organisationId: r.organisation_id,
    personId: r.person_id,
    name: r.name,
    idNumberMasked: r.id_number_masked,
    services: r.services,
    grantedAt: r.granted_at,
  }));
}

/** Grants a mandate, or replaces the services of the live one. */
export async function upsertAgent(
  db: Executor,
  grant: { organisationId: string; personId: string; services: string[] | null; grantedBy: string; at: Date },
): Promise<void> {
  const updated = await db
    .updateTable("organisation_agents")
    .set({ services: grant.services, granted_by: grant.grantedBy, granted_at: grant.at })
    .where("organisation_id", "=", grant.organisationId)
    .where("person_id", "=", grant.personId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (updated.numUpdatedRows > 0n) return;
  await db
    .insertInto("organisation_agents")
    .values({
      organisation_id: grant.organisationId,
      person_id: grant.personId,
      services: grant.services,
      granted_by: grant.grantedBy,
      granted_at: grant.at,
    })
    .execute();
}

/** Ends a live mandate; false when there was none. */
export async function revokeAgent(
  db: Executor,
  revocation: { organisationId: string; personId: string; revokedBy: string; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("organisation_agents")
    .set({ revoked_at: revocation.at, revoked_by: revocation.revokedBy })
    .where("organisation_id", "=", revocation.organisationId)
    .where("person_id", "=", revocation.personId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
