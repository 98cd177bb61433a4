import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, inProvince, provinceOf } from "../../platform/db/distribution.ts";
import type { SigningAlgorithm, StoredKey } from "./keys.ts";
import { provinceOfLicenceId } from "./state.ts";
import type { BilingualText, HolderKind, LicenceField, LicenceStatus } from "./tables.ts";

export interface SigningKey {
  id: string;
  departmentId: string;
  algorithm: SigningAlgorithm;
  publicKey: string;
  createdAt: Date;
  retiredAt: Date | null;
}

export interface LicenceRecord {
  id: string;
  type: string;
  title: BilingualText;
  caseId: string | null;
  regionCode: string;
  department: { id: string; name: string; nameEn: string };
  holder: { kind: HolderKind; id: string; name: string; identifierMasked: string | null };
  fields: LicenceField[];
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  status: LicenceStatus;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
  keyId: string;
  signature: string;
  /** The key named by keyId: its algorithm, its public half, and the department it belongs to. */
  keyAlgorithm: SigningAlgorithm;
  publicKey: string;
  keyDepartmentId: string;
}

export interface NewLicence
  extends Omit<
    LicenceRecord,
    | "department"
    | "status"
    | "revokedAt"
    | "revokedBy"
    | "revokeReason"
    | "keyAlgorithm"
    | "publicKey"
    | "keyDepartmentId"
  > {
  departmentId: string;
}

/** The department's key in use, with its encrypted private half. */
export async function findActiveKey(
  db: Executor,
  departmentId: string,
): Promise<(StoredKey & { id: string }) | undefined> {
  const row = await db
    .selectFrom("department_signing_keys")
    .select(["id", "algorithm", "public_key", "private_key_enc"])
    .where("department_id", "=", departmentId)
    .where("retired_at", "is", null)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      algorithm: row.algorithm,
      publicKey: row.public_key,
      privateKeyEnc: row.private_key_enc,
    }
  );
}

/** Retires a key: it signs no more, and the licences it signed are still checked against it. */
export async function retireKey(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .updateTable("department_signing_keys")
    .set({ retired_at: at })
    .where("id", "=", id)
    .where("retired_at", "is", null)
    .execute();
}

/** Adds a key in use unless the department has one already (another issuance made it first). */
export async function insertKeyIfNone(
  db: Executor,
  key: StoredKey & { departmentId: string },
): Promise<void> {
  await db
    .insertInto("department_signing_keys")
    .values({
      department_id: key.departmentId,
      algorithm: key.algorithm,
      public_key: key.publicKey,
      private_key_enc: key.privateKeyEnc,
    })
    .onConflict((oc) => oc.column("department_id").where("retired_at", "is", null).doNothing())
    .execute();
}

/** Every key the department has had, newest first. */
export async function listKeys(db: Executor, departmentId: string): Promise<SigningKey[]> {
  const rows = await db
    .selectFrom("department_signing_keys")
    .select(["id", "department_id", "algorithm", "public_key", "created_at", "retired_at"])
    .where("department_id", "=", departmentId)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    departmentId: r.department_id,
    algorithm: r.algorithm,
    publicKey: r.public_key,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
  }));
}

export async function insertLicence(db: Executor, l: NewLicence): Promise<void> {
  await db
    .insertInto("licences")
    .values({
      id: l.id,
      type: l.type,
      title: JSON.stringify(l.title),
      case_id: l.caseId,
      province_code: provinceOf(l.regionCode),
      region_code: l.regionCode,
      department_id: l.departmentId,
      holder_kind: l.holder.kind,
      holder_id: l.holder.id,
      holder_name: l.holder.name,
      holder_identifier_masked: l.holder.identifierMasked,
      data: JSON.stringify(l.fields),
      issued_at: l.issuedAt,
      valid_from: l.validFrom,
      valid_until: l.validUntil,
      key_id: l.keyId,
      signature: l.signature,
    })
    .execute();
}

function licences(db: Executor) {
  return db
    .selectFrom("licences as l")
    .innerJoin("departments as d", "d.id", "l.department_id")
    .innerJoin("department_signing_keys as k", "k.id", "l.key_id")
    .selectAll("l")
    .select([
      "d.name as department_name",
      "d.name_en as department_name_en",
      "k.algorithm as key_algorithm",
      "k.public_key",
      "k.department_id as key_department_id",
    ]);
}

type Selected = Awaited<ReturnType<ReturnType<typeof licences>["executeTakeFirstOrThrow"]>>;

function toRecord(r: Selected): LicenceRecord {
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    caseId: r.case_id,
    regionCode: r.region_code,
    department: { id: r.department_id, name: r.department_name, nameEn: r.department_name_en },
    holder: {
      kind: r.holder_kind,
      id: r.holder_id,
      name: r.holder_name,
      identifierMasked: r.holder_identifier_masked,
    },
    fields: r.data,
    issuedAt: r.issued_at,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    status: r.status,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    revokeReason: r.revoke_reason,
    keyId: r.key_id,
    signature: r.signature,
    keyAlgorithm: r.key_algorithm,
    publicKey: r.public_key,
    keyDepartmentId: r.key_department_id,
  };
}

/** A licence by its number, which names its province (one made before may not: see provinceOfLicenceId). */
export async function findLicence(db: Executor, id: string): Promise<LicenceRecord | undefined> {
  const province = provinceOfLicenceId(id);
  const row = await licences(db)
    .where("l.id", "=", id)
    .$call(inProvince(province, "l.province_code"))
    .executeTakeFirst();
  if (row || province === undefined) return row && toRecord(row);
  const old = await licences(db)
    .modifyFront(allProvinces("a licence numbered before its number named its province"))
    .where("l.id", "=", id)
    .executeTakeFirst();
  return old && toRecord(old);
}

/** The licences of these holders, newest first, in the provinces where the holders have rows. */
export async function licencesOf(
  db: Executor,
  holders: { kind: HolderKind; id: string }[],
  provinces: readonly string[],
): Promise<LicenceRecord[]> {
  if (holders.length === 0 || provinces.length === 0) return [];
  const rows = await licences(db)
    .where("l.province_code", "in", provinces)
    .where((eb) =>
      eb.or(holders.map((h) => eb.and([eb("l.holder_kind", "=", h.kind), eb("l.holder_id", "=", h.id)]))),
    )
    .orderBy("l.issued_at", "desc")
    .orderBy("l.id")
    .execute();
  return rows.map(toRecord);
}

/**
 * A holder's licences of one type in force at `now` (valid status, within their period), newest first:
 * a few, so that one whose record was tampered with can be passed over for the next.
 */
export async function usableLicences(
  db: Executor,
  holder: { kind: HolderKind; id: string },
  provinces: readonly string[],
  type: string,
  now: Date,
): Promise<LicenceRecord[]> {
  if (provinces.length === 0) return [];
  const rows = await licences(db)
    .where("l.province_code", "in", provinces)
    .where("l.holder_kind", "=", holder.kind)
    .where("l.holder_id", "=", holder.id)
    .where("l.type", "=", type)
    .where("l.status", "=", "valid")
    .where("l.valid_from", "<=", now)
    .where((eb) => eb.or([eb("l.valid_until", "is", null), eb("l.valid_until", ">", now)]))
    .orderBy("l.issued_at", "desc")
    .orderBy("l.id", "desc")
    .limit(5)
    .execute();
  return rows.map(toRecord);
}

/** Marks a valid licence revoked; false when it was revoked already (by someone else just now, too). */
export async function markRevoked(
  db: Executor,
  province: string,
  id: string,
  revocation: { at: Date; by: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable("licences")
    .set({
      status: "revoked",
      revoked_at: revocation.at,
      revoked_by: revocation.by,
      revoke_reason: revocation.reason,
    })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .where("status", "=", "valid")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
