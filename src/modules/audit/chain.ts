import { hash } from "node:crypto";
import { cryptoSuite } from "../../platform/crypto.ts";

/**
 * How an audit entry is hashed: the one definition the writer, `tongban audit verify` and anyone checking
 * the chain with their own tools share.
 *
 * The canonical text of an entry is JSON.stringify of an array of sixteen strings (or nulls):
 *
 *   ["tongban.audit.v1", seq, at, actor_kind, actor_id, on_behalf_of, action, subject_kind, subject_id,
 *    person_id, case_id, region_code, purpose, request_id, details, prev_hash]
 *
 * - `seq` is the entry number in decimal; `at` the instant in whole microseconds since
 *   1970-01-01T00:00:00Z, in decimal (timestamptz keeps microseconds: any change to the time shows);
 * - the text fields as stored, `null` when absent;
 * - `details` is the details' text as PostgreSQL prints jsonb (`details::text`), as a string: its
 *   canonical form, equal for equal values whatever order or spacing they were written in (object keys
 *   sorted, shorter keys first, then bytewise; `": "` and `", "` between members; numbers as given);
 * - `prev_hash` is the previous entry's hash; the first entry's is GENESIS_HASH.
 *
 * An entry's hash is the lowercase hex SHA-256 of the UTF-8 bytes of that text or, written under the
 * national suite (CRYPTO_SUITE=national), `sm3:` and the lowercase hex SM3 of them: each entry names its
 * algorithm, so a chain begun under one suite and continued under the other verifies whole. Being a
 * JSON array, the text is unambiguous: no two different entries share it.
 *
 * The same text comes out of PostgreSQL's `array_to_json(array[…]::text[])`: its string escaping is
 * JSON.stringify's (both escape `"`, `\\` and the control characters below U+0020, these as lowercase
 * \u00xx, and nothing else; lone surrogates, which JSON.stringify would escape, cannot be stored). The
 * writer and verify both let the database render and hash it (store.ts, entryHashSql): appending is one
 * statement and verifying never moves the entries to the process; the tests hold the two renderings to
 * the same text, character by character. Were PostgreSQL ever to print jsonb
 * or JSON strings differently, verify would report entries as changed; it could not pass a changed one,
 * since the rendering stays one-to-one.
 */
export const CANONICAL_TAG = "tongban.audit.v1";

/** The prev_hash of entry 1, and the head's hash while the trail is empty. */
export const GENESIS_HASH = "0".repeat(64);

/** The fields an entry's hash covers, each as text. */
export interface CanonicalFields {
  seq: string;
  /** Microseconds since the epoch, in decimal. */
  atMicros: string;
  actorKind: string;
  actorId: string | null;
  onBehalfOf: string | null;
  action: string;
  subjectKind: string | null;
  subjectId: string | null;
  personId: string | null;
  caseId: string | null;
  regionCode: string | null;
  purpose: string | null;
  requestId: string | null;
  /** The details as PostgreSQL prints them as jsonb. */
  details: string;
  prevHash: string;
}

export function canonicalText(f: CanonicalFields): string {
  return JSON.stringify([
    CANONICAL_TAG,
    f.seq,
    f.atMicros,
    f.actorKind,
    f.actorId,
    f.onBehalfOf,
    f.action,
    f.subjectKind,
    f.subjectId,
    f.personId,
    f.caseId,
    f.regionCode,
    f.purpose,
    f.requestId,
    f.details,
    f.prevHash,
  ]);
}

export function sha256Hex(value: string): string {
  return hash("sha256", value, "hex");
}

export type ChainAlgorithm = "sha256" | "sm3";

/** What an SM3 hash begins with; a SHA-256 hash is bare hex, as every entry made before SM3 was. */
export const SM3_PREFIX = "sm3:";

/** The algorithm new entries are hashed with: the configured suite's. */
export const chainAlgorithm = (): ChainAlgorithm => (cryptoSuite() === "national" ? "sm3" : "sha256");

/** The algorithm a stored hash was made with. */
export const algorithmOf = (stored: string): ChainAlgorithm =>
  stored.startsWith(SM3_PREFIX) ? "sm3" : "sha256";

/** The hash of an entry's canonical text by the algorithm, written as stored. */
export function hashText(text: string, algorithm: ChainAlgorithm): string {
  return algorithm === "sm3" ? `${SM3_PREFIX}${hash("sm3", text, "hex")}` : sha256Hex(text);
}

export function entryHash(fields: CanonicalFields, algorithm: ChainAlgorithm = chainAlgorithm()): string {
  return hashText(canonicalText(fields), algorithm);
}

/**
 * The details as JSON text for the database to store and print back (as jsonb, in its canonical form).
 * Dates become ISO strings and undefined members go, as JSON.stringify has it.
 */
export function detailsJson(details: Record<string, unknown> | undefined): string {
  if (details === undefined) return "{}";
  return JSON.stringify(details, (_key, value) => (typeof value === "string" ? wellFormed(value) : value));
}

/**
 * Text as the database keeps it: a lone surrogate (half of a UTF-16 pair) cannot be stored in UTF-8 and
 * would come back as U+FFFD, so it is replaced before hashing, not after.
 */
export function wellFormed(value: string): string {
  return value.replace(/\p{Cs}/gu, "\uFFFD");
}
