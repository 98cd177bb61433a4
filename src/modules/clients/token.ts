import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * An API client's token: `tbc_` + the client's id (hex, no dashes) + `_` + 32 random bytes (base64url).
 * The id lets the server find the one client to check without a lookup by secret, and lets whoever
 * finds a token in a log or a repository tell at once what it is and whose.
 */
const TOKEN = /^tbc_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** Lowercase hex SHA-256 of the secret part: the secret is random and long, so no slow hash is needed. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function newClientToken(clientId: string): { token: string; secretHash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { token: `tbc_${clientId.replaceAll("-", "")}_${secret}`, secretHash: hashSecret(secret) };
}

/** The client id (as a UUID) and the secret of a well-formed token; undefined for anything else. */
export function parseClientToken(token: string): { clientId: string; secret: string } | undefined {
  const match = TOKEN.exec(token);
  if (!match) return undefined;
  const [, hex = "", secret = ""] = match;
  const clientId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { clientId, secret };
}

/** Whether the secret is the one whose hash is kept, in constant time: timing tells nothing of the hash. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), "hex");
  const kept = Buffer.from(secretHash, "hex");
  return given.length === kept.length && timingSafeEqual(given, kept);
}
