/**
 * Where each table would live on a distributed PostgreSQL (Citus), sharded by province: the
 * classification of docs/scale-out.md, section 2, kept beside the schema so that a new table cannot be
 * added without deciding it. `distribution.test.ts` holds the migrated catalogue to these classes.
 *
 * - `province`: distributed by `province_code` and co-located with `cases` — a case and everything made
 *   while handling it, and everything that grows with a region's work.
 * - `reference`: small, read by almost every case-side statement, written rarely: copied to every node.
 * - `coordinator`: accounts, sessions, consultations, disclosure, the data exchange, the migrator: kept on
 *   the coordinator (national uniqueness, low volume, or joined by keys that are not a province).
 * - `own-key`: distributed by a column of its own, in a group of its own.
 */
export type DistributionClass = "province" | "reference" | "coordinator" | "own-key";

/** The province of the rows that belong to none: account e-mails, the national audit chain. */
export const NO_PROVINCE = "00";

/** A province's code: the first two digits of any region code under it. */
export function provinceOf(regionCode: string | null | undefined): string {
  return regionCode && regionCode.length >= 2 ? regionCode.slice(0, 2) : NO_PROVINCE;
}

export const DISTRIBUTION: Readonly<Record<string, DistributionClass>> = {
  application_materials: "province",
  applications: "province",
  appointment_slots: "province",
  appointments: "province",
  audit_head: "province",
  audit_log: "province",
  audit_pending: "province",
  bundle_applications: "province",
  bundle_cases: "province",
  case_events: "province",
  case_materials: "province",
  case_number_counters: "province",
  case_pauses: "province",
  case_tasks: "province",
  cases: "province",
  department_rankings: "province",
  disclosure_answers: "province",
  hall_devices: "province",
  inbox_messages: "province",
  insight_bundle_dirty: "province",
  insight_bundle_facts: "province",
  insight_bundle_monthly: "province",
  insight_case_facts: "province",
  insight_dirty: "province",
  insight_homes_monthly: "province",
  insight_monthly: "province",
  insight_monthly_days: "province",
  insight_sites_monthly: "province",
  insight_slice_days: "province",
  insight_slices: "province",
  insight_voice_dirty: "province",
  insight_voice_facts: "province",
  insight_voice_monthly: "province",
  licence_share_opens: "province",
  licence_shares: "province",
  licences: "province",
  locker_assignments: "province",
  notifications: "province",
  public_requests: "province",
  queue_counters: "province",
  queue_tickets: "province",
  rating_additions: "province",
  rating_tokens: "province",
  ratings: "province",
  rectifications: "province",
  request_events: "province",
  webhook_deliveries: "province",

  api_clients: "reference",
  bundles: "reference",
  calendar_days: "reference",
  calendar_overrides: "reference",
  calendar_years: "reference",
  catalog_item_versions: "reference",
  catalog_items: "reference",
  catalog_offerings: "reference",
  catalog_search_index: "reference",
  catalog_synonyms: "reference",
  data_agreements: "reference",
  department_signing_keys: "reference",
  departments: "reference",
  hall_windows: "reference",
  insight_workdays: "reference",
  process_definitions: "reference",
  queue_categories: "reference",
  rating_settings: "reference",
  regions: "reference",
  registries: "reference",
  request_categories: "reference",
  request_routes: "reference",
  service_sites: "reference",
  site_agents: "reference",
  staff: "reference",
  staff_roles: "reference",
  webhook_signing_keys: "reference",
  webhook_subscriptions: "reference",

  account_tokens: "coordinator",
  consultation_articles: "coordinator",
  consultation_attachments: "coordinator",
  consultation_comments: "coordinator",
  consultation_point_comments: "coordinator",
  consultation_settings: "coordinator",
  consultation_summary_points: "coordinator",
  consultations: "coordinator",
  disclosure_attachments: "coordinator",
  disclosure_guides: "coordinator",
  disclosure_index_counters: "coordinator",
  disclosure_publications: "coordinator",
  disclosure_revisions: "coordinator",
  kysely_migration: "coordinator",
  kysely_migration_lock: "coordinator",
  mandate_actions: "coordinator",
  mandate_consent_codes: "coordinator",
  mandates: "coordinator",
  oidc_pending_logins: "coordinator",
  organisation_agents: "coordinator",
  organisations: "coordinator",
  person_identities: "coordinator",
  person_sessions: "coordinator",
  persons: "coordinator",
  region_checks: "coordinator",
  registry_changes: "coordinator",
  registry_records: "coordinator",
  sessions: "coordinator",

  files: "own-key",
};

export function provinceTables(): string[] {
  return Object.entries(DISTRIBUTION)
    .filter(([, kind]) => kind === "province")
    .map(([table]) => table);
}
