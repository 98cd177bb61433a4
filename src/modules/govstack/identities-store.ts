import type { Executor } from "../../platform/db/database.ts";
import { allProvinces } from "../../platform/db/distribution.ts";
import type { GovstackIdentityRow } from "./tables.ts";

/** An `Information-Mediator-Client` value bound to an API client (docs/govstack-design.md, 2.3). */
export interface GovstackIdentity {
  id: string;
  apiClientId: string;
  mediatorClient: string;
  viaMediator: boolean;
  mediatorDefault: boolean;
  applicants: "identified" | "stand_in";
  standInPersonId: string | null;
  createdAt: Date;
}

const toIdentity = (row: GovstackIdentityRow): GovstackIdentity => ({
  id: row.id,
  apiClientId: row.api_client_id,
  mediatorClient: row.mediator_client,
  viaMediator: row.via_mediator,
  mediatorDefault: row.mediator_default,
  applicants: row.applicants,
  standInPersonId: row.stand_in_person_id,
  createdAt: row.created_at,
});

/** Every identity: the table is tiny (a few per client), and read whole into the process cache. */
export async function allIdentities(db: Executor): Promise<GovstackIdentity[]> {
  const rows = await db
    .selectFrom("govstack_identities")
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toIdentity);
}

export async function findIdentity(
  db: Executor,
  mediatorClient: string,
): Promise<GovstackIdentity | undefined> {
  const row = await db
    .selectFrom("govstack_identities")
    .selectAll()
    .where("mediator_client", "=", mediatorClient)
    .executeTakeFirst();
  return row && toIdentity(row);
}

export async function findDefaultIdentity(db: Executor): Promise<GovstackIdentity | undefined> {
  const row = await db
    .selectFrom("govstack_identities")
    .selectAll()
    .where("mediator_default", "=", true)
    .executeTakeFirst();
  return row && toIdentity(row);
}

export async function insertIdentity(
  db: Executor,
  identity: {
    apiClientId: string;
    mediatorClient: string;
    viaMediator: boolean;
    mediatorDefault: boolean;
    standInPersonId: string | null;
  },
): Promise<GovstackIdentity> {
  const row = await db
    .insertInto("govstack_identities")
    .values({
      api_client_id: identity.apiClientId,
      mediator_client: identity.mediatorClient,
      via_mediator: identity.viaMediator,
      mediator_default: identity.mediatorDefault,
      applicants: identity.standInPersonId ? "stand_in" : "identified",
      stand_in_person_id: identity.standInPersonId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toIdentity(row);
}

/** Whether any submission names the identity: its record must then stay. */
export async function identityInUse(db: Executor, identityId: string): Promise<boolean> {
  const row = await db
    .selectFrom("govstack_files")
    .select("case_id")
    // Submissions of every province may name it: identities are national.
    .modifyFront(allProvinces("whether a submission of any province names a GovStack identity"))
    .where("identity_id", "=", identityId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteIdentity(db: Executor, identityId: string): Promise<boolean> {
  const result = await db.deleteFrom("govstack_identities").where("id", "=", identityId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
