import type { ColumnType, Generated, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, Date | undefined, never>;

/** A department's system with credentials of its own (migration 0016). */
export interface ApiClientTable {
  id: Generated<string>;
  name: string;
  department_id: string;
  scopes: string[];
  /** Lowercase hex SHA-256 of the secret. */
  secret_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  rotated_at: Date | null;
  last_used_at: Date | null;
  disabled_at: Date | null;
  disabled_by: string | null;
}

export interface ClientsDatabase {
  api_clients: ApiClientTable;
}

export type ApiClientRow = Selectable<ApiClientTable>;
