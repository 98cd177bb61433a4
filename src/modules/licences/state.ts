import { randomBytes } from "node:crypto";
import { canonicalBytes } from "./canonical.ts";
import { verifyBytes } from "./keys.ts";
import type { LicenceRecord } from "./store.ts";

/** Crockford's base32: no I, L, O or U, so a number read aloud or typed from paper is not misread. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ID = /^L[0-9A-HJKMNP-TV-Z]{20}$/;

/**
 * 'L', the province's two digits (base32 characters too) and 18 base32 characters: 90 random bits,
 * unguessable, short enough for a small QR code, and the number alone says which province keeps it.
 */
export function newLicenceId(province: string): string {
  if (!/^\d{2}$/.test(province)) throw new Error(`not a province code: ${province}`);
  let bits = 0n;
  for (const byte of randomBytes(12)) bits = (bits << 8n) | BigInt(byte);
  let id = "";
  for (let i = 0; i < 18; i++) {
    id += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `L${province}${id}`;
}

/**
 * The province a licence number may name: its first two characters, when digits. A number made before
 * numbers named their province (20 random characters) begins with two digits about one time in ten, so
 * a number not found in that province is looked for in every province.
 */
export function provinceOfLicenceId(id: string): string | undefined {
  return /^L\d{2}/.test(id) ? id.slice(1, 3) : undefined;
}

/** Whether the text has the form of a licence number (checked before any query). */
export const isLicenceId = (id: string): boolean => ID.test(id);

export const LICENCE_STATES = ["valid", "revoked", "expired", "not_yet_valid"] as const;
export type LicenceState = (typeof LICENCE_STATES)[number];

/** Where a licence stands at an instant: revocation first, then its period of validity. */
export function stateOf(
  l: Pick<LicenceRecord, "status" | "validFrom" | "validUntil">,
  now: Date,
): LicenceState {
  if (l.status === "revoked") return "revoked";
  if (now < l.validFrom) return "not_yet_valid";
  if (l.validUntil && now >= l.validUntil) return "expired";
  return "valid";
}

/**
 * Whether the stored signature verifies, with the key of the department that issued the licence, over
 * the bytes rebuilt from the stored row: any field changed in the database since it was signed, or a
 * signature or key swapped in, makes it false.
 */
export function isGenuine(l: LicenceRecord): boolean {
  if (l.keyDepartmentId !== l.department.id) return false;
  const bytes = canonicalBytes({
    id: l.id,
    type: l.type,
    title: l.title,
    caseId: l.caseId,
    regionCode: l.regionCode,
    departmentId: l.department.id,
    holder: l.holder,
    fields: l.fields,
    issuedAt: l.issuedAt,
    validFrom: l.validFrom,
    validUntil: l.validUntil,
    keyId: l.keyId,
  });
  return verifyBytes(l.keyAlgorithm, l.publicKey, bytes, l.signature);
}

/**
 * A person's name as the public sees it: the first character and, from three characters on, the last,
 * the rest starred (张* for 张三, 张*丰 for 张三丰, 欧**锋 for 欧阳小锋). Organisations' names are public.
 */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars.at(-1)}`;
}
