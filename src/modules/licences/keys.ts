import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { sm2 } from "sm-crypto-v2";
import { cryptoSuite, decrypt, encrypt } from "../../platform/crypto.ts";

/**
 * Departments' signing keys, by the suite in use (CRYPTO_SUITE):
 * - Ed25519 (node:crypto): the public key published as base64 of its raw 32 bytes (RFC 8032), the
 *   private key kept as PKCS #8; a signature is 64 bytes.
 * - SM2 (GB/T 32918) with SM3 and the default signer identity `1234567812345678` (GB/T 35276): the
 *   public key published as base64 of the 65-byte uncompressed point (04 ‖ x ‖ y), the private key kept
 *   as its 32 bytes in hex; a signature is r ‖ s, 64 bytes. Node's OpenSSL signs with an SM2 key only
 *   as ECDSA (it cannot select the SM2 scheme), so sm-crypto-v2 does it: on noble's curve arithmetic it
 *   is a hundred times faster than sm-crypto, whose signatures it matches (national.test.ts).
 * Either private key is stored encrypted with PERSONAL_DATA_KEY and decrypted only to sign.
 */
export type SigningAlgorithm = "Ed25519" | "SM2";
export const SIGNING_ALGORITHMS = ["Ed25519", "SM2"] as const;

/** The algorithm new keys are made for: the configured suite's. */
export const signingAlgorithm = (): SigningAlgorithm => (cryptoSuite() === "national" ? "SM2" : "Ed25519");

export interface NewKeyPair {
  algorithm: SigningAlgorithm;
  publicKey: string;
  privateKeyEnc: string;
}

/** A key as stored, enough to sign with. */
export interface StoredKey {
  algorithm: SigningAlgorithm;
  publicKey: string;
  privateKeyEnc: string;
}

export function generateSigningKey(
  personalDataKey: Buffer,
  algorithm: SigningAlgorithm = signingAlgorithm(),
): NewKeyPair {
  if (algorithm === "SM2") {
    const pair = sm2.generateKeyPairHex();
    return {
      algorithm,
      publicKey: Buffer.from(pair.publicKey, "hex").toString("base64"),
      privateKeyEnc: encrypt(personalDataKey, pair.privateKey),
    };
  }
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
  return { algorithm, publicKey: raw.toString("base64"), privateKeyEnc: encrypt(personalDataKey, pkcs8) };
}

/** The key's signature of the bytes, base64. */
export function signBytes(personalDataKey: Buffer, key: StoredKey, bytes: Uint8Array): string {
  const secret = decrypt(personalDataKey, key.privateKeyEnc);
  if (key.algorithm === "SM2") {
    // The public key given saves deriving it from the private one (a point multiplication) per signature.
    const signature = sm2.doSignature(bytes, secret, {
      hash: true,
      publicKey: Buffer.from(key.publicKey, "base64").toString("hex"),
    });
    return Buffer.from(signature, "hex").toString("base64");
  }
  const privateKey = createPrivateKey({ key: Buffer.from(secret, "base64"), format: "der", type: "pkcs8" });
  return sign(null, bytes, privateKey).toString("base64");
}

/** Whether the signature (base64) over the bytes verifies with the public key (base64); never throws. */
export function verifyBytes(
  algorithm: SigningAlgorithm,
  publicKey: string,
  bytes: Uint8Array,
  signature: string,
): boolean {
  try {
    const raw = Buffer.from(publicKey, "base64");
    const sig = Buffer.from(signature, "base64");
    if (algorithm === "SM2") {
      if (raw.length !== 65 || raw[0] !== 4 || sig.length !== 64) return false;
      return sm2.doVerifySignature(bytes, sig.toString("hex"), sm2Point(raw.toString("hex")), { hash: true });
    }
    if (raw.length !== 32) return false;
    const key = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") },
      format: "jwk",
    });
    return verify(null, bytes, key, sig);
  } catch {
    return false;
  }
}

/**
 * A public key made ready for verifying (a table of its multiples): three times faster per check, and
 * the same few departments' keys check every scanned licence. Kept for the keys seen last.
 */
const points = new Map<string, ReturnType<typeof sm2.precomputePublicKey>>();
const POINTS_KEPT = 256;

function sm2Point(publicKeyHex: string): ReturnType<typeof sm2.precomputePublicKey> {
  let point = points.get(publicKeyHex);
  if (point) {
    points.delete(publicKeyHex);
  } else {
    point = sm2.precomputePublicKey(publicKeyHex);
    if (points.size >= POINTS_KEPT) points.delete(points.keys().next().value as string);
  }
  points.set(publicKeyHex, point);
  return point;
}
