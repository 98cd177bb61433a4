import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";

/** A client as administrators see it: never its secret's hash. */
export interface ApiClient {
  id: string;
  name: string;
  departmentId: string;
  departmentName: string;
  /** The department's region: whose administrators keep the client, and the region it acts for. */
  regionCode: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: Date;
  rotatedAt: Date | null;
  lastUsedAt: Date | null;
  disabledAt: Date | null;
}

/** What checking a token needs: the client and its secret's hash. */
export interface Credential extends ApiClient {
  secretHash: string;
}

function withDepartment(db: Executor) {
  return db
    .selectFrom("api_clients as c")
    .innerJoin("departments as d", "d.id", "c.department_id")
    .select([
      "c.id",
      "c.name",
      "c.department_id",
      "d.name as department_name",
      "d.region_code",
      "c.scopes",
      "c.created_by",
      "c.created_at",
      "c.rotated_at",
      "c.last_used_at",
      "c.disabled_at",
    ]);
}

type ClientRow = Awaited<ReturnType<ReturnType<typeof withDepartment>["executeTakeFirstOrThrow"]>>;

function toClient(row: ClientRow): ApiClient {
  return {
    id: row.id,
    name: row.name,
    departmentId: row.department_id,
    departmentName: row.department_name,
    regionCode: row.region_code,
    scopes: row.scopes,
    createdBy: row.created_by,
    createdAt: row.created_at,
    rotatedAt: row.rotated_at,
    lastUsedAt: row.last_used_at,
    disabledAt: row.disabled_at,
  };
}

export async function insertClient(
  db: Executor,
  client: {
    id: string;
    name: string;
    departmentId: string;
    scopes: string[];
    secretHash: string;
    createdBy: string | null;
  },
): Promise<void> {
  await db
    .insertInto("api_clients")
    .values({
      id: client.id,
      name: client.name,
      department_id: client.departmentId,
      scopes: client.scopes,
      secret_hash: client.secretHash,
      created_by: client.createdBy,
    })
    .execute();
}

export async function findClient(db: Executor, id: string): Promise<ApiClient | undefined> {
  const row = await withDepartment(db).where("c.id", "=", id).executeTakeFirst();
  return row ? toClient(row) : undefined;
}

/**
 * The clients of departments whose region lies within any of the jurisdictions ("all": every one), live
 * ones first, by region and name.
 */
export async function listClients(db: Executor, jurisdictions: string[] | "all"): Promise<ApiClient[]> {
  if (jurisdictions !== "all" && jurisdictions.length === 0) return [];
  let query = withDepartment(db);
  if (jurisdictions !== "all") {
    query = query.where((eb) => eb.or(jurisdictions.map((code) => eb("d.region_code", "like", `${code}%`))));
  }
  const rows = await query
    .orderBy(sql`c.disabled_at is null`, "desc")
    .orderBy("d.region_code")
    .orderBy("c.name")
    .orderBy("c.id")
    .execute();
  return rows.map(toClient);
}

/** A live client's new secret; false when it is disabled (or gone). */
export async function replaceSecret(
  db: Executor,
  id: string,
  secretHash: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("api_clients")
    .set({ secret_hash: secretHash, rotated_at: now })
    .where("id", "=", id)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Disables a live client for good; false when it was disabled already (or is gone). */
export async function disableClient(
  db: Executor,
  id: string,
  by: string | null,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("api_clients")
    .set({ disabled_at: now, disabled_by: by })
    .where("id", "=", id)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findCredential(db: Executor, id: string): Promise<Credential | undefined> {
  const row = await withDepartment(db).select("c.secret_hash").where("c.id", "=", id).executeTakeFirst();
  return row ? { ...toClient(row), secretHash: row.secret_hash } : undefined;
}

/**
 * Notes that a client was used, unless it was noted less than `everyMs` ago (by this server or another):
 * one write a minute per client at most, whatever the request rate.
 */
export async function touchClient(db: Executor, id: string, now: Date, everyMs: number): Promise<void> {
  await db
    .updateTable("api_clients")
    .set({ last_used_at: now })
    .where("id", "=", id)
    .where((eb) =>
      eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", new Date(now.getTime() - everyMs))]),
    )
    .execute();
}
