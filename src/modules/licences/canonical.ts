import type { BilingualText, HolderKind, LicenceField } from "./tables.ts";

/**
 * What a department's signature covers: every field of the licence as issued. Its status (revoked or
 * not) is not signed: a revocation is a later fact, looked up in the library.
 *
 * The signed bytes are the UTF-8 encoding of this object as canonical JSON: keys sorted, no whitespace,
 * strings escaped as JSON.stringify does (only `"`, `\`, and control characters), arrays in order,
 * instants as ISO 8601 in UTC with milliseconds (2026-11-27T06:05:00.000Z), absent values as null. As
 * the object holds no numbers, this is exactly the JSON Canonicalization Scheme (RFC 8785), so any JCS
 * library rebuilds the same bytes:
 *
 *   { "caseId", "departmentId", "fields": [{ "label": { "en", "zh" }, "value" }], "format":
 *     "tongban.licence.v1", "holder": { "id", "identifierMasked", "kind", "name" }, "id", "issuedAt",
 *     "keyId", "regionCode", "title": { "en", "zh" }, "type", "validFrom", "validUntil" }
 *
 * docs/licence-verification.md tells integrators how to check a licence offline with it.
 */
export const CANONICAL_FORMAT = "tongban.licence.v1";

export interface SignedContent {
  id: string;
  type: string;
  title: BilingualText;
  caseId: string | null;
  regionCode: string;
  departmentId: string;
  holder: { kind: HolderKind; id: string; name: string; identifierMasked: string | null };
  fields: LicenceField[];
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  keyId: string;
}

type Json = string | null | Json[] | { [key: string]: Json };

/** Canonical JSON of a value without numbers (see above). */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Json)}`).join(",")}}`;
}

/** The object that is signed, as plain JSON values. */
export function signedObject(c: SignedContent): Json {
  return {
    format: CANONICAL_FORMAT,
    id: c.id,
    type: c.type,
    title: { zh: c.title.zh, en: c.title.en },
    caseId: c.caseId,
    regionCode: c.regionCode,
    departmentId: c.departmentId,
    holder: {
      kind: c.holder.kind,
      id: c.holder.id,
      name: c.holder.name,
      identifierMasked: c.holder.identifierMasked,
    },
    fields: c.fields.map((f) => ({ label: { zh: f.label.zh, en: f.label.en }, value: f.value })),
    issuedAt: c.issuedAt.toISOString(),
    validFrom: c.validFrom.toISOString(),
    validUntil: c.validUntil?.toISOString() ?? null,
    keyId: c.keyId,
  };
}

/** The bytes the department signs and a verifier rebuilds. */
export function canonicalBytes(c: SignedContent): Uint8Array {
  return new TextEncoder().encode(canonicalJson(signedObject(c)));
}
