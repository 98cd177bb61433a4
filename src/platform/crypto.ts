import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

const VERSION = "v1";

/**
 * Field encryption for personal data at rest: AES-256-GCM with a fresh 96-bit nonce per value,
 * stored as `v1.<nonce>.<ciphertext>.<tag>` in base64url. The version names the scheme, so keys and
 * schemes can be rotated later. A value changed in the database fails authentication, it never
 * decrypts to something else.
 */
export function encrypt(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, nonce, body, cipher.getAuthTag()]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

export function decrypt(key: Buffer, stored: string): string {
  const [version, nonce, body, tag] = stored.split(".");
  if (version !== VERSION || !nonce || body === undefined || !tag) {
    throw new DecryptionError("not a value this version of Tongban encrypted");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new DecryptionError(
      "the value was changed, or PERSONAL_DATA_KEY is not the key it was encrypted with",
    );
  }
}

/**
 * A keyed digest for finding and de-duplicating an encrypted value (an ID number) without decrypting
 * every row: equal inputs give equal digests, and without the key a digest reveals nothing.
 */
export function blindIndex(key: Buffer, purpose: string, value: string): string {
  return createHmac("sha256", key).update(`${purpose}\u0000${value}`).digest("base64url");
}
