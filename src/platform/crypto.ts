import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { candidates, keyedDigest, keyId, retiredKeys, sm4Subkeys, subkey } from "./keyring.ts";

export { keyId, setRetiredKeys } from "./keyring.ts";

/**
 * The algorithms Tongban protects data with (CRYPTO_SUITE): "international" — AES-256-GCM for personal
 * data at rest, SHA-256 for the audit chain, Ed25519 for e-licences — or "national", China's commercial
 * cryptography (GB/T 39786-2021): SM4, SM3 and SM2. Every value says which algorithm made it, so a
 * deployment that changes suite still reads, verifies and decrypts all it made before; only new values
 * take the new suite.
 */
export type CryptoSuite = "international" | "national";
export const CRYPTO_SUITES = ["international", "national"] as const;

let suite: CryptoSuite = "international";

/** Set once at start-up from the configuration (and by tests of either suite). */
export function setCryptoSuite(next: CryptoSuite): void {
  suite = next;
}

export function cryptoSuite(): CryptoSuite {
  return suite;
}

const AES_GCM = "v1";
const SM4_CTR_HMAC_SM3 = "s1";
const AES_GCM_KEYED = "v2";
const SM4_KEYED = "s2";

/**
 * Field encryption for personal data at rest, with a fresh nonce per value, stored as
 * `<scheme>.<key id>.<nonce>.<ciphertext>.<tag>` in base64url (keyring.ts: the key id names the key):
 * - `v2`: AES-256-GCM, 96-bit nonce, under the key's encryption subkey, the scheme and key id
 *   authenticated with it;
 * - `s2`: SM4-CTR with a 128-bit counter block, then HMAC-SM3 over the scheme, key id, nonce and
 *   ciphertext (encrypt-then-MAC; this OpenSSL has no SM4-GCM), both keys derived with HKDF-SM3.
 * `v1` and `s1` are the same without a key id, made before keys rotated (`<scheme>.<nonce>.…`): still
 * read, never written. A value changed in the database fails authentication, it never decrypts to
 * something else.
 */
export function encrypt(key: Buffer, plaintext: string): string {
  return suite === "national" ? encryptSm4(key, plaintext) : encryptAes(key, plaintext);
}

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

export function decrypt(key: Buffer, stored: string): string {
  return unseal(key, stored).plaintext;
}

export interface Unsealed {
  plaintext: string;
  /** The id of the key that opened it. */
  keyId: string;
  /** Made as `encrypt` makes values now: the configured suite's scheme, under the current key. */
  current: boolean;
}

/**
 * Decrypts with whichever key of the ring the value needs (`key` is the current one; the retired ones
 * were set with setRetiredKeys) and says which: what `tongban keys rotate` asks before it re-encrypts.
 */
export function unseal(key: Buffer, stored: string): Unsealed {
  const parts = stored.split(".");
  const [scheme] = parts;
  if ((scheme === AES_GCM_KEYED || scheme === SM4_KEYED) && parts.length === 5) {
    const [, kid = "", ...sealed] = parts;
    const opener = [key, ...retiredKeys(key)].find((k) => keyId(k) === kid);
    if (!opener) {
      throw new DecryptionError(
        `the value was encrypted under key ${kid}, which is neither PERSONAL_DATA_KEY (${keyId(key)}) ` +
          "nor one of PERSONAL_DATA_KEYS_RETIRED",
      );
    }
    const s = sealedOf(sealed);
    const plaintext =
      scheme === AES_GCM_KEYED
        ? decryptAes(subkey(opener, "field encryption v2"), s, `${scheme}.${kid}`)
        : decryptSm4(sm4Subkeys(opener), s, `${scheme}.${kid}.`);
    return { plaintext, keyId: kid, current: opener === key && scheme === currentScheme() };
  }
  if ((scheme === AES_GCM || scheme === SM4_CTR_HMAC_SM3) && parts.length === 4) {
    const s = sealedOf(parts.slice(1));
    for (const k of [key, ...retiredKeys(key)]) {
      try {
        const plaintext =
          scheme === AES_GCM ? decryptAes(k, s) : decryptSm4(sm4Keys(k), s, `${SM4_CTR_HMAC_SM3}.`);
        return { plaintext, keyId: keyId(k), current: false };
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
      }
    }
    throw new DecryptionError(WRONG_KEY);
  }
  throw new DecryptionError("not a value this version of Tongban encrypted");
}

const currentScheme = () => (suite === "national" ? SM4_KEYED : AES_GCM_KEYED);

interface Sealed {
  nonce: Buffer;
  body: Buffer;
  tag: Buffer;
}

function sealedOf([nonce, body, tag]: string[]): Sealed {
  if (!nonce || body === undefined || !tag) {
    throw new DecryptionError("not a value this version of Tongban encrypted");
  }
  return {
    nonce: Buffer.from(nonce, "base64url"),
    body: Buffer.from(body, "base64url"),
    tag: Buffer.from(tag, "base64url"),
  };
}

const joined = (header: string, s: Sealed) =>
  [header, s.nonce.toString("base64url"), s.body.toString("base64url"), s.tag.toString("base64url")].join(
    ".",
  );

const WRONG_KEY =
  "the value was changed, or neither PERSONAL_DATA_KEY nor any of PERSONAL_DATA_KEYS_RETIRED is the key it was encrypted with";

function encryptAes(key: Buffer, plaintext: string): string {
  const header = `${AES_GCM_KEYED}.${keyId(key)}`;
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", subkey(key, "field encryption v2"), nonce);
  cipher.setAAD(Buffer.from(header));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return joined(header, { nonce, body, tag: cipher.getAuthTag() });
}

/** `header` is authenticated with the value (`v2.<key id>`); `v1` values had none. */
function decryptAes(key: Buffer, s: Sealed, header?: string): string {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, s.nonce);
    if (header !== undefined) decipher.setAAD(Buffer.from(header));
    decipher.setAuthTag(s.tag);
    return Buffer.concat([decipher.update(s.body), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError(WRONG_KEY);
  }
}

const s1Keys = new WeakMap<Buffer, { cipher: Buffer; mac: Buffer }>();

/** `s1` values' SM4 key and MAC key, derived apart so that neither use weakens the other. */
function sm4Keys(key: Buffer): { cipher: Buffer; mac: Buffer } {
  let keys = s1Keys.get(key);
  if (!keys) {
    const derived = Buffer.from(hkdfSync("sm3", key, Buffer.alloc(0), "tongban field encryption s1", 48));
    keys = { cipher: derived.subarray(0, 16), mac: derived.subarray(16) };
    s1Keys.set(key, keys);
  }
  return keys;
}

/** The MAC covers `prefix` (`s1.`, or `s2.<key id>.`), the nonce and the ciphertext. */
function sm4Tag(macKey: Buffer, prefix: string, nonce: Buffer, body: Buffer): Buffer {
  return createHmac("sm3", macKey).update(prefix).update(nonce).update(body).digest();
}

function encryptSm4(key: Buffer, plaintext: string): string {
  const header = `${SM4_KEYED}.${keyId(key)}`;
  const keys = sm4Subkeys(key);
  const nonce = randomBytes(16);
  const cipher = createCipheriv("sm4-ctr", keys.cipher, nonce);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return joined(header, { nonce, body, tag: sm4Tag(keys.mac, `${header}.`, nonce, body) });
}

function decryptSm4(keys: { cipher: Buffer; mac: Buffer }, s: Sealed, prefix: string): string {
  const expected = sm4Tag(keys.mac, prefix, s.nonce, s.body);
  if (s.nonce.length !== 16 || s.tag.length !== expected.length || !timingSafeEqual(s.tag, expected)) {
    throw new DecryptionError(WRONG_KEY);
  }
  const decipher = createDecipheriv("sm4-ctr", keys.cipher, s.nonce);
  return Buffer.concat([decipher.update(s.body), decipher.final()]).toString("utf8");
}

/**
 * A keyed digest for finding and de-duplicating an encrypted value (an ID number) without decrypting
 * every row: equal inputs give equal digests, and without the key a digest reveals nothing. Made under
 * the current key's look-up subkey. It stays HMAC-SHA-256 under either suite: a digest that changed
 * with the suite would no longer find the rows made before.
 */
export function blindIndex(key: Buffer, purpose: string, value: string): string {
  return keyedDigest({ key, legacy: false }, "look-up digests", purpose, value).toString("base64url");
}

/**
 * Every digest `value` may be stored under, the current one first: also the raw key's (digests made
 * before subkeys) and the retired keys'. Look-ups search for any of them, so rows `tongban keys rotate`
 * has not reached yet are still found.
 */
export function blindIndexes(key: Buffer, purpose: string, value: string): string[] {
  return candidates(key).map((c) => keyedDigest(c, "look-up digests", purpose, value).toString("base64url"));
}

/** The MAC of something given to a person and brought back (a link, a pass), under the current key. */
export function linkMac(key: Buffer, purpose: string, value: string): Buffer {
  return keyedDigest({ key, legacy: false }, "links and codes", purpose, value);
}

/**
 * The MACs a link or pass given out earlier may carry, the current one first: what it was given under
 * keeps working as long as that key stays in PERSONAL_DATA_KEYS_RETIRED.
 */
export function linkMacs(key: Buffer, purpose: string, value: string): Buffer[] {
  return candidates(key).map((c) => keyedDigest(c, "links and codes", purpose, value));
}

/**
 * Whether `stored` is the digest of `value` under any key of the ring, compared in constant time: how
 * a code given out before a rotation (a consent code, a recovery code) is checked when it comes back.
 */
export function isBlindIndexOf(key: Buffer, purpose: string, value: string, stored: string): boolean {
  const given = Buffer.from(stored);
  return blindIndexes(key, purpose, value).some((digest) => {
    const expected = Buffer.from(digest);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
