import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import { chinaDate } from "../../platform/documents/dates.ts";
import { errors, isAppError } from "../../platform/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { contactOf } from "../applicants/service.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { deliverFromLocker, pickupTask } from "../cases/pickup.ts";
import { type CaseRow, loadCase } from "../cases/service.ts";
import { getSite, type Site } from "../halls/sites.ts";
import { notifyParty } from "../notify/party.ts";
import { findDevice } from "./devices.ts";
import { deviceErrors } from "./errors.ts";
import { codeHashes, deviceKeys, pickupCode, sameHex } from "./keys.ts";
import * as store from "./store.ts";
import type { HallDeviceRow, LockerAssignmentRow } from "./tables.ts";

/** How long an item waits in its compartment; then staff take it back to the window. */
export const PICKUP_DAYS = 7;
/** Wrong codes a compartment takes before it opens for nothing but staff: 10⁶ codes are not to be tried. */
export const MAX_ATTEMPTS = 5;

export type LockerDeps = { jobs: Jobs; config: Pick<Config, "baseUrl" | "personalDataKey"> };

export interface LockerItem {
  id: string;
  deviceId: string;
  compartment: number;
  caseNumber: string;
  status: LockerAssignmentRow["status"];
  failedAttempts: number;
  assignedAt: string;
  expiresAt: string;
}

export function presentItem(row: LockerAssignmentRow): LockerItem {
  return {
    id: row.id,
    deviceId: row.device_id,
    compartment: row.compartment,
    caseNumber: row.case_number,
    status: row.status,
    failedAttempts: row.failed_attempts,
    assignedAt: row.assigned_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "23505";

/**
 * Staff put a case's result (licence, documents) into a locker's compartment: the case must be waiting
 * to be picked up; the applicant — and whoever applied for them — is sent a six-digit one-time code
 * (inbox, and SMS or e-mail where they have one), of which only a keyed hash is kept. Staff never see
 * the code. The locker is told once the assignment has committed (`LockerAssigned.locker`).
 */
export async function assignLocker(
  db: Db,
  deps: LockerDeps,
  actor: Actor,
  siteCode: string,
  input: { caseNumber: string; deviceId: string; compartment: number },
  requestId?: string,
): Promise<{ item: LockerItem; site: Site; locker: HallDeviceRow; codeHash: string }> {
  const site = await getSite(db, siteCode);
  authorize(actor, "locker.assign", { regionCode: site.regionCode });
  const locker = await findDevice(db, input.deviceId);
  if (!locker || locker.site_id !== site.id || locker.kind !== "locker") throw errors.notFound("locker");
  if (input.compartment > locker.compartments) {
    throw errors.validation([
      { field: "/compartment", message: `This locker has compartments 1 to ${locker.compartments}` },
    ]);
  }
  const row = await loadCase(db, actor, input.caseNumber.trim());
  await pickupTask(db, row);
  const province = provinceOf(site.regionCode);
  const provinces = [...new Set([province, row.province_code])];
  if (await store.waitingForCase(db, provinces, row.id)) throw deviceErrors.caseInLocker(row.number);
  const keys = deviceKeys(deps.config.personalDataKey);
  const id = provinceId(province);
  const code = pickupCode();
  const codeHash = keys.codeHash(id, code);
  const expiresAt = new Date(Date.now() + PICKUP_DAYS * 86_400_000);
  const saved = await db
    .transaction()
    .execute(async (tx) => {
      const item = await store.insertAssignment(tx, {
        id,
        device_id: locker.id,
        site_id: site.id,
        province_code: province,
        region_code: site.regionCode,
        compartment: input.compartment,
        case_id: row.id,
        case_number: row.number,
        code_hash: codeHash,
        assigned_by: actor.kind === "staff" ? actor.id : null,
        expires_at: expiresAt,
      });
      await sendCode(tx, deps, row, site, locker, input.compartment, code, expiresAt);
      await recordAudit(tx, {
        ...auditActor(actor),
        action: "locker.assign",
        subjectKind: "case",
        subjectId: row.id,
        caseId: row.id,
        regionCode: row.region_code,
        requestId: requestId ?? null,
        details: { site: site.code, locker: locker.name, compartment: input.compartment },
      });
      return item;
    })
    .catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      // Someone filled the compartment, or put this case in a locker, a moment before.
      throw deviceErrors.compartmentTaken(input.compartment);
    });
  return { item: presentItem(saved), site, locker, codeHash };
}

/** The people who hear about a case: the applicant in person, and whoever applied for them. */
function recipientsOf(row: CaseRow): string[] {
  const ids = new Set<string>();
  if (row.applicant_kind === "person") ids.add(row.applicant_id);
  if (row.submitter_kind === "person") ids.add(row.submitter_id);
  return [...ids];
}

async function sendCode(
  tx: Executor,
  deps: LockerDeps,
  row: CaseRow,
  site: Site,
  locker: HallDeviceRow,
  compartment: number,
  code: string,
  expiresAt: Date,
): Promise<void> {
  const link = `${deps.config.baseUrl}/cases/${row.number}`;
  for (const personId of recipientsOf(row)) {
    const contact = await contactOf(tx, personId);
    if (!contact) continue;
    await notifyParty(tx, deps.jobs, {
      recipient: {
        kind: "person",
        id: personId,
        locale: "zh-CN",
        email: contact.email,
        mobile: contact.mobile,
      },
      template: "locker.pickup_code",
      params: {
        "zh-CN": {
          code,
          caseNumber: row.number,
          place: `${site.name}24小时智能柜“${locker.name}”${compartment}号格`,
          until: chinaDate(expiresAt, "zh-CN"),
          link,
        },
        en: {
          code,
          caseNumber: row.number,
          place: `compartment ${compartment} of the 24-hour locker "${locker.name}" at ${site.nameEn || site.name}`,
          until: chinaDate(expiresAt, "en"),
          link,
        },
      },
      link,
      caseId: row.id,
      regionCode: row.region_code,
    });
  }
}

export type PickupResult =
  | { result: "open"; item: LockerItem }
  | { result: "refused"; reason: "no_item" | "wrong_code" | "locked" | "expired"; attempts?: number };

/**
 * A locker asks to open a compartment with the code typed on it. The right code, once, opens it: the
 * item is marked picked up and the case's delivery closes (办结) in the same transaction. A wrong code is
 * counted, and after MAX_ATTEMPTS the compartment opens for no code; a used code finds no item.
 */
export async function pickUp(
  db: Db,
  deps: LockerDeps,
  locker: HallDeviceRow,
  site: Site,
  compartment: number,
  code: string,
  now = new Date(),
): Promise<PickupResult> {
  return db.transaction().execute(async (tx): Promise<PickupResult> => {
    const item = await store.lockWaiting(tx, locker.province_code, locker.id, compartment);
    if (!item) return { result: "refused", reason: "no_item" };
    if (item.failed_attempts >= MAX_ATTEMPTS) return { result: "refused", reason: "locked" };
    if (item.expires_at <= now) return { result: "refused", reason: "expired" };
    if (!codeHashes(deps.config.personalDataKey, item.id, code).some((h) => sameHex(h, item.code_hash))) {
      const attempts = await store.countFailure(tx, item.province_code, item.id);
      return { result: "refused", reason: "wrong_code", attempts };
    }
    await store.markPickedUp(tx, item.province_code, item.id, now);
    try {
      await deliverFromLocker(tx, { ...deps, now }, item.case_id, {
        site: site.code,
        locker: locker.name,
        compartment,
      });
    } catch (error) {
      // Handed over some other way meanwhile (at the window): the item is still theirs to take.
      if (!isAppError(error) || error.code !== "case_action_not_allowed") throw error;
    }
    return { result: "open", item: presentItem({ ...item, status: "picked_up", picked_up_at: now }) };
  });
}

/** What waits in a site's lockers, for its staff. */
export async function waitingItems(db: Executor, site: Site): Promise<LockerItem[]> {
  return (await store.waitingIn(db, provinceOf(site.regionCode), site.id)).map(presentItem);
}
