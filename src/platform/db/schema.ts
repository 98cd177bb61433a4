import type { OidcPendingLoginTable, PersonIdentityTable } from "../../modules/applicants/oidc-tables.ts";
import type {
  AccountTokenTable,
  OrganisationAgentTable,
  OrganisationTable,
  PartyProvinceTable,
  PersonMobileChangeTable,
  PersonRecoveryCodeTable,
  PersonSecondFactorTable,
  PersonSessionTable,
  PersonTable,
} from "../../modules/applicants/tables.ts";
import type { ApplicationsDatabase } from "../../modules/applications/tables.ts";
import type { AuditHeadTable, AuditLogTable } from "../../modules/audit/tables.ts";
import type { BundlesDatabase } from "../../modules/bundles/tables.ts";
import type {
  CalendarDayTable,
  CalendarOverrideTable,
  CalendarYearTable,
} from "../../modules/calendar/tables.ts";
import type { CasesDatabase } from "../../modules/cases/tables.ts";
import type { CatalogSearchIndexTable, CatalogSynonymTable } from "../../modules/catalog/search-tables.ts";
import type {
  CatalogItemTable,
  CatalogItemVersionTable,
  CatalogOfferingTable,
} from "../../modules/catalog/tables.ts";
import type { ClientsDatabase } from "../../modules/clients/tables.ts";
import type { ConsultationsDatabase } from "../../modules/consultations/tables.ts";
import type { DepartmentTable } from "../../modules/departments/tables.ts";
import type { DevicesDatabase } from "../../modules/devices/tables.ts";
import type { DisclosureDatabase } from "../../modules/disclosure/tables.ts";
import type { ExchangeDatabase } from "../../modules/exchange/tables.ts";
import type { GovstackDatabase } from "../../modules/govstack/tables.ts";
import type { HallsDatabase } from "../../modules/halls/tables.ts";
import type { SessionTable, StaffRoleTable, StaffTable } from "../../modules/identity/tables.ts";
import type { InsightsDatabase } from "../../modules/insights/tables.ts";
import type { LicencesDatabase } from "../../modules/licences/tables.ts";
import type {
  MandateActionTable,
  MandateConsentCodeTable,
  MandateTable,
} from "../../modules/mandates/tables.ts";
import type { InboxDatabase } from "../../modules/notify/inbox-tables.ts";
import type { NotificationTable } from "../../modules/notify/tables.ts";
import type { PointsDatabase } from "../../modules/points/tables.ts";
import type { RatingsDatabase } from "../../modules/ratings/tables.ts";
import type { RegionCheckTable, RegionTable } from "../../modules/regions/tables.ts";
import type { RequestsDatabase } from "../../modules/requests/tables.ts";
import type { SupervisionDatabase } from "../../modules/supervision/tables.ts";
import type { WebhooksDatabase } from "../../modules/webhooks/tables.ts";
import type { SigninGuardDatabase } from "../auth/tables.ts";
import type { FilesDatabase } from "../files/tables.ts";

/** Every table Tongban owns, as Kysely sees them. Each module declares its own in `tables.ts`. */
export interface Database
  extends CasesDatabase,
    ApplicationsDatabase,
    FilesDatabase,
    LicencesDatabase,
    WebhooksDatabase,
    InboxDatabase,
    ClientsDatabase,
    ExchangeDatabase,
    BundlesDatabase,
    HallsDatabase,
    DevicesDatabase,
    PointsDatabase,
    RatingsDatabase,
    RequestsDatabase,
    ConsultationsDatabase,
    DisclosureDatabase,
    SupervisionDatabase,
    InsightsDatabase,
    GovstackDatabase,
    SigninGuardDatabase {
  regions: RegionTable;
  region_checks: RegionCheckTable;
  departments: DepartmentTable;
  staff: StaffTable;
  staff_roles: StaffRoleTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  notifications: NotificationTable;
  persons: PersonTable;
  organisations: OrganisationTable;
  organisation_agents: OrganisationAgentTable;
  party_provinces: PartyProvinceTable;
  person_sessions: PersonSessionTable;
  account_tokens: AccountTokenTable;
  person_mobile_changes: PersonMobileChangeTable;
  person_second_factors: PersonSecondFactorTable;
  person_recovery_codes: PersonRecoveryCodeTable;
  mandates: MandateTable;
  mandate_consent_codes: MandateConsentCodeTable;
  mandate_actions: MandateActionTable;
  person_identities: PersonIdentityTable;
  oidc_pending_logins: OidcPendingLoginTable;
  calendar_years: CalendarYearTable;
  calendar_days: CalendarDayTable;
  calendar_overrides: CalendarOverrideTable;
  catalog_items: CatalogItemTable;
  catalog_item_versions: CatalogItemVersionTable;
  catalog_offerings: CatalogOfferingTable;
  catalog_search_index: CatalogSearchIndexTable;
  catalog_synonyms: CatalogSynonymTable;
}
