import type { ColumnType, Selectable } from "kysely";

/** An agent (代办员) of a service point: a person with an account of their own, named by staff. */
export interface SiteAgentTable {
  site_id: string;
  person_id: string;
  added_by: string;
  added_at: ColumnType<Date, Date | undefined, Date>;
  removed_at: Date | null;
  removed_by: string | null;
}

export interface PointsDatabase {
  site_agents: SiteAgentTable;
}

export type SiteAgentRow = Selectable<SiteAgentTable>;
