import { createHmac, hkdfSync } from "node:crypto";

/**
 * PERSONAL_DATA_KEY and the keys it replaced (PERSONAL_DATA_KEYS_RETIRED), and the subkeys derived from
 * each for one purpose apiece (HKDF), so that no two uses share key material: encrypting a value, keying
 * a look-up digest, signing a link or code given to a person. New values are made under the current key
 * alone; a retired key only opens and checks what was made under it, until `tongban keys rotate` has
 * made everything again under the current key (docs/operations.md, "Key lifecycle").
 *
 * Values made before subkeys existed (`v1.`/`s1.` encryption, digests and links keyed with the raw key)
 * are still read: under the current key's raw bytes, then each retired key's.
 */
export type KeyUse =
  /** AES-256-GCM of `v2.` values. */
  | "field encryption v2"
  /** Look-up digests: an ID number's blind index, a case's progress look-up, a consent code's hash. */
  | "look-up digests"
  /** What people are given and bring back: short links, rating links, intake passes. */
  | "links and codes"
  /** The file store's sealed files: uploaded materials, signatures, attachments (sealing.ts). */
  | "files"
  /** A backup's sealed database dump (sealing.ts; its files stay sealed under "files"). */
  | "backups";

const derived = new WeakMap<Buffer, Map<string, Buffer>>();

function derive(key: Buffer, hash: "sha256" | "sm3", info: string, length: number): Buffer {
  let known = derived.get(key);
  if (!known) {
    known = new Map();
    derived.set(key, known);
  }
  const name = `${hash}\u0000${info}\u0000${length}`;
  let subkey = known.get(name);
  if (!subkey) {
    subkey = Buffer.from(hkdfSync(hash, key, Buffer.alloc(0), info, length));
    known.set(name, subkey);
  }
  return subkey;
}

/** The 32-byte subkey of `key` for one use. */
export const subkey = (key: Buffer, use: KeyUse): Buffer => derive(key, "sha256", `tongban ${use}`, 32);

/** The 32-byte subkey of `key` for one use, derived with HKDF-SM3: the national suite's sealed files. */
export const sm3Subkey = (key: Buffer, use: KeyUse): Buffer => derive(key, "sm3", `tongban ${use}`, 32);

/** SM4's key and its MAC's for `s2.` values, derived with HKDF-SM3 as the national suite asks. */
export function sm4Subkeys(key: Buffer): { cipher: Buffer; mac: Buffer } {
  const both = derive(key, "sm3", "tongban field encryption s2", 48);
  return { cipher: both.subarray(0, 16), mac: both.subarray(16) };
}

/**
 * A key's id: 8 base64url characters derived from the key (48 bits, HKDF), written into every value
 * encrypted under it so the value names the key that opens it. It tells nothing of the key itself.
 */
export function keyId(key: Buffer): string {
  return derive(key, "sha256", "tongban key id", 6).toString("base64url");
}

/** Retired keys by the id of the current key they were retired for. */
const retiredFor = new Map<string, readonly Buffer[]>();

/**
 * Set at start-up from PERSONAL_DATA_KEYS_RETIRED: the keys that still open and check what was made
 * under them, beside `current`. Kept per current key, so that servers (and tests) with keys of their
 * own in one process never open each other's values.
 */
export function setRetiredKeys(current: Buffer, retired: readonly Buffer[]): void {
  retiredFor.set(keyId(current), [...retired]);
}

export function retiredKeys(current: Buffer): readonly Buffer[] {
  return retiredFor.get(keyId(current)) ?? [];
}

/** One key a digest or a MAC may have been made with, and how. */
export interface Candidate {
  key: Buffer;
  /** The current key (or a retired one). */
  current: boolean;
  /** Keyed with the raw key, as before subkeys. */
  legacy: boolean;
}

/** What a digest or MAC may have been keyed with: the current key's subkey first, then the older ways. */
export function candidates(current: Buffer): Candidate[] {
  return [current, ...retiredKeys(current)].flatMap((key) => [
    { key, current: key === current, legacy: false },
    { key, current: key === current, legacy: true },
  ]);
}

/** HMAC-SHA-256 of `purpose`, NUL, `value`: under the subkey for `use`, or the raw key when `legacy`. */
export function keyedDigest(
  candidate: Pick<Candidate, "key" | "legacy">,
  use: KeyUse,
  purpose: string,
  value: string,
): Buffer {
  const key = candidate.legacy ? candidate.key : subkey(candidate.key, use);
  return createHmac("sha256", key).update(`${purpose}\u0000${value}`).digest();
}
