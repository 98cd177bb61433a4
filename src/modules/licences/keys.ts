import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { decrypt, encrypt } from "../../platform/crypto.ts";

/**
 * Ed25519 keys of departments (node:crypto). The public key is published as base64 of its raw 32 bytes
 * (RFC 8032), which any Ed25519 library takes; the private key is kept as PKCS #8, encrypted with
 * PERSONAL_DATA_KEY (AES-256-GCM), and decrypted only to sign.
 */
export interface NewKeyPair {
  publicKey: string;
  privateKeyEnc: string;
}

export function generateSigningKey(personalDataKey: Buffer): NewKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
  return { publicKey: raw.toString("base64"), privateKeyEnc: encrypt(personalDataKey, pkcs8) };
}

/** The Ed25519 signature of the bytes, base64. */
export function signBytes(personalDataKey: Buffer, privateKeyEnc: string, bytes: Uint8Array): string {
  const key = createPrivateKey({
    key: Buffer.from(decrypt(personalDataKey, privateKeyEnc), "base64"),
    format: "der",
    type: "pkcs8",
  });
  return sign(null, bytes, key).toString("base64");
}

/** Whether the signature (base64) over the bytes verifies with the raw public key (base64); never throws. */
export function verifyBytes(publicKey: string, bytes: Uint8Array, signature: string): boolean {
  try {
    const raw = Buffer.from(publicKey, "base64");
    if (raw.length !== 32) return false;
    const key = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") },
      format: "jwk",
    });
    return verify(null, bytes, key, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
