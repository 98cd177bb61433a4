/** For tests of the audit chain: a province's entries as stored, in the fields their hash covers. */
import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { CanonicalFields } from "./chain.ts";

/** The chain's entries of a province in order: each one's canonical fields (chain.ts) and stored hash. */
export async function storedEntries(
  db: Executor,
  province: string,
): Promise<(CanonicalFields & { hash: string })[]> {
  const rows = await db
    .selectFrom("audit_log")
    .select([
      "seq",
      sql<string>`(extract(epoch from at) * 1000000)::int8::text`.as("at_micros"),
      "actor_kind",
      "actor_id",
      "on_behalf_of",
      "action",
      "subject_kind",
      "subject_id",
      "person_id",
      "case_id",
      "region_code",
      "purpose",
      "request_id",
      sql<string>`details::text`.as("details"),
      "prev_hash",
      "hash",
    ])
    .where("province_code", "=", province)
    .orderBy("seq")
    .execute();
  return rows.map((r) => ({
    seq: String(r.seq),
    atMicros: r.at_micros,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    onBehalfOf: r.on_behalf_of,
    action: r.action,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    personId: r.person_id,
    caseId: r.case_id,
    regionCode: r.region_code,
    purpose: r.purpose,
    requestId: r.request_id,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}
