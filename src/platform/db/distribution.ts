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
import { randomUUID } from "node:crypto";
import { type RawBuilder, type SelectQueryBuilder, sql } from "kysely";

export type DistributionClass = "province" | "reference" | "coordinator" | "own-key";

/** The province of the rows that belong to none: account e-mails, the national audit chain. */
export const NO_PROVINCE = "00";

/** A province's code: the first two digits of any region code under it. */
export function provinceOf(regionCode: string | null | undefined): string {
  return regionCode && regionCode.length >= 2 ? regionCode.slice(0, 2) : NO_PROVINCE;
}

/** Two digits: the province codes of GB/T 2260 and the national '00'. */
const PROVINCE = /^\d{2}$/;

/**
 * The provinces of jurisdictions (each region lies in one), in order, or undefined when one of them is
 * the whole country: what a staff member's lists and searches are pinned to.
 */
export function provincesOfRegions(codes: readonly string[]): string[] | undefined {
  if (codes.some((code) => code.length < 2)) return undefined;
  return [...new Set(codes.map(provinceOf))].sort();
}

/**
 * A new id for a row of a province table: a random UUID of version 8 (RFC 9562, a layout of one's own)
 * whose first byte spells the province's two digits, so that an id alone says which shard holds the row
 * and a look-up by id from a link, an API path or a job goes to one province. 118 random bits remain.
 */
export function provinceId(province: string): string {
  if (!PROVINCE.test(province)) throw new Error(`not a province code: ${province}`);
  const random = randomUUID();
  return `${province}${random.slice(2, 14)}8${random.slice(15)}`;
}

/**
 * The province an id names, or undefined for an id that names none: one made before migration 0043
 * (version 4, random throughout) or not an id of ours at all. Look-ups of such ids go to every province.
 */
export function provinceOfId(id: string): string | undefined {
  return /^\d{2}[0-9a-f]{6}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)
    ? id.slice(0, 2)
    : undefined;
}

/**
 * Declares a statement meant for every province — national figures, the look-up of an id that names no
 * province — in the leading comment the distribution check (docs/scale-out.md, section 5) lists instead
 * of refusing. For a select builder, `.modifyFront(allProvinces("why"))`; in a raw template, its head.
 */
export function allProvinces(why: string): RawBuilder<unknown> {
  if (why.includes("*/")) throw new Error("a reason cannot close its comment");
  return sql.raw(`/* all provinces: ${why} */`);
}

/**
 * Keeps a select on one province: `province_code` (or the column named, for a join) equal to the
 * province when it is known — from an id, a case number, the row read before — and the statement
 * declared for every province when it is not (an id made before ids named their province).
 * `.$call(inProvince(provinceOfId(id)))`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any select, whatever its tables.
export function inProvince<QB extends SelectQueryBuilder<any, any, any>>(
  province: string | undefined,
  column = "province_code",
): (qb: QB) => QB {
  return (qb) =>
    (province === undefined
      ? qb.modifyFront(allProvinces("a key that names no province"))
      : qb.where(sql<boolean>`${sql.ref(column)} = ${province}`)) as QB;
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
  govstack_files: "province",
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
  govstack_aliases: "reference",
  govstack_identities: "reference",
  govstack_registries: "reference",
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
  govstack_documents: "coordinator",
  kysely_migration: "coordinator",
  kysely_migration_lock: "coordinator",
  mandate_actions: "coordinator",
  mandate_consent_codes: "coordinator",
  mandates: "coordinator",
  oidc_pending_logins: "coordinator",
  party_provinces: "coordinator",
  organisation_agents: "coordinator",
  organisations: "coordinator",
  person_identities: "coordinator",
  person_mobile_changes: "coordinator",
  person_recovery_codes: "coordinator",
  person_second_factors: "coordinator",
  person_sessions: "coordinator",
  persons: "coordinator",
  region_checks: "coordinator",
  registry_changes: "coordinator",
  registry_records: "coordinator",
  sessions: "coordinator",
  signin_failures: "coordinator",

  files: "own-key",
};

export function provinceTables(): string[] {
  return Object.entries(DISTRIBUTION)
    .filter(([, kind]) => kind === "province")
    .map(([table]) => table);
}
