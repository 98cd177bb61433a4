import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

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

/**
 * Field encryption for personal data at rest, with a fresh nonce per value, stored as
 * `<scheme>.<nonce>.<ciphertext>.<tag>` in base64url:
 * - `v1`: AES-256-GCM, 96-bit nonce;
 * - `s1`: SM4-CTR with a 128-bit counter block, then HMAC-SM3 over the scheme, nonce and ciphertext
 *   (encrypt-then-MAC; this OpenSSL has no SM4-GCM). Its two keys are derived from the one key with
 *   HKDF-SM3, so PERSONAL_DATA_KEY serves both suites.
 * A value changed in the database fails authentication, it never decrypts to something else.
 */
export function encrypt(key: Buffer, plaintext: string): string {
  return suite === "national" ? encryptSm4(key, plaintext) : encryptAes(key, plaintext);
}

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

export function decrypt(key: Buffer, stored: string): string {
  const [scheme, nonce, body, tag, extra] = stored.split(".");
  if (!nonce || body === undefined || !tag || extra !== undefined) {
    throw new DecryptionError("not a value this version of Tongban encrypted");
  }
  const parts = {
    nonce: Buffer.from(nonce, "base64url"),
    body: Buffer.from(body, "base64url"),
    tag: Buffer.from(tag, "base64url"),
  };
  if (scheme === AES_GCM) return decryptAes(key, parts);
  if (scheme === SM4_CTR_HMAC_SM3) return decryptSm4(key, parts);
  throw new DecryptionError("not a value this version of Tongban encrypted");
}

interface Sealed {
  nonce: Buffer;
  body: Buffer;
  tag: Buffer;
}

const joined = (scheme: string, s: Sealed) =>
  [scheme, s.nonce.toString("base64url"), s.body.toString("base64url"), s.tag.toString("base64url")].join(
    ".",
  );

const WRONG_KEY = "the value was changed, or PERSONAL_DATA_KEY is not the key it was encrypted with";

function encryptAes(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return joined(AES_GCM, { nonce, body, tag: cipher.getAuthTag() });
}

function decryptAes(key: Buffer, s: Sealed): string {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, s.nonce);
    decipher.setAuthTag(s.tag);
    return Buffer.concat([decipher.update(s.body), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError(WRONG_KEY);
  }
}

const derivedKeys = new WeakMap<Buffer, { cipher: Buffer; mac: Buffer }>();

/** SM4's key and the MAC's, derived apart so that neither use weakens the other. */
function sm4Keys(key: Buffer): { cipher: Buffer; mac: Buffer } {
  let keys = derivedKeys.get(key);
  if (!keys) {
    const derived = Buffer.from(hkdfSync("sm3", key, Buffer.alloc(0), "tongban field encryption s1", 48));
    keys = { cipher: derived.subarray(0, 16), mac: derived.subarray(16) };
    derivedKeys.set(key, keys);
  }
  return keys;
}

function sm4Tag(macKey: Buffer, nonce: Buffer, body: Buffer): Buffer {
  return createHmac("sm3", macKey).update(`${SM4_CTR_HMAC_SM3}.`).update(nonce).update(body).digest();
}

function encryptSm4(key: Buffer, plaintext: string): string {
  const keys = sm4Keys(key);
  const nonce = randomBytes(16);
  const cipher = createCipheriv("sm4-ctr", keys.cipher, nonce);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return joined(SM4_CTR_HMAC_SM3, { nonce, body, tag: sm4Tag(keys.mac, nonce, body) });
}

function decryptSm4(key: Buffer, s: Sealed): string {
  const keys = sm4Keys(key);
  const expected = sm4Tag(keys.mac, s.nonce, s.body);
  if (s.nonce.length !== 16 || s.tag.length !== expected.length || !timingSafeEqual(s.tag, expected)) {
    throw new DecryptionError(WRONG_KEY);
  }
  const decipher = createDecipheriv("sm4-ctr", keys.cipher, s.nonce);
  return Buffer.concat([decipher.update(s.body), decipher.final()]).toString("utf8");
}

/**
 * A keyed digest for finding and de-duplicating an encrypted value (an ID number) without decrypting
 * every row: equal inputs give equal digests, and without the key a digest reveals nothing. It stays
 * HMAC-SHA-256 under either suite: it is a look-up key stored beside rows already made, and a digest
 * that changed with the suite would no longer find them.
 */
export function blindIndex(key: Buffer, purpose: string, value: string): string {
  return createHmac("sha256", key).update(`${purpose}\u0000${value}`).digest("base64url");
}
