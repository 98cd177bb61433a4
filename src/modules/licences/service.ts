import type { Locale } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { FieldsError } from "../applicants/errors.ts";
import { listMyOrganisations } from "../applicants/organisations.ts";
import { noteParty, partyProvinces } from "../applicants/party-provinces-store.ts";
import type { Origin } from "../applicants/service.ts";
import { type AuditInput, recordAudit } from "../audit/service.ts";
import { getDepartment } from "../departments/service.ts";
import { canonicalBytes } from "./canonical.ts";
import { licenceErrors } from "./errors.ts";
import { holderFacts } from "./holding.ts";
import { generateSigningKey, signBytes, signingAlgorithm } from "./keys.ts";
import { isGenuine, isLicenceId, type LicenceState, maskPersonName, newLicenceId, stateOf } from "./state.ts";
import type { LicenceRecord, SigningKey } from "./store.ts";
import * as store from "./store.ts";
import type { BilingualText, HolderKind, LicenceField } from "./tables.ts";

export { isLicenceId, LICENCE_STATES, type LicenceState } from "./state.ts";
export type { SigningKey } from "./store.ts";
export type { HolderKind } from "./tables.ts";

/** A licence as the library holds it, where it stands now, and whether its signature holds. */
export interface Licence extends LicenceRecord {
  state: LicenceState;
  genuine: boolean;
  /** What the reader may do with it now. */
  allowed: "revoke"[];
}

export interface IssueInput {
  /** A licence type key: food_business_licence. */
  type: string;
  title: BilingualText;
  caseId: string | null;
  regionCode: string;
  departmentId: string;
  holder: { kind: HolderKind; id: string; name: string; identifierMasked: string | null };
  fields: LicenceField[];
  /** Absent: from the moment of issue. */
  validFrom?: Date;
  /** Null: no expiry. */
  validUntil: Date | null;
}

/** What anyone checking a licence sees: no ids of people, a person's name masked. */
export interface PublicLicence {
  id: string;
  type: string;
  title: BilingualText;
  holderKind: HolderKind;
  holderName: string;
  department: { name: string; nameEn: string };
  fields: LicenceField[];
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
  revokeReason: string | null;
}

export type Verification =
  | { found: false }
  | { found: true; genuine: boolean; status: LicenceState; licence: PublicLicence };

const MAX_FIELDS = 50;
const REASON_MAX = 500;

function inTransaction<T>(db: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

function view(record: LicenceRecord, now: Date, actor?: Actor): Licence {
  const revocable =
    record.status === "valid" &&
    actor !== undefined &&
    can(actor, "licence.revoke", { departmentId: record.department.id, regionCode: record.regionCode });
  return {
    ...record,
    state: stateOf(record, now),
    genuine: isGenuine(record),
    allowed: revocable ? ["revoke"] : [],
  };
}

/**
 * PostgreSQL refuses NUL in text, and a lone surrogate has no UTF-8 form: text is stored and signed
 * without the first, and with U+FFFD in place of the second.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const clean = (text: string) => text.replaceAll("\u0000", "").replace(LONE_SURROGATE, "\ufffd");

/**
 * The department's key in use, made on its first licence. A key of another suite than the one now
 * configured is retired on the next licence and a new key made, so the change of suite reaches every
 * department as it issues; licences signed before keep verifying with the retired key.
 */
async function signingKey(tx: Executor, departmentId: string, personalDataKey: Buffer, now: Date) {
  const existing = await store.findActiveKey(tx, departmentId);
  if (existing && existing.algorithm === signingAlgorithm()) return existing;
  if (existing) await store.retireKey(tx, existing.id, now);
  await store.insertKeyIfNone(tx, { departmentId, ...generateSigningKey(personalDataKey) });
  const made = await store.findActiveKey(tx, departmentId);
  if (!made) throw new Error(`No signing key could be made for department ${departmentId}`);
  return made;
}

/**
 * Issues an e-licence (制证) into the library, signed with the issuing department's key. No
 * authorization here: the case engine issues on a grant it has authorized. Runs in the caller's
 * transaction (or one of its own), the audit entry last.
 */
export async function issueLicence(
  tx: Executor,
  input: IssueInput,
  deps: {
    personalDataKey: Buffer;
    now?: Date;
    /**
     * Takes the audit entry for the caller to write at the end of its transaction: appending holds
     * the audit chain's head until commit, so a long transaction (a case decided at once) appends last.
     */
    deferAudit?: (entry: AuditInput) => void;
  },
): Promise<Licence> {
  const now = deps.now ?? new Date();
  const validFrom = input.validFrom ?? now;
  if (input.validUntil && input.validUntil <= validFrom)
    throw new TypeError("A licence must be valid for some time: validUntil is not after validFrom");
  if (input.fields.length > MAX_FIELDS) throw new TypeError(`A licence has at most ${MAX_FIELDS} fields`);
  return inTransaction(tx, async (tx) => {
    const key = await signingKey(tx, input.departmentId, deps.personalDataKey, now);
    const text = (t: BilingualText) => ({ zh: clean(t.zh), en: clean(t.en) });
    const licence: store.NewLicence = {
      id: newLicenceId(provinceOf(input.regionCode)),
      type: clean(input.type),
      title: text(input.title),
      caseId: input.caseId,
      regionCode: input.regionCode,
      departmentId: input.departmentId,
      holder: {
        kind: input.holder.kind,
        id: input.holder.id,
        name: clean(input.holder.name),
        identifierMasked:
          input.holder.identifierMasked === null ? null : clean(input.holder.identifierMasked),
      },
      fields: input.fields.map((f) => ({ label: text(f.label), value: clean(f.value) })),
      // Stored to the microsecond, signed to the millisecond: both are whole milliseconds.
      issuedAt: new Date(now.getTime()),
      validFrom: new Date(validFrom.getTime()),
      validUntil: input.validUntil && new Date(input.validUntil.getTime()),
      keyId: key.id,
      signature: "",
    };
    licence.signature = signBytes(deps.personalDataKey, key, canonicalBytes(licence));
    await store.insertLicence(tx, licence);
    // The holder's wallet is read in the provinces they have rows in: this licence's is one.
    await noteParty(tx, { kind: licence.holder.kind, id: licence.holder.id }, provinceOf(licence.regionCode));
    const entry: AuditInput = {
      actorKind: "system",
      action: "licence.issue",
      subjectKind: "licence",
      subjectId: licence.id,
      personId: licence.holder.kind === "person" ? licence.holder.id : null,
      caseId: licence.caseId,
      regionCode: licence.regionCode,
      details: { type: licence.type, departmentId: licence.departmentId, keyId: key.id },
    };
    if (deps.deferAudit) deps.deferAudit(entry);
    else await recordAudit(tx, entry);
    const stored = await store.findLicence(tx, licence.id);
    if (!stored) throw new Error(`Licence ${licence.id} was not stored`);
    return view(stored, now);
  });
}

/**
 * The public check (/verify): whether the licence exists, whether its signature holds over the stored
 * record, and where it stands. Anyone may ask; a malformed number is "not found" without a query.
 */
export async function verifyLicence(db: Executor, id: string, now = new Date()): Promise<Verification> {
  const record = isLicenceId(id) ? await store.findLicence(db, id) : undefined;
  return record ? verificationOf(record, now) : { found: false };
}

/** The public check of a record already loaded (a share link's licence, say). */
export function verificationOf(record: LicenceRecord, now: Date): Extract<Verification, { found: true }> {
  return {
    found: true,
    genuine: isGenuine(record),
    status: stateOf(record, now),
    licence: {
      id: record.id,
      type: record.type,
      title: record.title,
      holderKind: record.holder.kind,
      holderName: record.holder.kind === "person" ? maskPersonName(record.holder.name) : record.holder.name,
      department: { name: record.department.name, nameEn: record.department.nameEn },
      fields: record.fields,
      issuedAt: record.issuedAt,
      validFrom: record.validFrom,
      validUntil: record.validUntil,
      revokedAt: record.revokedAt,
      revokeReason: record.revokeReason,
    },
  };
}

async function load(db: Executor, id: string): Promise<LicenceRecord> {
  const record = isLicenceId(id) ? await store.findLicence(db, id) : undefined;
  if (!record) throw licenceErrors.notFound();
  return record;
}

/**
 * One licence in full, for its holder (or whoever acts for the holding organisation) and the staff of
 * the region; to anyone else it does not exist. A staff member's read of a person's licence is in the
 * audit trail and on the person's "who read my data" page.
 */
export async function getLicence(
  db: Db,
  actor: Actor,
  id: string,
  origin: Pick<Origin, "requestId"> = {},
  now = new Date(),
): Promise<Licence> {
  const record = await load(db, id);
  authorize(actor, "licence.read", await holderFacts(db, actor, record));
  if (actor.kind === "staff" && record.holder.kind === "person") {
    await db.transaction().execute((tx) =>
      recordAudit(tx, {
        actorKind: "staff",
        actorId: actor.id,
        action: "personal_data.read",
        subjectKind: "licence",
        subjectId: record.id,
        personId: record.holder.id,
        caseId: record.caseId,
        regionCode: record.regionCode,
        purpose: `reading e-licence ${record.id}`,
        requestId: origin.requestId ?? null,
      }),
    );
  }
  return view(record, now, actor);
}

/** A person's own licences and those of the organisations they act for, newest first. */
export async function listMyLicences(db: Executor, actor: Actor, now = new Date()): Promise<Licence[]> {
  authorize(actor, "licence.list");
  if (actor.kind !== "person") return [];
  const organisations = await listMyOrganisations(db, actor);
  const holders = [
    { kind: "person" as const, id: actor.id },
    ...organisations.map((o) => ({ kind: "organisation" as const, id: o.id })),
  ];
  const provinces = new Set((await Promise.all(holders.map((h) => partyProvinces(db, h)))).flat());
  const records = await store.licencesOf(db, holders, [...provinces].sort());
  return records.map((r) => view(r, now, actor));
}

/**
 * Revokes a licence (吊销/撤销): an approver of the issuing department whose jurisdiction holds its
 * region, with a reason the public verification shows. Those who may read the licence but not revoke
 * it are refused (403); to anyone else it does not exist (404). A revoked licence stays revoked (409).
 */
export async function revokeLicence(
  tx: Executor,
  actor: Actor,
  id: string,
  reason: string | undefined,
  origin: Pick<Origin, "requestId">,
  now = new Date(),
): Promise<Licence> {
  const record = await load(tx, id);
  const facts = { departmentId: record.department.id, regionCode: record.regionCode };
  if (!can(actor, "licence.revoke", facts) || actor.kind !== "staff") {
    if (can(actor, "licence.read", await holderFacts(tx, actor, record))) throw errors.forbidden();
    authorize(actor, "licence.revoke", facts);
    throw errors.forbidden();
  }
  const text = clean(reason ?? "").trim();
  if (text.length === 0 || [...text].length > REASON_MAX) {
    throw new FieldsError([{ field: "/reason", key: "licence.problem.reason", params: { max: REASON_MAX } }]);
  }
  if (record.status === "revoked") throw licenceErrors.revoked();
  return inTransaction(tx, async (tx) => {
    if (
      !(await store.markRevoked(tx, provinceOf(record.regionCode), record.id, {
        at: now,
        by: actor.id,
        reason: text,
      }))
    )
      throw licenceErrors.revoked();
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: "licence.revoke",
      subjectKind: "licence",
      subjectId: record.id,
      personId: record.holder.kind === "person" ? record.holder.id : null,
      caseId: record.caseId,
      regionCode: record.regionCode,
      requestId: origin.requestId ?? null,
      details: { reason: text },
    });
    return view((await store.findLicence(tx, record.id)) as LicenceRecord, now, actor);
  });
}

/**
 * Revokes the licence of a grant a supervisor has reversed (an automatic decision, 秒批, overturned):
 * the case engine has authorized the reversal, so no approver's check here. Its audit entry goes to the
 * caller, to be written last in the case's transaction.
 */
export async function revokeReversedLicence(
  tx: Executor,
  id: string,
  supervisorId: string,
  reason: string,
  deferAudit: (entry: AuditInput) => void,
  now = new Date(),
): Promise<void> {
  const record = await load(tx, id);
  if (record.status === "revoked") return;
  await store.markRevoked(tx, provinceOf(record.regionCode), record.id, {
    at: now,
    by: supervisorId,
    reason: clean(reason),
  });
  deferAudit({
    actorKind: "staff",
    actorId: supervisorId,
    action: "licence.revoke",
    subjectKind: "licence",
    subjectId: record.id,
    personId: record.holder.kind === "person" ? record.holder.id : null,
    caseId: record.caseId,
    regionCode: record.regionCode,
    details: { reason: clean(reason), reversal: true },
  });
}

/** The printable certificate (PDF) of a licence, for whoever may read it, in their language. */
export async function licenceCertificate(
  db: Db,
  actor: Actor,
  id: string,
  locale: Locale,
  baseUrl: string,
  origin: Pick<Origin, "requestId"> = {},
): Promise<Uint8Array> {
  const l = await getLicence(db, actor, id, origin);
  const zh = locale === "zh-CN";
  // pdf-lib and the font are loaded on the first certificate, not at start.
  const { renderCertificatePdf } = await import("../../platform/documents/certificate.ts");
  return renderCertificatePdf({
    locale,
    title: zh ? l.title.zh : l.title.en,
    licenceId: l.id,
    holderName: l.holder.name,
    holderIdentifierMasked: l.holder.identifierMasked,
    fields: l.fields.map((f) => ({ label: zh ? f.label.zh : f.label.en, value: f.value })),
    departmentName: zh ? l.department.name : l.department.nameEn,
    issuedAt: l.issuedAt,
    validUntil: l.validUntil,
    verifyUrl: `${baseUrl.replace(/\/$/, "")}/verify/${l.id}`,
  });
}

/**
 * The newest licence of this type the holder may use now: valid status, within its validity. (For the
 * once-only principle: a licence the government issued stands in for a material, never an expired or
 * revoked one.) A record whose signature no longer holds is passed over. No authorization: the caller
 * has decided the holder is whom it acts for.
 */
export async function usableLicence(
  db: Executor,
  holder: { kind: HolderKind; id: string },
  type: string,
  now = new Date(),
): Promise<Licence | undefined> {
  if (!isUuid(holder.id)) return undefined;
  const provinces = await partyProvinces(db, holder);
  const found = (await store.usableLicences(db, holder, provinces, type, now)).find(isGenuine);
  return found && view(found, now);
}

/**
 * Why this licence cannot stand in for a material of this holder now, or undefined when it can. A
 * record whose signature no longer holds is no licence the library vouches for: "not_found".
 */
export async function licenceUnusable(
  db: Executor,
  licenceId: string,
  holder: { kind: HolderKind; id: string },
  now = new Date(),
): Promise<"not_found" | "not_holder" | "revoked" | "expired" | "not_yet_valid" | undefined> {
  const record = isLicenceId(licenceId) ? await store.findLicence(db, licenceId) : undefined;
  if (!record || !isGenuine(record)) return "not_found";
  if (record.holder.kind !== holder.kind || record.holder.id !== holder.id) return "not_holder";
  const state = stateOf(record, now);
  return state === "valid" ? undefined : state;
}

/**
 * A licence the applicant offers in place of a material: theirs and usable now, or why not. The caller
 * has decided the holder is whom the applicant acts for.
 */
export async function offeredLicence(
  db: Executor,
  licenceId: string,
  holder: { kind: HolderKind; id: string },
  now = new Date(),
): Promise<{ licence: Licence } | { refused: NonNullable<Awaited<ReturnType<typeof licenceUnusable>>> }> {
  const refused = await licenceUnusable(db, licenceId, holder, now);
  if (refused) return { refused };
  return { licence: view((await store.findLicence(db, licenceId)) as LicenceRecord, now) };
}

/** A department's public keys, for integrators who check licences offline (404 for no department). */
export async function departmentPublicKeys(db: Executor, departmentId: string): Promise<SigningKey[]> {
  await getDepartment(db, departmentId);
  return store.listKeys(db, departmentId);
}
