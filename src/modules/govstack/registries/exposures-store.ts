import type { Selectable } from "kysely";
import type { Executor } from "../../../platform/db/database.ts";
import type { GovstackRegistryTable } from "../tables.ts";

/** A registry as GovStack callers know it: an integer id, a name and version, an acronym, field names. */
export interface StoredExposure {
  id: number;
  registryId: string;
  name: string;
  version: string;
  code: string;
  keyField: string;
  /** Our field name → the GovStack name, for the fields renamed. */
  fieldNames: Record<string, string>;
  createdAt: Date;
}

type Row = Selectable<GovstackRegistryTable>;

function toExposure(row: Row): StoredExposure {
  return {
    id: Number(row.id),
    registryId: row.registry_id,
    name: row.name,
    version: row.version,
    code: row.code,
    keyField: row.key_field,
    fieldNames: row.field_names,
    createdAt: row.created_at,
  };
}

export async function allExposures(db: Executor): Promise<StoredExposure[]> {
  const rows = await db.selectFrom("govstack_registries").selectAll().orderBy("id").execute();
  return rows.map((row) => toExposure(row));
}

/** The new exposure, or undefined when the registry, the name or the code is exposed already. */
export async function insertExposure(
  db: Executor,
  e: Omit<StoredExposure, "id" | "createdAt">,
): Promise<StoredExposure | undefined> {
  const row = await db
    .insertInto("govstack_registries")
    .values({
      registry_id: e.registryId,
      name: e.name,
      version: e.version,
      code: e.code,
      key_field: e.keyField,
      field_names: JSON.stringify(e.fieldNames),
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toExposure(row);
}

export async function deleteExposure(db: Executor, name: string): Promise<StoredExposure | undefined> {
  const row = await db
    .deleteFrom("govstack_registries")
    .where("name", "=", name)
    .returningAll()
    .executeTakeFirst();
  return row && toExposure(row);
}
