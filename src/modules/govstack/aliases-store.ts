import type { Executor } from "../../platform/db/database.ts";
import type { GovstackAliasTable } from "./tables.ts";

export type AliasKind = GovstackAliasTable["kind"];

export interface Alias {
  kind: AliasKind;
  externalId: string;
  internalId: string;
}

/** The whole table: written only by the conformance seed, a few dozen rows. */
export async function allAliases(db: Executor): Promise<Alias[]> {
  const rows = await db.selectFrom("govstack_aliases").selectAll().execute();
  return rows.map((row) => ({ kind: row.kind, externalId: row.external_id, internalId: row.internal_id }));
}

/** Binds `external` to `internal`, replacing what either was bound to before within the kind. */
export async function upsertAlias(db: Executor, alias: Alias): Promise<void> {
  await db
    .deleteFrom("govstack_aliases")
    .where("kind", "=", alias.kind)
    .where((eb) =>
      eb.or([eb("external_id", "=", alias.externalId), eb("internal_id", "=", alias.internalId)]),
    )
    .execute();
  await db
    .insertInto("govstack_aliases")
    .values({ kind: alias.kind, external_id: alias.externalId, internal_id: alias.internalId })
    .execute();
}
