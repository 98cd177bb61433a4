import type { Executor } from "../../platform/db/database.ts";
import type { ConsentMethod, MandateConsentCodeRow } from "./tables.ts";

/** One side of a mandate, as the other side and lists show it. */
export interface Party {
  id: string;
  name: string;
  idNumberMasked: string;
}

export interface MandateRecord {
  id: string;
  principal: Party;
  agent: Party;
  /** The principal's address region: where supervisors see the mandate's audit entries. */
  principalRegionCode: string | null;
  services: string[] | null;
  validFrom: Date;
  validUntil: Date;
  consentMethod: ConsentMethod;
  requestedBy: string;
  consentedAt: Date | null;
  voidedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  createdAt: Date;
  codeSentTo: string | null;
  codeExpiresAt: Date | null;
}

export interface ActionRecord {
  mandateId: string;
  action: string;
  subjectKind: string | null;
  subjectId: string | null;
  at: Date;
}

// Names and masked ID numbers are read from the persons table of the applicants module: a read-only
// join for display, as a list of mandates needs one row per mandate.
function mandates(db: Executor) {
  return db
    .selectFrom("mandates as m")
    .innerJoin("persons as p", "p.id", "m.principal_id")
    .innerJoin("persons as a", "a.id", "m.agent_id")
    .leftJoin("mandate_consent_codes as c", "c.mandate_id", "m.id")
    .select([
      "m.id",
      "m.principal_id",
      "p.name as principal_name",
      "p.id_number_masked as principal_id_masked",
      "p.address_region_code as principal_region_code",
      "m.agent_id",
      "a.name as agent_name",
      "a.id_number_masked as agent_id_masked",
      "m.services",
      "m.valid_from",
      "m.valid_until",
      "m.consent_method",
      "m.requested_by",
      "m.consented_at",
      "m.voided_at",
      "m.revoked_at",
      "m.revoked_by",
      "m.created_at",
      "c.sent_to",
      "c.expires_at as code_expires_at",
    ]);
}

type Selection = Awaited<ReturnType<ReturnType<typeof mandates>["executeTakeFirstOrThrow"]>>;

function toRecord(row: Selection): MandateRecord {
  return {
    id: row.id,
    principal: { id: row.principal_id, name: row.principal_name, idNumberMasked: row.principal_id_masked },
    agent: { id: row.agent_id, name: row.agent_name, idNumberMasked: row.agent_id_masked },
    principalRegionCode: row.principal_region_code,
    services: row.services,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    consentMethod: row.consent_method,
    requestedBy: row.requested_by,
    consentedAt: row.consented_at,
    voidedAt: row.voided_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    createdAt: row.created_at,
    codeSentTo: row.sent_to,
    codeExpiresAt: row.code_expires_at,
  };
}

export interface NewMandate {
  principalId: string;
  agentId: string;
  services: string[] | null;
  validFrom: Date;
  validUntil: Date;
  consentMethod: ConsentMethod;
  requestedBy: string;
  consentedAt: Date | null;
  /** A signature's stored image (consent "signature"). */
  consentSignature?: string | undefined;
  createdAt: Date;
}

export async function insertMandate(db: Executor, mandate: NewMandate): Promise<string> {
  const row = await db
    .insertInto("mandates")
    .values({
      principal_id: mandate.principalId,
      agent_id: mandate.agentId,
      services: mandate.services,
      valid_from: mandate.validFrom,
      valid_until: mandate.validUntil,
      consent_method: mandate.consentMethod,
      requested_by: mandate.requestedBy,
      consented_at: mandate.consentedAt,
      consent_signature: mandate.consentSignature ?? null,
      created_at: mandate.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * One mandate. Inside a transaction, `lock` holds it (FOR SHARE) until the transaction ends, so a
 * revocation committing meanwhile waits, and an act under the mandate never outlives it.
 */
export async function findMandate(
  db: Executor,
  id: string,
  lock = false,
): Promise<MandateRecord | undefined> {
  if (lock) await db.selectFrom("mandates").select("id").where("id", "=", id).forShare().execute();
  const row = await mandates(db).where("m.id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Every mandate from a principal to an agent, newest first; `lock` as for findMandate. */
export async function mandatesBetween(
  db: Executor,
  agentId: string,
  principalId: string,
  lock = false,
): Promise<MandateRecord[]> {
  if (lock) {
    await db
      .selectFrom("mandates")
      .select("id")
      .where("agent_id", "=", agentId)
      .where("principal_id", "=", principalId)
      .forShare()
      .execute();
  }
  const rows = await mandates(db)
    .where("m.agent_id", "=", agentId)
    .where("m.principal_id", "=", principalId)
    .orderBy("m.created_at", "desc")
    .orderBy("m.id")
    .execute();
  return rows.map(toRecord);
}

export async function mandatesOf(db: Executor, role: "principal" | "agent", personId: string) {
  const rows = await mandates(db)
    .where(role === "principal" ? "m.principal_id" : "m.agent_id", "=", personId)
    .orderBy("m.created_at", "desc")
    .orderBy("m.id")
    .execute();
  return rows.map(toRecord);
}

/** Everything done under these mandates, newest first. */
export async function actionsOf(db: Executor, mandateIds: string[]): Promise<ActionRecord[]> {
  if (mandateIds.length === 0) return [];
  const rows = await db
    .selectFrom("mandate_actions")
    .select(["mandate_id", "action", "subject_kind", "subject_id", "at"])
    .where("mandate_id", "in", mandateIds)
    .orderBy("at", "desc")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    mandateId: r.mandate_id,
    action: r.action,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    at: r.at,
  }));
}

export async function insertAction(
  db: Executor,
  action: {
    mandateId: string;
    agentId: string;
    principalId: string;
    action: string;
    subjectKind: string | null;
    subjectId: string | null;
    requestId: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto("mandate_actions")
    .values({
      mandate_id: action.mandateId,
      agent_id: action.agentId,
      principal_id: action.principalId,
      action: action.action,
      subject_kind: action.subjectKind,
      subject_id: action.subjectId,
      request_id: action.requestId,
      at: action.at,
    })
    .execute();
}

export async function insertConsentCode(
  db: Executor,
  code: { mandateId: string; codeHash: string; sentTo: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto("mandate_consent_codes")
    .values({
      mandate_id: code.mandateId,
      code_hash: code.codeHash,
      sent_to: code.sentTo,
      created_at: code.createdAt,
      expires_at: code.expiresAt,
    })
    .execute();
}

/** The code of a request, locked until the transaction ends: two tries cannot both be counted as the first. */
export function lockConsentCode(db: Executor, mandateId: string): Promise<MandateConsentCodeRow | undefined> {
  return db
    .selectFrom("mandate_consent_codes")
    .selectAll()
    .where("mandate_id", "=", mandateId)
    .forUpdate()
    .executeTakeFirst();
}

export async function countWrongCode(db: Executor, mandateId: string): Promise<number> {
  const row = await db
    .updateTable("mandate_consent_codes")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("mandate_id", "=", mandateId)
    .returning("attempts")
    .executeTakeFirstOrThrow();
  return row.attempts;
}

export async function useConsentCode(db: Executor, mandateId: string, at: Date): Promise<void> {
  await db
    .updateTable("mandate_consent_codes")
    .set({ used_at: at })
    .where("mandate_id", "=", mandateId)
    .execute();
  await db.updateTable("mandates").set({ consented_at: at }).where("id", "=", mandateId).execute();
}

export async function voidMandate(db: Executor, mandateId: string, at: Date): Promise<void> {
  await db.updateTable("mandates").set({ voided_at: at }).where("id", "=", mandateId).execute();
}

/** Ends a mandate; false when it had already been revoked. */
export async function revokeMandate(db: Executor, id: string, by: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable("mandates")
    .set({ revoked_at: at, revoked_by: by })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** When the codes sent to a principal since `since` were sent, oldest first. */
export async function codesSentTo(db: Executor, principalId: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom("mandates as m")
    .innerJoin("mandate_consent_codes as c", "c.mandate_id", "m.id")
    .select("c.created_at")
    .where("m.principal_id", "=", principalId)
    .where("c.created_at", ">", since)
    .orderBy("c.created_at")
    .execute();
  return rows.map((r) => r.created_at);
}
