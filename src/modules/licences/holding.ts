import type { Executor } from "../../platform/db/database.ts";
import { isAppError } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { getOrganisation } from "../applicants/organisations.ts";
import type { LicenceRecord } from "./store.ts";

/** Whether the person acts for the organisation (its legal representative, or an agent in force). */
async function actsFor(db: Executor, actor: Actor, organisationId: string): Promise<boolean> {
  if (actor.kind !== "person") return false;
  try {
    await getOrganisation(db, actor, organisationId);
    return true;
  } catch (error) {
    if (isAppError(error) && error.status === 404) return false;
    throw error;
  }
}

/**
 * The people who stand for a licence's holder, as the policy's `personIds` fact: a person holder
 * themselves; for an organisation, the reader when they act for it (whoever else does is not asked).
 */
export async function holderFacts(db: Executor, actor: Actor, record: LicenceRecord) {
  const personIds =
    record.holder.kind === "person"
      ? [record.holder.id]
      : actor.kind === "person" && (await actsFor(db, actor, record.holder.id))
        ? [actor.id]
        : [];
  return { personIds, regionCode: record.regionCode };
}
