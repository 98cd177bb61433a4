/** For tests of key rotation: values as Tongban made them before keys had ids and purposes. */
import { createCipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/** A `v1.` (AES-256-GCM) or `s1.` (SM4-CTR + HMAC-SM3) value under the raw key, as before key ids. */
export function legacyEncrypt(key: Buffer, plaintext: string, scheme: "v1" | "s1"): string {
  const b64 = (b: Buffer) => b.toString("base64url");
  if (scheme === "v1") {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, nonce);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", b64(nonce), b64(body), b64(cipher.getAuthTag())].join(".");
  }
  const derived = Buffer.from(hkdfSync("sm3", key, Buffer.alloc(0), "tongban field encryption s1", 48));
  const nonce = randomBytes(16);
  const cipher = createCipheriv("sm4-ctr", derived.subarray(0, 16), nonce);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = createHmac("sm3", derived.subarray(16)).update("s1.").update(nonce).update(body).digest();
  return ["s1", b64(nonce), b64(body), b64(tag)].join(".");
}

/** A look-up digest keyed with the raw key, as `blindIndex` made them before subkeys. */
export function legacyBlindIndex(key: Buffer, purpose: string, value: string): string {
  return createHmac("sha256", key).update(`${purpose}\u0000${value}`).digest("base64url");
}
