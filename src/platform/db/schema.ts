import type { DepartmentTable } from "../../modules/departments/tables.ts";
import type { SessionTable, StaffRoleTable, StaffTable } from "../../modules/identity/tables.ts";
import type { RegionCheckTable, RegionTable } from "../../modules/regions/tables.ts";

/** Every table Tongban owns, as Kysely sees them. Each module declares its own in `tables.ts`. */
export interface Database {
  regions: RegionTable;
  region_checks: RegionCheckTable;
  departments: DepartmentTable;
  staff: StaffTable;
  staff_roles: StaffRoleTable;
  sessions: SessionTable;
  // audit tables
  // notify tables
  // applicants tables
}
