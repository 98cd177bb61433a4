import type { Insertable, Updateable } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { HallWindowRow, HallWindowTable, ServiceSiteRow, ServiceSiteTable } from "./tables.ts";

export async function findSiteByCode(db: Executor, code: string): Promise<ServiceSiteRow | undefined> {
  return db.selectFrom("service_sites").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function findSite(db: Executor, id: string): Promise<ServiceSiteRow | undefined> {
  return db.selectFrom("service_sites").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Sites within a region subtree, halls first, then by code. */
export async function listSites(
  db: Executor,
  filter: { regionPrefix?: string | undefined; kind?: ServiceSiteRow["kind"] | undefined },
): Promise<ServiceSiteRow[]> {
  let query = db.selectFrom("service_sites").selectAll();
  if (filter.regionPrefix) query = query.where("region_code", "like", `${filter.regionPrefix}%`);
  if (filter.kind) query = query.where("kind", "=", filter.kind);
  return query.orderBy("kind").orderBy("code").execute();
}

/** The sites whose region is one of `codes` (a place and the regions above it). */
export async function sitesIn(db: Executor, codes: string[]): Promise<ServiceSiteRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom("service_sites").selectAll().where("region_code", "in", codes).execute();
}

export async function upsertSite(db: Executor, row: Insertable<ServiceSiteTable>): Promise<ServiceSiteRow> {
  const { code: _code, created_at: _created, ...changes } = row;
  return db
    .insertInto("service_sites")
    .values(row)
    .onConflict((oc) => oc.column("code").doUpdateSet({ ...changes, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateSite(
  db: Executor,
  id: string,
  changes: Updateable<ServiceSiteTable>,
): Promise<ServiceSiteRow | undefined> {
  return db
    .updateTable("service_sites")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function listWindows(db: Executor, siteId: string): Promise<HallWindowRow[]> {
  return db.selectFrom("hall_windows").selectAll().where("site_id", "=", siteId).orderBy("label").execute();
}

export async function findWindow(db: Executor, id: string): Promise<HallWindowRow | undefined> {
  return db.selectFrom("hall_windows").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function upsertWindow(db: Executor, row: Insertable<HallWindowTable>): Promise<HallWindowRow> {
  return db
    .insertInto("hall_windows")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["site_id", "label"]).doUpdateSet({
        kind: row.kind,
        department_ids: row.department_ids ?? [],
        active: row.active ?? true,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
