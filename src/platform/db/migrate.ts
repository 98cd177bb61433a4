import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from "kysely";
import type { Db } from "./database.ts";
import * as platform from "./migrations/0001_platform.ts";
import * as audit from "./migrations/0002_audit.ts";
import * as staffMfa from "./migrations/0003_staff_mfa.ts";
import * as notify from "./migrations/0004_notify.ts";
import * as applicants from "./migrations/0005_applicants.ts";
import * as mandates from "./migrations/0006_mandates.ts";
import * as personIdentities from "./migrations/0007_person_identities.ts";
import * as calendar from "./migrations/0008_calendar.ts";
import * as catalog from "./migrations/0009_catalog.ts";
import * as catalogSearch from "./migrations/0010_catalog_search.ts";
import * as cases from "./migrations/0011_cases.ts";
import * as files from "./migrations/0012_files.ts";
import * as licences from "./migrations/0013_licences.ts";
import * as webhooks from "./migrations/0014_webhooks.ts";
import * as inbox from "./migrations/0015_inbox.ts";
import * as apiClients from "./migrations/0016_api_clients.ts";
import * as exchange from "./migrations/0017_exchange.ts";
import * as licenceShares from "./migrations/0018_licence_shares.ts";
import * as bundles from "./migrations/0019_bundles.ts";
import * as auditPending from "./migrations/0020_audit_pending.ts";
import * as sites from "./migrations/0021_sites.ts";
import * as queue from "./migrations/0022_queue.ts";
import * as devices from "./migrations/0023_devices.ts";
import * as points from "./migrations/0024_points.ts";
import * as shortLinks from "./migrations/0025_short_links.ts";
import * as crossRegion from "./migrations/0026_cross_region.ts";
import * as queueIndexes from "./migrations/0027_queue_indexes.ts";
import * as ratingsMigration from "./migrations/0028_ratings.ts";
import * as requestsMigration from "./migrations/0029_requests.ts";
import * as consultationsMigration from "./migrations/0030_consultations.ts";
import * as disclosureMigration from "./migrations/0031_disclosure.ts";
import * as requestCategoriesRetired from "./migrations/0032_request_categories_retired.ts";
import * as supervisionMigration from "./migrations/0033_supervision.ts";
import * as consultationCommentIndexes from "./migrations/0034_consultation_comment_indexes.ts";
import * as insightsMigration from "./migrations/0035_insights.ts";
import * as processMining from "./migrations/0036_process_mining.ts";
import * as insightVoice from "./migrations/0037_insight_voice.ts";
import * as insightBundles from "./migrations/0038_insight_bundles.ts";
import * as insightSlices from "./migrations/0039_insight_slices.ts";
import * as threeAdministrators from "./migrations/0040_three_administrators.ts";
import * as sessionIdle from "./migrations/0041_session_idle.ts";
import * as provinceCode from "./migrations/0042_province_code.ts";
import * as provinceIds from "./migrations/0043_province_ids.ts";
import * as auditProvinces from "./migrations/0044_audit_provinces.ts";
import * as nationalCrypto from "./migrations/0045_national_crypto.ts";
import * as signinGuard from "./migrations/0046_signin_guard.ts";
import * as mobileChanges from "./migrations/0047_mobile_changes.ts";
import * as sessionDevices from "./migrations/0048_session_devices.ts";
import * as peopleMfa from "./migrations/0049_people_mfa.ts";
import * as govstack from "./migrations/0050_govstack.ts";

/** Ordered by name; a new migration is added here and never edited once released. */
const migrations: Record<string, Migration> = {
  "0001_platform": platform,
  "0002_audit": audit,
  "0003_staff_mfa": staffMfa,
  "0004_notify": notify,
  "0005_applicants": applicants,
  "0006_mandates": mandates,
  "0007_person_identities": personIdentities,
  "0008_calendar": calendar,
  "0009_catalog": catalog,
  "0010_catalog_search": catalogSearch,
  "0011_cases": cases,
  "0012_files": files,
  "0013_licences": licences,
  "0014_webhooks": webhooks,
  "0015_inbox": inbox,
  "0016_api_clients": apiClients,
  "0017_exchange": exchange,
  "0018_licence_shares": licenceShares,
  "0019_bundles": bundles,
  "0020_audit_pending": auditPending,
  "0021_sites": sites,
  "0022_queue": queue,
  "0023_devices": devices,
  "0024_points": points,
  "0025_short_links": shortLinks,
  "0026_cross_region": crossRegion,
  "0027_queue_indexes": queueIndexes,
  "0028_ratings": ratingsMigration,
  "0029_requests": requestsMigration,
  "0030_consultations": consultationsMigration,
  "0031_disclosure": disclosureMigration,
  "0032_request_categories_retired": requestCategoriesRetired,
  "0033_supervision": supervisionMigration,
  "0034_consultation_comment_indexes": consultationCommentIndexes,
  "0035_insights": insightsMigration,
  "0036_process_mining": processMining,
  "0037_insight_voice": insightVoice,
  "0038_insight_bundles": insightBundles,
  "0039_insight_slices": insightSlices,
  "0040_three_administrators": threeAdministrators,
  "0041_session_idle": sessionIdle,
  "0042_province_code": provinceCode,
  "0043_province_ids": provinceIds,
  "0044_audit_provinces": auditProvinces,
  "0045_national_crypto": nationalCrypto,
  "0046_signin_guard": signinGuard,
  "0047_mobile_changes": mobileChanges,
  "0048_session_devices": sessionDevices,
  "0049_people_mfa": peopleMfa,
  "0050_govstack": govstack,
};

/** The names of every migration, in order. */
export const MIGRATION_NAMES = Object.keys(migrations);

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Brings the schema to the latest version, or throws naming the migration that failed. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  // Migrations see the schema as it was when they were written, not today's typed tables.
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
  });
  return report(await migrator.migrateToLatest());
}

/** Brings the schema to the named migration and no further: for tests of a migration's data. */
export async function migrateTo(db: Db, last: string): Promise<string[]> {
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
  });
  return report(await migrator.migrateTo(last));
}

/**
 * Whether every migration is recorded already: one read, where the migrator would take its lock and
 * create its tables if missing (a third of a second of an embedded start). Any doubt — no table yet, an
 * unknown or missing name — leaves the decision to the migrator.
 */
async function upToDate(db: Db): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    return rows.length === MIGRATION_NAMES.length && rows.every((row, i) => row.name === MIGRATION_NAMES[i]);
  } catch {
    return false;
  }
}

function report({ error, results }: MigrationResultSet): string[] {
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      failed
        ? `Migration ${failed.migrationName} failed: ${reason}. Nothing after it ran; fix the cause and start again.`
        : `Migrations could not run: ${reason}`,
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
