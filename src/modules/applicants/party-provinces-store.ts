import type { Executor } from "../../platform/db/database.ts";

/**
 * In which provinces a person or an organisation has rows — cases, drafts, appointments, requests,
 * messages — so that their own lists ask those provinces and no other (docs/scale-out.md, section 5).
 * A row is added in the transaction that makes a party's row in a province, and never removed.
 */

export interface Party {
  kind: "person" | "organisation";
  id: string;
}

export async function noteParty(tx: Executor, party: Party, province: string): Promise<void> {
  await tx
    .insertInto("party_provinces")
    .values({ party_kind: party.kind, party_id: party.id, province_code: province })
    .onConflict((c) => c.doNothing())
    .execute();
}

/** The provinces of a party's rows; empty for a party with none yet. */
export async function partyProvinces(db: Executor, party: Party): Promise<string[]> {
  const rows = await db
    .selectFrom("party_provinces")
    .select("province_code")
    .where("party_kind", "=", party.kind)
    .where("party_id", "=", party.id)
    .execute();
  return rows.map((r) => r.province_code);
}
